"""Reading the next committed events in the relay's order.

On PostgreSQL a sequence value is taken at insert time, not at commit: an event numbered 10
can commit after event 11 was published. The relay therefore reads in (transaction id,
position) order and only from transactions older than every transaction still running
(``pg_snapshot_xmin``): no event can later appear before its checkpoint. On SQLite writers are
serialised by ``BEGIN IMMEDIATE``, positions follow commit order and transaction ids are 0.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Text,
    cast,
    literal,
    literal_column,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.eventstore.tables import events
from shared.outbox.lease import Checkpoint
from shared.outbox.publisher import OutgoingMessage

_OLDEST_RUNNING_TRANSACTION: ColumnElement[int] = literal_column(
    "(pg_snapshot_xmin(pg_current_snapshot())::text::bigint)", BigInteger
)


async def read_committed_batch(
    connection: AsyncConnection, after: Checkpoint, limit: int
) -> list[tuple[Checkpoint, OutgoingMessage]]:
    """Up to ``limit`` events after ``after``, each with the checkpoint it moves to."""
    columns = [c for c in events.c if c.name != "payload"]
    query = (
        select(*columns, cast(events.c.payload, Text).label("payload_json"))
        .where(
            tuple_(events.c.transaction_id, events.c.position)
            > tuple_(literal(after.transaction_id), literal(after.position))
        )
        .order_by(events.c.transaction_id, events.c.position)
        .limit(limit)
    )
    if connection.dialect.name == "postgresql":
        query = query.where(events.c.transaction_id < _OLDEST_RUNNING_TRANSACTION)
    result = await connection.execute(query)
    return [_to_message(row._mapping) for row in result]


def _to_message(row: Any) -> tuple[Checkpoint, OutgoingMessage]:
    envelope = {
        "event_id": row["event_id"],
        "event_type": row["event_type"],
        "schema_version": row["schema_version"],
        "agency": row["agency"],
        "stream_id": row["stream_id"],
        "stream_version": row["stream_version"],
        "occurred_at": row["occurred_at"],
        "recorded_at": row["recorded_at"],
        "actor": row["actor"],
        "correlation_id": row["correlation_id"],
        "causation_id": row["causation_id"],
        "payload": orjson.Fragment(row["payload_json"]),
    }
    headers = [
        ("event_type", row["event_type"].encode()),
        ("schema_version", str(row["schema_version"]).encode()),
        ("agency", row["agency"].encode()),
        ("event_id", str(row["event_id"]).encode()),
        ("correlation_id", str(row["correlation_id"]).encode()),
    ]
    message = OutgoingMessage(
        key=row["stream_id"].encode(), value=orjson.dumps(envelope), headers=headers
    )
    return Checkpoint(int(row["transaction_id"]), int(row["position"])), message
