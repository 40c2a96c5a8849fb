"""Reading from the local view whose the units, members and campaigns a command names are.

The registry's events are stored under the agency that recorded them (the envelope's
``agency``): a unit's or a member's agency is the agency that entered it, or the one it was
last transferred to (a transfer is recorded in the receiving agency's name); a campaign's is
the agency that launched it.
The service's own award events are left out: they are stored under the agency that recorded
the award, which is what is being checked.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from types import MappingProxyType

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.domain.tenancy import CampaignOwner, Directory, Named, Tenure
from services.awards.localview.consumer import REGISTRY_FACT_TYPES
from services.awards.localview.lineage import continued_by
from services.awards.localview.tables import facts
from shared.events import AgencyRegistered, parse_event
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
    ``writer`` continues."""
    named = set(named)
    members, moved_members = await _owners(connection, _MEMBER, facts.c.member_id, named)
    units, moved_units = await _owners(connection, _UNIT, facts.c.unit_id, named)
    campaigns = await _campaigns(connection, writer, set(campaign_ids))
    agencies = {writer, *(c.agency for c in campaigns.values())}
    return Directory(
        owners=MappingProxyType(members | units),
        kinds=MappingProxyType(await agency_kinds(connection, agencies)),
        campaigns=MappingProxyType(campaigns),
        tenures=MappingProxyType(moved_members | moved_units),
        continued=MappingProxyType(await continued_by(connection, writer)),
    )


async def _owners(
    connection: AsyncConnection,
    kind: RecipientKind,
    column: ColumnElement[str | None],
    named: Collection[Named],
) -> tuple[dict[Named, str], dict[Named, tuple[Tenure, ...]]]:
    """Whose each named unit or member is now, and, for those that changed agencies, every
    agency they belonged to."""
    ids = sorted({named_id for named_kind, named_id in named if named_kind is kind})
    if not ids:
        return {}, {}
    tenures = await tenures_of(connection, kind, column, ids)
    owners = {subject: held[-1].agency for subject, held in tenures.items()}
    unplaced = [i for i in ids if (kind, i) not in owners]
    moved = {subject: held for subject, held in tenures.items() if len(held) > 1}
    return {**await _any_owner(connection, kind, column, unplaced), **owners}, moved


async def member_agency_now(connection: AsyncConnection, member_id: str) -> str | None:
    """The agency the member belongs to now (after their latest transfer), if known."""
    owners, _ = await _owners(connection, _MEMBER, facts.c.member_id, [(_MEMBER, member_id)])
    return owners.get((_MEMBER, member_id))


async def tenures_of(
    connection: AsyncConnection,
    kind: RecipientKind,
    column: ColumnElement[str | None],
    ids: Collection[str],
) -> dict[Named, tuple[Tenure, ...]]:
    """The agencies each unit or member belonged to, oldest first, from its entry and its
    transfers (its own stream: in version order)."""
    entered, transferred = _PLACEMENTS[kind]
    payload = facts.c.event["payload"]
    query = (
        select(
            column,
            facts.c.agency,
            payload["on"].as_string(),
            payload["from_agency"].as_string(),
        )
        .where(column.in_(sorted(ids)), facts.c.event_type.in_((entered, transferred)))
        .order_by(column, facts.c.stream_version)
    )
    placements: dict[Named, list[Placement]] = {}
    for subject_id, agency, on, from_agency in await connection.execute(query):
        placement = (str(agency), on, from_agency)
        placements.setdefault((kind, str(subject_id)), []).append(placement)
    return {subject: tenures_from(placed) for subject, placed in placements.items()}


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


async def agency_kinds(
    connection: AsyncConnection, agencies: Collection[str]
) -> dict[str, AgencyKind]:
    """The kind of each of ``agencies`` the view knows (from AgencyRegistered)."""
    query = select(facts.c.event).where(
        facts.c.event_type == "AgencyRegistered", facts.c.agency.in_(sorted(agencies))
    )
    kinds = {}
    for (event,) in await connection.execute(query):
        payload = parse_event(event).payload
        if isinstance(payload, AgencyRegistered):
            kinds[payload.agency_code] = payload.kind
    return kinds


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
