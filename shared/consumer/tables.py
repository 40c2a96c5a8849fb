"""The record of applied events, written in the same transaction as their effects."""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Uuid,
    bindparam,
    func,
    literal,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
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
    if connection.dialect.name == "postgresql":
        ids = bindparam("ids", list(event_ids), type_=postgresql.ARRAY(Uuid))
        selected = select(literal(consumer), func.unnest(ids), literal(now, UtcDateTime()))
        statement: Any = postgresql.insert(processed_events).from_select(
            ["consumer", "event_id", "processed_at"], selected
        )
    else:
        rows = [{"consumer": consumer, "event_id": i, "processed_at": now} for i in event_ids]
        statement = sqlite.insert(processed_events).values(rows)
    statement = statement.on_conflict_do_nothing().returning(processed_events.c.event_id)
    return list((await connection.execute(statement)).scalars())
