"""The event store's table: one row per event, ``position`` gives the global order."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

from shared.database.types import UtcDateTime

metadata = MetaData()

events = Table(
    "events",
    metadata,
    Column("position", BigInteger(), primary_key=True),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("stream_id", String(200), nullable=False),
    Column("stream_version", Integer, nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("agency", String(64), nullable=False),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("correlation_id", Uuid, nullable=False),
    Column("causation_id", Uuid, nullable=True),
    Column("payload", JSON().with_variant(JSONB(), "postgresql"), nullable=False),
    UniqueConstraint("stream_id", "stream_version", name="uq_events_stream_version"),
)
