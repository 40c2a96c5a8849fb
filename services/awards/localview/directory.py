"""Reading from the local view whose the units, members and campaigns a command names are.

The registry's events are stored under the agency that recorded them (the envelope's
``agency``): a unit's or a member's agency is the agency that entered it, or the one it was
last transferred to (a transfer is recorded in the receiving agency's name); a campaign's is
the agency that launched it.
The service's own award events are left out: they are stored under the agency that recorded
the award, which is what is being checked.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Select, String, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.domain.tenancy import CampaignOwner, Directory, Named, Tenure, takeover_days
from services.awards.localview.consumer import REGISTRY_FACT_TYPES
from services.awards.localview.lineage import merger_rows, mergers_from
from services.awards.localview.tables import facts
from shared.database.together import Rows, Together
from shared.events.vocabulary import AgencyKind, RecipientKind

_LAUNCHED = "CampaignLaunched"
_MEMBER, _UNIT = RecipientKind.MEMBER, RecipientKind.UNIT
_PLACEMENTS = {
    _MEMBER: ("MemberAdded", "MemberTransferred"),
    _UNIT: ("UnitAdded", "UnitTransferred"),
}
"""The events that place a member or a unit in an agency: its entry, then its transfers."""


async def directory_of(
    connection: AsyncConnection,
    writer: str,
    named: Iterable[Named],
    campaign_ids: Iterable[str] = (),
) -> Directory:
    """Whose each named unit and member is, who launched each named campaign (and which of
    them ``writer`` answered), the kinds of the agencies involved, and the agencies whose work
    ``writer`` continues.

    The placements of the named units and members, the agencies' kinds and the mergers are
    read in one statement (:class:`~shared.database.together.Together`): a decision's look-up
    made five before."""
    named = set(named)
    campaigns = await _campaigns(connection, writer, set(campaign_ids))
    agencies = {writer, *(c.agency for c in campaigns.values())}
    member_ids, unit_ids = _ids_of(named, _MEMBER), _ids_of(named, _UNIT)
    read = await _DIRECTORY_READS.read(
        connection,
        {"member_ids": member_ids, "unit_ids": unit_ids, "agencies": sorted(agencies)},
    )
    members, moved_members = await _owners(connection, _MEMBER, member_ids, read["members"])
    units, moved_units = await _owners(connection, _UNIT, unit_ids, read["units"])
    known_mergers = mergers_from(read["mergers"])
    return Directory(
        owners=MappingProxyType(members | units),
        kinds=MappingProxyType({code: AgencyKind(kind) for code, kind in read["kinds"]}),
        campaigns=MappingProxyType(campaigns),
        tenures=MappingProxyType(moved_members | moved_units),
        continued=MappingProxyType(takeover_days(known_mergers, writer)),
        mergers=tuple(known_mergers),
    )


_COLUMNS: Mapping[RecipientKind, ColumnElement[str | None]] = {
    _MEMBER: facts.c.member_id,
    _UNIT: facts.c.unit_id,
}


def _placements(kind: RecipientKind, ids: BindParameter[Any] | Collection[str]) -> Select[Any]:
    """The entries and transfers of the units or members ``ids`` names: (id, agency, first
    day, agency left, version in its stream)."""
    entered, transferred = _PLACEMENTS[kind]
    column, payload = _COLUMNS[kind], facts.c.event["payload"]
    return select(
        column,
        facts.c.agency,
        payload["on"].as_string(),
        payload["from_agency"].as_string(),
        facts.c.stream_version,
    ).where(column.in_(ids), facts.c.event_type.in_((entered, transferred)))


def _kinds(agencies: BindParameter[Any]) -> Select[Any]:
    payload = facts.c.event["payload"]
    return select(payload["agency_code"].as_string(), payload["kind"].as_string()).where(
        facts.c.event_type == "AgencyRegistered", facts.c.agency.in_(agencies)
    )


_DIRECTORY_READS = Together(
    {
        "members": _placements(_MEMBER, bindparam("member_ids", type_=String, expanding=True)),
        "units": _placements(_UNIT, bindparam("unit_ids", type_=String, expanding=True)),
        "kinds": _kinds(bindparam("agencies", type_=String, expanding=True)),
        "mergers": merger_rows(),
    }
)


def _ids_of(named: Collection[Named], kind: RecipientKind) -> list[str]:
    return sorted({named_id for named_kind, named_id in named if named_kind is kind})


async def _owners(
    connection: AsyncConnection, kind: RecipientKind, ids: Collection[str], placed: Rows
) -> tuple[dict[Named, str], dict[Named, tuple[Tenure, ...]]]:
    """Whose each of the units or members ``ids`` is now (from their placements ``placed``),
    and, for those that changed agencies, every agency they belonged to."""
    tenures = _tenures(kind, placed)
    owners = {subject: held[-1].agency for subject, held in tenures.items()}
    unplaced = [i for i in ids if (kind, i) not in owners]
    moved = {subject: held for subject, held in tenures.items() if len(held) > 1}
    return {**await _any_owner(connection, kind, _COLUMNS[kind], unplaced), **owners}, moved


async def member_agency_now(connection: AsyncConnection, member_id: str) -> str | None:
    """The agency the member belongs to now (after their latest transfer), if known."""
    placed = await connection.execute(_placements(_MEMBER, [member_id]))
    owners, _ = await _owners(connection, _MEMBER, [member_id], [list(row) for row in placed])
    return owners.get((_MEMBER, member_id))


async def tenures_of(
    connection: AsyncConnection, kind: RecipientKind, ids: Collection[str]
) -> dict[Named, tuple[Tenure, ...]]:
    """The agencies each unit or member belonged to, oldest first, from its entry and its
    transfers (its own stream: in version order)."""
    query = _placements(kind, sorted(ids))
    return _tenures(kind, [list(row) for row in await connection.execute(query)])


def _tenures(kind: RecipientKind, placed: Rows) -> dict[Named, tuple[Tenure, ...]]:
    """Each unit's or member's tenures from its placement rows (in any order)."""
    placements: dict[Named, list[tuple[int, Placement]]] = {}
    for subject_id, agency, on, from_agency, version in placed:
        placement = (str(agency), on, from_agency)
        placements.setdefault((kind, str(subject_id)), []).append((int(version), placement))
    return {
        subject: tenures_from(p for _, p in sorted(placed_in_order, key=lambda vp: vp[0]))
        for subject, placed_in_order in placements.items()
    }


Placement = tuple[str, str | None, str | None]
"""(agency, first day, agency left) of an entry (no day) or a transfer."""


def tenures_from(placements: Iterable[Placement]) -> tuple[Tenure, ...]:
    """The tenures an entry and the transfers after it make (a transfer known without the
    entry starts with the agency it left)."""
    tenures: list[Tenure] = []
    for agency, on, left in placements:
        if not tenures:
            tenures.append(Tenure(agency if on is None or left is None else left))
        if on is not None:
            tenures.append(Tenure(agency, date.fromisoformat(on)))
    return tuple(tenures)


async def _any_owner(
    connection: AsyncConnection,
    kind: RecipientKind,
    column: ColumnElement[str | None],
    ids: Collection[str],
) -> dict[Named, str]:
    """For units and members the view knows only by other facts (a rating arrived before the
    member's entry): the agency those facts were recorded by."""
    if not ids:
        return {}
    query = (
        select(column, facts.c.agency)
        .where(column.in_(sorted(ids)), facts.c.event_type.in_(sorted(REGISTRY_FACT_TYPES)))
        .distinct()
        .order_by(column, facts.c.agency)
    )
    found: dict[Named, str] = {}
    for subject_id, agency in await connection.execute(query):
        found.setdefault((kind, str(subject_id)), str(agency))
    return found


async def _campaigns(
    connection: AsyncConnection, writer: str, campaign_ids: Collection[str]
) -> dict[str, CampaignOwner]:
    if not campaign_ids:
        return {}
    payload = facts.c.event["payload"]
    launched = facts.c.event_type == _LAUNCHED
    ids = sorted(campaign_ids)
    query = select(payload["campaign_id"].as_string(), facts.c.agency).where(
        launched, payload["campaign_id"].as_string().in_(ids)
    )
    owners = {str(c): str(agency) for c, agency in await connection.execute(query)}
    answered = select(payload["parent_campaign_id"].as_string()).where(
        launched, facts.c.agency == writer, payload["parent_campaign_id"].as_string().in_(ids)
    )
    by_writer = {str(c) for (c,) in await connection.execute(answered)}
    return {
        campaign_id: CampaignOwner(
            agency, frozenset({writer}) if campaign_id in by_writer else frozenset()
        )
        for campaign_id, agency in owners.items()
    }
