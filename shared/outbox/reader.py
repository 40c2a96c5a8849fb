"""Reading the next committed events in global order (see ``shared.eventstore.append_lock``)."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Text, cast, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.envelope import encode_event
from shared.eventstore.append_lock import hold_exclusive_append_lock
from shared.eventstore.tables import events
from shared.outbox.publisher import OutgoingMessage

_COLUMNS = [column for column in events.c if column.name != "payload"]


async def read_committed_batch(
    engine: AsyncEngine, after_position: int, limit: int
) -> list[tuple[int, OutgoingMessage]]:
    """Up to ``limit`` events after ``after_position``, each with its position."""
    query = (
        select(*_COLUMNS, cast(events.c.payload, Text).label("payload_json"))
        .where(events.c.position > after_position)
        .order_by(events.c.position)
        .limit(limit)
    )
    async with engine.begin() as connection:
        await hold_exclusive_append_lock(connection)
        rows = (await connection.execute(query)).mappings().all()
    return [_to_message(row) for row in rows]  # after the commit: appends wait only for the read


def _to_message(row: Any) -> tuple[int, OutgoingMessage]:
    # The stored payload's JSON goes out as it is: no decode, no validation per row.
    return int(row["position"]), OutgoingMessage(
        *encode_event(row, orjson.Fragment(row["payload_json"]))
    )
