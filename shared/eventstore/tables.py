"""The event store's tables.

``transaction_id`` is the PostgreSQL transaction id of the appending transaction (0 on SQLite,
where writers are serialised). The relay orders by (transaction_id, position) and only reads
transactions older than every transaction still running, so an event whose transaction
commits after a later-numbered one is never skipped.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from shared.database.types import UtcDateTime


class current_transaction_id(FunctionElement[int]):  # noqa: N801 - SQL function naming
    """The id of the running transaction (PostgreSQL), 0 elsewhere."""

    type = BigInteger()
    inherit_cache = True


@compiles(current_transaction_id, "postgresql")
def _pg_current_transaction_id(_element: Any, _compiler: Any, **_kw: Any) -> str:
    return "(pg_current_xact_id()::text::bigint)"


@compiles(current_transaction_id)
def _default_current_transaction_id(_element: Any, _compiler: Any, **_kw: Any) -> str:
    return "0"


metadata = MetaData()

events = Table(
    "events",
    metadata,
    Column("position", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("transaction_id", BigInteger, nullable=False, server_default=current_transaction_id()),
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
    Index("ix_events_transaction_position", "transaction_id", "position"),
)
