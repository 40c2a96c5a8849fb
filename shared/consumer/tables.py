"""The record of applied events, written in the same transaction as their effects."""

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table, Uuid

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
