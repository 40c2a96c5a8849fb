"""The record of applied events, written in the same transaction as their effects."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import (
    Column,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Select,
    String,
    Table,
    Text,
    Uuid,
    bindparam,
    func,
    select,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.selectable import TableValuedAlias

from shared.database.compiled_once import CompiledOnce
from shared.database.json_rows import json_rows, rows_parameter
from shared.database.types import UtcDateTime

metadata = MetaData()

processed_events = Table(
    "processed_events",
    metadata,
    Column("consumer", String(100), nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("processed_at", UtcDateTime(), nullable=False),
    Column(
        "content_hash",
        LargeBinary,
        nullable=True,
        comment="BLAKE2b-128 of the record's value (NULL: recorded before it was kept).",
    ),
    PrimaryKeyConstraint("consumer", "event_id", name="pk_processed_events"),
)


@dataclass(frozen=True)
class Claim:
    """What a claim found: the ids recorded now, and those recorded before with other content."""

    claimed: frozenset[UUID]
    conflicting: frozenset[UUID]


async def claim_event_ids(
    connection: AsyncConnection, consumer: str, events: Sequence[tuple[UUID, bytes]]
) -> Claim:
    """Record the ``(event id, content hash)`` pairs not yet recorded for ``consumer``.

    One ``INSERT … ON CONFLICT DO NOTHING RETURNING`` (one round trip, and a plan that does
    not depend on the batch); only when some ids were recorded before does a second
    statement compare their content hashes.
    """
    if not events:
        return Claim(frozenset(), frozenset())
    parameters = {"consumer": consumer, "processed_at": datetime.now(UTC), **_given(events)}
    claimed = frozenset((await connection.execute(_CLAIM.on(connection), parameters)).scalars())
    if len(claimed) == len({event_id for event_id, _ in events}):
        return Claim(claimed, frozenset())
    return Claim(claimed, await _conflicting(connection, consumer, events, claimed))


async def _conflicting(
    connection: AsyncConnection,
    consumer: str,
    events: Sequence[tuple[UUID, bytes]],
    claimed: frozenset[UUID],
) -> frozenset[UUID]:
    seen_before = [(event_id, digest) for event_id, digest in events if event_id not in claimed]
    parameters = {"consumer": consumer, **_given(seen_before)}
    return frozenset((await connection.execute(_CONFLICTING, parameters)).scalars())


def _given(events: Sequence[tuple[UUID, bytes]]) -> dict[str, str]:
    """The pairs as the ``events`` parameter (:mod:`shared.database.json_rows`)."""
    pairs = (
        {"event_id": str(event_id), "content_hash": digest.hex()} for event_id, digest in events
    )
    return rows_parameter(pairs, "events")


def _events() -> TableValuedAlias:
    """The pairs of :func:`_given`, in SQL."""
    return json_rows([("event_id", Uuid()), ("content_hash", Text())], "events")


def _claim() -> CompiledOnce:
    given = _events()
    selected = select(
        bindparam("consumer", type_=String),
        given.c.event_id,
        bindparam("processed_at", type_=UtcDateTime()),
        func.decode(given.c.content_hash, "hex"),
    )
    statement = (
        postgresql.insert(processed_events)
        .from_select(["consumer", "event_id", "processed_at", "content_hash"], selected)
        .on_conflict_do_nothing()
        .returning(processed_events.c.event_id)
    )
    return CompiledOnce(statement)


def _conflicting_query() -> Select[tuple[UUID]]:
    given = _events()
    stored = processed_events.c
    return select(stored.event_id).join(
        given,
        (stored.event_id == given.c.event_id)
        & (stored.consumer == bindparam("consumer", type_=String))
        & stored.content_hash.is_not(None)
        & (stored.content_hash != func.decode(given.c.content_hash, "hex")),
    )


_CLAIM = _claim()
_CONFLICTING = _conflicting_query()
