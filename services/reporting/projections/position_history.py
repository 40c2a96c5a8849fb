"""A member's position groups over time, and the one rule for the group an award records.

Forms 0602/0603 count a member's awards by the position group (leader, official, worker…)
the member held **when the award was granted**, not the one the member holds today: a
worker awarded in 2019 and made a leader in 2023 stays among 2019's workers.

The rule, a function of the events alone (not of the order they arrive in, so the live
projection and a rebuild agree whatever the interleaving of the registry's and the awards'
topics):

- the member's position records are their ``MemberAdded`` and every ``MemberMoved`` that
  names a group, each at its ``occurred_at``, and every ``MemberTransferred`` that names one,
  at the start of its ``on`` day in Vietnam (the day it took effect, whenever it was
  recorded: a merger is often recorded after the fact), ordered by (that moment, stream
  version, event id);
- an award is granted at the start of its decision's signing day in Vietnam;
- it records the group of the member's latest record at or before that moment; a grant
  earlier than every record (the member entered the registry later, e.g. an imported
  historical decision) records the member's first group; a member with no record is
  ``unknown`` until one arrives.

:func:`position_group_at` states the rule for the live projection, :func:`position_group_sql`
for the rebuild's set-based path; ``tests/integration/reporting/test_bulk_rebuild_property.py``
checks that they agree on generated histories with moves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.dimensions import UNKNOWN
from services.reporting.projections.tables import member_positions
from services.reporting.projections.upsert import put_rows
from shared.database.rows_by_key import rows_where_in
from shared.events import AnyEvent, MemberAdded, MemberMoved, MemberTransferred
from shared.vietnam_time import business_time


class PositionRecord(NamedTuple):
    """One position group a member took, in the order the rule sorts them."""

    occurred_at: datetime
    stream_version: int
    event_id: UUID
    position_group: str


PositionHistory = Sequence[PositionRecord]


def position_group_at(history: PositionHistory, signed_on: date) -> str:
    """The group an award signed on ``signed_on`` records (see the module docstring)."""
    if not history:
        return UNKNOWN
    ordered = sorted(history)
    granted_at = business_time(signed_on)
    held = [record for record in ordered if record.occurred_at <= granted_at]
    return (held[-1] if held else ordered[0]).position_group


def position_group_sql(schema: str, member_id: str, signed_on: str) -> str:
    """The same rule as a SQL expression over the columns ``member_id`` and ``signed_on``
    (the group, or the parameter ``:unknown``), reading ``schema.member_positions``."""
    # Vietnam is UTC+7 all year (shared.vietnam_time): the day's start is 17:00 UTC before.
    granted_at = f"((CAST({signed_on} AS timestamp) - INTERVAL '7 hours') AT TIME ZONE 'UTC')"
    records = f"{schema}.{member_positions.name} AS p WHERE p.member_id = {member_id}"
    return (
        "COALESCE("
        f"(SELECT p.position_group FROM {records} AND p.occurred_at <= {granted_at} "
        "ORDER BY p.occurred_at DESC, p.stream_version DESC, p.event_id DESC LIMIT 1), "
        f"(SELECT p.position_group FROM {records} "
        "ORDER BY p.occurred_at, p.stream_version, p.event_id LIMIT 1), "
        ":unknown)"
    )


def position_records(events: Iterable[AnyEvent]) -> list[dict[str, Any]]:
    """The ``member_positions`` rows of ``events`` (a move that keeps the group adds none)."""
    rows: dict[tuple[str, UUID], dict[str, Any]] = {}
    for event in events:
        payload = event.payload
        if isinstance(payload, MemberAdded | MemberMoved | MemberTransferred) and (
            payload.position_group
        ):
            moment = (
                business_time(payload.on)
                if isinstance(payload, MemberTransferred)
                else event.occurred_at
            )
            rows[(payload.member_id, event.event_id)] = {
                "member_id": payload.member_id,
                "event_id": event.event_id,
                "occurred_at": moment,
                "stream_version": event.stream_version,
                "position_group": payload.position_group.value,
            }
    return list(rows.values())


async def record_positions(connection: AsyncConnection, events: Iterable[AnyEvent]) -> None:
    """Remember the position records of ``events``."""
    await put_rows(connection, member_positions, position_records(events))


async def position_histories(
    connection: AsyncConnection, member_ids: Iterable[str]
) -> dict[str, list[PositionRecord]]:
    """The recorded history of each of ``member_ids`` (members with none are left out)."""
    rows = await rows_where_in(connection, member_positions, "member_id", member_ids)
    histories: dict[str, list[PositionRecord]] = defaultdict(list)
    for row in rows:
        histories[row.member_id].append(
            PositionRecord(row.occurred_at, row.stream_version, row.event_id, row.position_group)
        )
    return dict(histories)
