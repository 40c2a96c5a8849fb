"""Writing events straight into a service's event store, for tests that need stored events.

Production appends only through a command (``CommandRunner``): ``append_in`` inside the
command's write transaction, then ``notify_appended``. :class:`StoreWriter` does the same,
one transaction per call, without a domain to decide.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database import create_engine
from shared.database.engine import write_transaction
from shared.database.migrations import event_store_metadata
from shared.envelope import NewEvent
from shared.eventstore import AppendContext, ConcurrencyConflict, RecordedEvent, SqlEventStore
from shared.eventstore.tables import events

OFFICER_CONTEXT = AppendContext(agency="01", actor="officer", correlation_id=uuid.uuid4())
"""Who appends in tests that need only some events in the store."""


def numbered_event(n: int, **payload: Any) -> NewEvent:
    """A ``RatingRecorded`` whose payload holds ``n`` (and ``payload``): a new event id each
    call, so events tell apart by their number and id alone."""
    return NewEvent(
        event_id=uuid.uuid4(),
        event_type="RatingRecorded",
        schema_version=1,
        occurred_at=datetime(2019, 12, 31, tzinfo=UTC),
        payload={"n": n, **payload},
    )


@dataclass(frozen=True)
class StoreWriter:
    """Appends to ``store`` (on ``engine``) as a command does."""

    engine: AsyncEngine
    store: SqlEventStore

    @classmethod
    def on(cls, engine: AsyncEngine, on_appended: Callable[[], None] | None = None) -> StoreWriter:
        """A writer on a new store of ``engine`` (``on_appended``: e.g. wake a relay)."""
        return cls(engine, SqlEventStore(engine, on_appended=on_appended))

    async def append(
        self,
        stream_id: str,
        expected_version: int,
        new_events: Sequence[NewEvent],
        context: AppendContext,
    ) -> list[RecordedEvent]:
        """All of ``new_events`` in one transaction, or ``ConcurrencyConflict``."""
        try:
            async with write_transaction(self.engine) as connection:
                recorded = await self.store.append_in(
                    connection, stream_id, expected_version, new_events, context
                )
        except IntegrityError as error:  # a concurrent writer took the version first
            actual = await self.store.stream_version(stream_id)
            raise ConcurrencyConflict(stream_id, expected_version, actual) from error
        self.store.notify_appended()
        return recorded


async def create_store_tables(engine: AsyncEngine) -> None:
    """The event store's tables (events, the relay's state, idempotency keys), unmigrated."""
    async with write_transaction(engine) as connection:
        await connection.run_sync(event_store_metadata().create_all)


async def count_events(engine: AsyncEngine) -> int:
    """How many events the store on ``engine`` holds."""
    async with engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(events)) or 0)


@pytest.fixture
async def store_engine(
    make_postgres_database: Callable[[], Awaitable[str]],
) -> AsyncIterator[AsyncEngine]:
    """An engine on a new database holding only the event store's tables."""
    engine = create_engine(await make_postgres_database())
    await create_store_tables(engine)
    yield engine
    await engine.dispose()
