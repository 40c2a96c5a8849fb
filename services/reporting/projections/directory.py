"""Who is who: agencies (every agency any event names, with their lifecycle and lineage),
members' position groups (their present one and their history), and the size of each
agency's directory (units and members added or transferred in, by year of business time;
those transferred out, by day).

Runs first in :class:`~services.reporting.projections.all.AllProjections`, so the awards
projection of the same batch already sees the members it adds.

An agency's row holds what its own stream (``agency-<code>``) tells, in that stream's order;
what links agencies (a predecessor's ``successor_code``, a successor's ``predecessor_codes``)
is read from both sides at query time (:mod:`services.reporting.queries.lineage`), so the
order the agencies' streams arrive in does not matter. A transfer counts +1 for the receiving
agency in the year of ``on`` and +1 departure for the agency left on that day, from the
event alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.agency_rows import (
    AGENCY_DETAILS,
    AGENCY_PAYLOADS,
    agency_changes,
    agency_seen,
    merged,
)
from services.reporting.projections.deltas import Counters, Deltas
from services.reporting.projections.position_history import record_positions
from services.reporting.projections.tables import (
    agencies,
    directory_counts,
    directory_departures,
    members,
)
from services.reporting.projections.upsert import put_rows
from shared.events import (
    AnyEvent,
    MemberAdded,
    MemberMoved,
    MemberTransferred,
    UnitAdded,
    UnitTransferred,
)
from shared.vietnam_time import business_date

DIRECTORY = Counters(directory_counts, "added")
DEPARTURES = Counters(directory_departures, "departed")

_MEMBER_PAYLOADS = (MemberAdded, MemberMoved, MemberTransferred)
_DIRECTORY_PAYLOADS: frozenset[type] = frozenset(
    {*AGENCY_PAYLOADS, UnitAdded, UnitTransferred, *_MEMBER_PAYLOADS}
)


class DirectoryProjection:
    """Keeps ``agencies``, ``members``, ``member_positions``, ``directory_counts`` and
    ``directory_departures``."""

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        agency_rows: dict[str, dict[str, Any]] = {}
        member_rows: dict[str, dict[str, Any]] = {}
        deltas = Deltas()
        for event in events:
            if event.agency not in agency_rows:
                agency_rows[event.agency] = agency_seen(event.agency)
            payload = event.payload
            if type(payload) not in _DIRECTORY_PAYLOADS:
                continue  # most events: a set lookup, where isinstance costs an ABC check
            if (changes := agency_changes(event.agency, payload)) is not None:
                code = changes["agency_code"]
                agency_rows[code] = merged(agency_rows.get(code, agency_seen(code)), changes)
            _count(deltas, event)
            if isinstance(payload, _MEMBER_PAYLOADS):
                row = _member_row(event.agency, payload)
                member_rows[payload.member_id] = merged(member_rows.get(payload.member_id), row)
        await put_rows(
            connection, agencies, list(agency_rows.values()), keep_existing=AGENCY_DETAILS
        )
        await put_rows(
            connection,
            members,
            list(member_rows.values()),
            keep_existing=("unit_id", "position_group"),
        )
        await record_positions(connection, events)
        await deltas.write(connection)


def _count(deltas: Deltas, event: AnyEvent) -> None:
    """What ``event`` adds to the directory's counters (nothing for most events)."""
    payload = event.payload
    if isinstance(payload, UnitAdded | MemberAdded):
        kind = "unit" if isinstance(payload, UnitAdded) else "member"
        deltas.add(DIRECTORY, (event.agency, business_date(event.occurred_at).year, kind))
    elif isinstance(payload, UnitTransferred | MemberTransferred):
        kind = "unit" if isinstance(payload, UnitTransferred) else "member"
        deltas.add(DIRECTORY, (event.agency, payload.on.year, kind))
        deltas.add(DEPARTURES, (payload.from_agency, payload.on, kind))


async def record_agencies(connection: AsyncConnection, codes: Iterable[str]) -> None:
    """Every agency of ``codes`` is known (with the details its own events gave)."""
    rows = [agency_seen(code) for code in sorted(set(codes))]
    if rows:
        await put_rows(connection, agencies, rows, keep_existing=AGENCY_DETAILS)


def _member_row(
    agency: str, payload: MemberAdded | MemberMoved | MemberTransferred
) -> dict[str, Any]:
    unit = payload.unit_id if isinstance(payload, MemberAdded) else payload.to_unit_id
    group = payload.position_group.value if payload.position_group else None
    return {
        "member_id": payload.member_id,
        "agency": agency,
        "unit_id": unit,
        "position_group": group,
    }
