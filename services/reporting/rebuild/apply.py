"""Applying parsed events to the rebuild tables, skipping what can never be applied."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.bootstrap import CONSUMER_NAME
from services.reporting.projections.all import AllProjections
from shared.consumer.tables import claim_event_ids
from shared.events import AnyEvent, parse_event
from shared.events.errors import EventContractError

log = logging.getLogger(__name__)


class ReadRecord(Protocol):
    """What parsing needs of a record (a consumer's or aiokafka's)."""

    @property
    def topic(self) -> str: ...

    @property
    def offset(self) -> int: ...

    @property
    def value(self) -> bytes | None: ...


def parsed(records: Sequence[ReadRecord]) -> list[AnyEvent]:
    """The events of ``records``; those that can never be applied are logged and left out
    (the live consumer dead-lettered them), tombstones too."""
    events: list[AnyEvent] = []
    for record in records:
        if record.value is None:
            continue
        try:
            events.append(parse_event(record.value))
        except EventContractError as error:
            log.warning("rebuild: skipped %s@%d: %s", record.topic, record.offset, error)
    return events


async def apply_records(
    connection: AsyncConnection,
    events: Sequence[AnyEvent],
    projections: AllProjections,
) -> int:
    """Claim and apply ``events`` on ``connection``; the number applied (not seen before)."""
    unique = {event.event_id: event for event in events}
    claimed: set[UUID] = set(await claim_event_ids(connection, CONSUMER_NAME, list(unique)))
    fresh = [event for event_id, event in unique.items() if event_id in claimed]
    if fresh:
        await projections.apply(connection, fresh)
    return len(fresh)


async def apply_safely(
    connection: AsyncConnection, events: Sequence[AnyEvent], projections: AllProjections
) -> int:
    """Apply ``events`` in a savepoint; if one breaks an invariant, apply them one by one and
    skip those that fail (the live consumer dead-lettered them)."""
    if not events:
        return 0
    try:
        async with connection.begin_nested():
            return await apply_records(connection, events, projections)
    except DBAPIError:
        raise
    except Exception:
        applied = 0
        for event in events:
            try:
                async with connection.begin_nested():
                    applied += await apply_records(connection, [event], projections)
            except Exception as error:
                log.warning("rebuild: skipped event %s: %r", event.event_id, error)
        return applied
