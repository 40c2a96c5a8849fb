"""Reading the local view back as the eligibility engine's :class:`Facts`.

The fold depends on order only within a stream: a later rating of a member-year replaces the
earlier one (one stream per member-year), a move follows the member's earlier membership (the
member's stream), a hold's lift follows its placing, a registration's approval its submission.
Rows are therefore read in (stream, version) order: the same facts whatever order the events
arrived in, and business dates that need not rise within a stream (a registration imported
today and approved on a past date) cannot reorder a stream. Revocations are applied by the
fold at the end, so one stored before its grant still cancels it.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.domain.eligibility import FactEvent, Facts, fold_facts
from services.awards.localview.tables import facts
from shared.events import parse_event


async def load_facts(connection: AsyncConnection, agency: str) -> Facts:
    """Every fact the local view holds for ``agency``, folded (revoked awards left out)."""
    return await load_facts_of(connection, [agency])


async def load_facts_of(connection: AsyncConnection, agencies: Collection[str]) -> Facts:
    """Every fact the local view holds for any of ``agencies``, folded together: what a
    ministry-level decision about units and members of other agencies is judged by."""
    query = (
        select(facts.c.event)
        .where(facts.c.agency.in_(sorted(set(agencies))))
        .order_by(facts.c.stream_id, facts.c.stream_version)
    )
    rows = await connection.execute(query)
    return fold_facts(FactEvent.of(parse_event(row.event)) for row in rows)


async def agency_of_member(connection: AsyncConnection, member_id: str) -> str | None:
    """The agency whose facts name the member (member ids are globally unique), if any."""
    query = select(facts.c.agency).where(facts.c.member_id == member_id).limit(1)
    agency = await connection.scalar(query)
    return None if agency is None else str(agency)


async def knows_member(connection: AsyncConnection, agency: str, member_id: str) -> bool:
    """Whether any of the agency's facts names the member."""
    query = (
        select(facts.c.event_id)
        .where(facts.c.member_id == member_id, facts.c.agency == agency)
        .limit(1)
    )
    return await connection.scalar(query) is not None
