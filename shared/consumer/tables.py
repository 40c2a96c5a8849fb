"""The record of applied events, written in the same transaction as their effects."""

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

import orjson
from sqlalchemy import (
    Column,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
    bindparam,
    func,
    literal,
    select,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.database.types import UtcDateTime

metadata = MetaData()

processed_events = Table(
    "processed_events",
    metadata,
    Column("consumer", String(100), nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("processed_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("consumer", "event_id", name="pk_processed_events"),
)


async def claim_event_ids(
    connection: AsyncConnection, consumer: str, event_ids: Sequence[UUID]
) -> list[UUID]:
    """Insert the ids not yet recorded for ``consumer``; return those inserted."""
    now = datetime.now(UTC)
    # One JSON text parameter: an array parameter costs asyncpg a check per element.
    document = bindparam("ids", orjson.dumps([str(i) for i in event_ids]).decode(), Text)
    ids = sql_cast(func.json_array_elements_text(sql_cast(document, postgresql.JSON)), Uuid)
    selected = select(literal(consumer), ids, literal(now, UtcDateTime()))
    statement = (
        postgresql.insert(processed_events)
        .from_select(["consumer", "event_id", "processed_at"], selected)
        .on_conflict_do_nothing()
        .returning(processed_events.c.event_id)
    )
    return list((await connection.execute(statement)).scalars())
