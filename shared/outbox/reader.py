"""Reading the next committed events in global order (see ``shared.eventstore.append_lock``)."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Text, cast, select
from sqlalchemy.ext.asyncio import AsyncEngine

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
    envelope = {
        "event_id": str(row["event_id"]),
        "event_type": row["event_type"],
        "schema_version": row["schema_version"],
        "agency": row["agency"],
        "stream_id": row["stream_id"],
        "stream_version": row["stream_version"],
        "occurred_at": row["occurred_at"],
        "recorded_at": row["recorded_at"],
        "actor": row["actor"],
        "correlation_id": str(row["correlation_id"]),
        "causation_id": _optional_text(row["causation_id"]),
        "payload": orjson.Fragment(row["payload_json"]),
    }
    headers = [
        ("event_type", row["event_type"].encode()),
        ("schema_version", str(row["schema_version"]).encode()),
        ("agency", row["agency"].encode()),
        ("event_id", envelope["event_id"].encode()),
        ("correlation_id", envelope["correlation_id"].encode()),
    ]
    message = OutgoingMessage(
        key=row["stream_id"].encode(), value=orjson.dumps(envelope), headers=headers
    )
    return int(row["position"]), message


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)
