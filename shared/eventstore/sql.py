"""The event store on SQLAlchemy 2 async and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.database.engine import write_transaction
from shared.envelope import NewEvent
from shared.eventstore.append_lock import APPEND_LOCK_KEY
from shared.eventstore.errors import ConcurrencyConflict
from shared.eventstore.port import AppendContext, RecordedEvent
from shared.eventstore.tables import events, metadata

_ENVELOPE_COLUMNS = list(events.c)


class SqlEventStore:
    """Appends in one transaction per call; the stream's version is checked inside it.

    On PostgreSQL every append holds the store's shared append lock until it commits (see
    :mod:`shared.eventstore.append_lock`), so the relay never reads past an event whose
    transaction is still open.
    """

    def __init__(self, engine: AsyncEngine, on_appended: Callable[[], None] | None = None) -> None:
        self._engine = engine
        self._on_appended = on_appended

    async def create_schema(self) -> None:
        async with write_transaction(self._engine) as connection:
            await connection.run_sync(metadata.create_all)

    async def append(
        self,
        stream_id: str,
        expected_version: int,
        events_to_append: Sequence[NewEvent],
        context: AppendContext,
    ) -> list[RecordedEvent]:
        try:
            async with write_transaction(self._engine) as connection:
                recorded = await self.append_in(
                    connection, stream_id, expected_version, events_to_append, context
                )
        except IntegrityError as error:
            actual = await self.stream_version(stream_id)
            raise ConcurrencyConflict(stream_id, expected_version, actual) from error
        if recorded:
            self.notify_appended()
        return recorded

    def notify_appended(self) -> None:
        """Tell the relay there is something new (after an ``append_in`` transaction)."""
        if self._on_appended is not None:
            self._on_appended()

    async def append_in(
        self,
        connection: AsyncConnection,
        stream_id: str,
        expected_version: int,
        events_to_append: Sequence[NewEvent],
        context: AppendContext,
    ) -> list[RecordedEvent]:
        """Append inside the caller's transaction (e.g. with an idempotency record)."""
        actual = await _version_holding_append_lock(connection, stream_id)
        if actual != expected_version:
            raise ConcurrencyConflict(stream_id, expected_version, actual)
        if not events_to_append:
            return []
        rows = _rows(stream_id, expected_version, events_to_append, context)
        result = await connection.execute(
            insert(events).returning(events.c.position, sort_by_parameter_order=True), rows
        )
        # The rows were built here from validated events: no need to validate them again.
        return [
            RecordedEvent.model_construct(**row, position=position)
            for row, (position,) in zip(rows, result, strict=True)
        ]

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]:
        query = (
            select(*_ENVELOPE_COLUMNS)
            .where(events.c.stream_id == stream_id)
            .order_by(events.c.stream_version)
        )
        async with self._engine.connect() as connection:
            result = await connection.execute(query)
            return [RecordedEvent.model_validate(row._mapping) for row in result]

    async def stream_version(self, stream_id: str) -> int:
        async with self._engine.connect() as connection:
            return await _current_version(connection, stream_id)

    async def read_all(self, after_position: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        query = (
            select(*_ENVELOPE_COLUMNS)
            .where(events.c.position > after_position)
            .order_by(events.c.position)
            .limit(limit)
        )
        async with self._engine.connect() as connection:
            result = await connection.execute(query)
            return [RecordedEvent.model_validate(row._mapping) for row in result]


async def _version_holding_append_lock(connection: AsyncConnection, stream_id: str) -> int:
    """The stream's version, taking the shared append lock in the same round trip."""
    version = _version_query(stream_id).scalar_subquery()
    query = select(func.pg_advisory_xact_lock_shared(APPEND_LOCK_KEY), version)
    return int((await connection.execute(query)).one()[1])


def _version_query(stream_id: str) -> Select[tuple[int]]:
    return select(func.coalesce(func.max(events.c.stream_version), 0)).where(
        events.c.stream_id == stream_id
    )


async def _current_version(connection: AsyncConnection, stream_id: str) -> int:
    return int((await connection.execute(_version_query(stream_id))).scalar_one())


def _rows(
    stream_id: str,
    expected_version: int,
    events_to_append: Sequence[NewEvent],
    context: AppendContext,
) -> list[dict[str, Any]]:
    recorded_at = datetime.now(UTC)
    shared = context.model_dump()
    return [
        {
            "event_id": event.event_id,
            "event_type": event.event_type,
            "schema_version": event.schema_version,
            "occurred_at": event.occurred_at,
            "payload": event.payload,
            **shared,
            "stream_id": stream_id,
            "stream_version": expected_version + index,
            "recorded_at": recorded_at,
        }
        for index, event in enumerate(events_to_append, start=1)
    ]
