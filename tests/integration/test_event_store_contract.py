"""One set of contract tests for every event store backend: memory and PostgreSQL.

Events are appended as a command appends them: ``append_in`` in a transaction of its own
(:class:`tests.harness.event_store.StoreWriter`); the in-memory store has no transactions.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from shared.database import create_engine
from shared.envelope import NewEvent
from shared.eventstore import (
    AppendContext,
    ConcurrencyConflict,
    EventStore,
    InMemoryEventStore,
    RecordedEvent,
)
from tests.harness.event_store import StoreWriter, create_store_tables

pytestmark = pytest.mark.integration

CONTEXT = AppendContext(agency="06", actor="officer-1", correlation_id=uuid.uuid4())


def new_event(n: int = 0) -> NewEvent:
    return NewEvent(
        event_id=uuid.uuid4(),
        event_type="CampaignLaunched",
        schema_version=1,
        occurred_at=datetime(2020, 5, 14, 8, 30, tzinfo=UTC),
        payload={"title": "Thi đua lập thành tích chào mừng Đại hội Đảng", "n": n},
    )


@dataclass(frozen=True)
class Backend:
    """A store, and how a command appends to it."""

    store: EventStore
    writer: StoreWriter | None = None

    async def append(
        self, stream_id: str, expected_version: int, events: Sequence[NewEvent]
    ) -> list[RecordedEvent]:
        if self.writer is not None:
            return await self.writer.append(stream_id, expected_version, events, CONTEXT)
        memory = self.store
        assert isinstance(memory, InMemoryEventStore)
        return await memory.append_in(None, stream_id, expected_version, events, CONTEXT)

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]:
        return await self.store.read_stream(stream_id)

    async def stream_version(self, stream_id: str) -> int:
        return await self.store.stream_version(stream_id)


@pytest.fixture(params=["memory", "postgresql"])
async def store(
    request: pytest.FixtureRequest, make_postgres_database: Any
) -> AsyncIterator[Backend]:
    if request.param == "memory":
        yield Backend(InMemoryEventStore())
        return
    engine = create_engine(await make_postgres_database())
    await create_store_tables(engine)
    writer = StoreWriter.on(engine)
    yield Backend(writer.store, writer)
    await engine.dispose()


async def test_append_numbers_stream_versions_and_keeps_the_envelope(store: Backend) -> None:
    stream = f"campaign-{uuid.uuid4()}"
    events = [new_event(1), new_event(2)]

    recorded = await store.append(stream, 0, events)

    assert [e.stream_version for e in recorded] == [1, 2]
    assert recorded[0].position < recorded[1].position
    read = await store.read_stream(stream)
    assert [e.event_id for e in read] == [e.event_id for e in events]
    first = read[0]
    assert first.agency == "06"
    assert first.correlation_id == CONTEXT.correlation_id
    assert first.payload == events[0].payload
    assert first.occurred_at == datetime(2020, 5, 14, 8, 30, tzinfo=UTC)
    assert first.recorded_at.tzinfo is not None
    assert await store.stream_version(stream) == 2


async def test_stale_expected_version_raises_conflict_and_writes_nothing(
    store: Backend,
) -> None:
    stream = f"campaign-{uuid.uuid4()}"
    await store.append(stream, 0, [new_event()])

    with pytest.raises(ConcurrencyConflict) as raised:
        await store.append(stream, 0, [new_event(), new_event()])

    assert raised.value.actual_version == 1
    assert len(await store.read_stream(stream)) == 1


async def test_expected_version_ahead_of_the_stream_is_a_conflict(store: Backend) -> None:
    stream = f"campaign-{uuid.uuid4()}"
    with pytest.raises(ConcurrencyConflict):
        await store.append(stream, 3, [new_event()])
    assert await store.stream_version(stream) == 0


async def test_concurrent_writers_on_one_stream_exactly_one_wins(store: Backend) -> None:
    stream = f"campaign-{uuid.uuid4()}"
    await store.append(stream, 0, [new_event()])

    async def write(n: int) -> str:
        try:
            await store.append(stream, 1, [new_event(n), new_event(n)])
        except ConcurrencyConflict:
            return "conflict"
        return "ok"

    outcomes = await asyncio.gather(*(write(n) for n in range(8)))

    assert outcomes.count("ok") == 1
    assert outcomes.count("conflict") == 7
    versions = [e.stream_version for e in await store.read_stream(stream)]
    assert versions == [1, 2, 3]


async def test_positions_follow_the_order_of_the_appends(store: Backend) -> None:
    streams = [f"s-{uuid.uuid4()}" for _ in range(3)]
    recorded = [
        event for stream in streams for event in await store.append(stream, 0, [new_event()])
    ]

    assert [e.stream_id for e in recorded] == streams
    positions = [e.position for e in recorded]
    assert positions == sorted(set(positions))
