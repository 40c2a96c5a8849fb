"""Reading the next committed events in global order, up to the store's settled head (see
``shared.eventstore.append_lock``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database.engine import connection_for_reads
from shared.envelope import KAFKA_HEADERS
from shared.eventstore.append_lock import settled_head
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
    async with connection_for_reads(engine) as connection:
        head = await settled_head(connection)
        if head <= after_position:
            return CommittedBatch([], after_position)
        query = (
            select(events.c.position, *RECORD_COLUMNS)
            .where(
                events.c.position > after_position,
                events.c.position <= head,
                selected(streams),
            )
            .order_by(events.c.position)
            .limit(limit)
        )
        rows = (await connection.execute(query)).all()
    batch = [_to_message(row) for row in rows]
    # A short batch holds every selected event up to the head.
    read_to = batch[-1][0] if len(rows) == limit else head
    return CommittedBatch(batch, read_to)


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
