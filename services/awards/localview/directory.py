"""Reading from the local view whose the units, members and campaigns a command names are.

The registry's events are stored under the agency that recorded them (the envelope's
``agency``): a unit's, a member's or a campaign's agency is the agency of its registry events.
The service's own award events are left out: they are stored under the agency that recorded
the award, which is what is being checked.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from types import MappingProxyType

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.domain.tenancy import CampaignOwner, Directory, Named
from services.awards.localview.consumer import REGISTRY_FACT_TYPES
from services.awards.localview.tables import facts
from shared.events import AgencyRegistered, parse_event
from shared.events.vocabulary import AgencyKind, RecipientKind

_LAUNCHED = "CampaignLaunched"


async def directory_of(
    connection: AsyncConnection,
    writer: str,
    named: Iterable[Named],
    campaign_ids: Iterable[str] = (),
) -> Directory:
    """Whose each named unit and member is, who launched each named campaign (and which of
    them ``writer`` answered), and the kinds of the agencies involved."""
    named = set(named)
    owners = {
        **await _owners(connection, RecipientKind.MEMBER, facts.c.member_id, named),
        **await _owners(connection, RecipientKind.UNIT, facts.c.unit_id, named),
    }
    campaigns = await _campaigns(connection, writer, set(campaign_ids))
    agencies = {writer, *(c.agency for c in campaigns.values())}
    return Directory(
        owners=MappingProxyType(owners),
        kinds=MappingProxyType(await agency_kinds(connection, agencies)),
        campaigns=MappingProxyType(campaigns),
    )


async def _owners(
    connection: AsyncConnection,
    kind: RecipientKind,
    column: ColumnElement[str | None],
    named: Collection[Named],
) -> dict[Named, str]:
    ids = sorted({named_id for named_kind, named_id in named if named_kind is kind})
    if not ids:
        return {}
    query = (
        select(column, facts.c.agency)
        .where(column.in_(ids), facts.c.event_type.in_(sorted(REGISTRY_FACT_TYPES)))
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
