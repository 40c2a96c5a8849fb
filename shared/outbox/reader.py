"""Reading the next committed events in global order (see ``shared.eventstore.append_lock``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.envelope import KAFKA_HEADERS
from shared.eventstore.append_lock import hold_exclusive_append_lock
from shared.eventstore.tables import events
from shared.outbox.publisher import OutgoingMessage
from shared.outbox.selection import StreamSelection, selected
from shared.outbox.stored_record import RECORD_COLUMNS


@dataclass(frozen=True)
class CommittedBatch:
    """The next selected events, each with its position, and how far the store was read.

    ``read_to`` is the position up to which every selected event is in this batch or before
    it: a relay may checkpoint it once the batch is acknowledged, so that it does not scan the
    streams it does not select again.
    """

    events: list[tuple[int, OutgoingMessage]]
    read_to: int


async def read_committed_batch(
    engine: AsyncEngine,
    after_position: int,
    limit: int,
    streams: StreamSelection | None = None,
) -> CommittedBatch:
    """Up to ``limit`` events of the ``streams`` selected (all: ``None``) after
    ``after_position``, and how far that read reached."""
    query = (
        select(events.c.position, *RECORD_COLUMNS)
        .where(events.c.position > after_position, selected(streams))
        .order_by(events.c.position)
        .limit(limit)
    )
    async with engine.begin() as connection:
        await hold_exclusive_append_lock(connection)
        rows = (await connection.execute(query)).all()
        # Under the lock no event at or below the head can still commit: a short batch means
        # every selected event up to the head was read.
        scanned = streams is not None and len(rows) < limit
        head = await connection.scalar(_HEAD) if scanned else None
    batch = [_to_message(row) for row in rows]  # after the commit: appends wait only for the read
    last = batch[-1][0] if batch else after_position
    return CommittedBatch(batch, max(last, int(head or 0)))


_HEAD = select(func.max(events.c.position))


def _to_message(row: Any) -> tuple[int, OutgoingMessage]:
    # Unpacked by name, not zipped: the relay turns thousands of rows a second into messages.
    position, key, value, event_type, schema_version, agency, event_id, correlation_id = row
    return position, OutgoingMessage(
        key,
        value,
        [
            (_EVENT_TYPE, event_type),
            (_SCHEMA_VERSION, schema_version),
            (_AGENCY, agency),
            (_EVENT_ID, event_id),
            (_CORRELATION_ID, correlation_id),
        ],
    )


_EVENT_TYPE, _SCHEMA_VERSION, _AGENCY, _EVENT_ID, _CORRELATION_ID = KAFKA_HEADERS
