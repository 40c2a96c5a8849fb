"""The PostgreSQL event store's batch path, as ``CommandRunner.run_batch`` uses it: the streams
of a batch read in one statement, the events of every stream appended in one."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database.engine import write_transaction
from shared.envelope import NewEvent
from shared.eventstore import AppendContext, SqlEventStore, StreamAppend
from shared.eventstore.tables import events
from tests.harness.event_store import store_engine  # noqa: F401  (fixture)

pytestmark = pytest.mark.integration

CONTEXT = AppendContext(agency="06", actor="cán bộ 'thi đua'", correlation_id=uuid.uuid4())
HANOI = timezone(timedelta(hours=7))


def event(n: int, occurred_at: datetime | None = None) -> NewEvent:
    return NewEvent(
        event_id=uuid.uuid4(),
        event_type="CampaignLaunched",
        schema_version=1,
        occurred_at=occurred_at or datetime(2020, 5, 14, 8, 30, n % 60, 123456, tzinfo=HANOI),
        payload={"title": f'Phong trào "thi đua" số {n}', "n": n, "nested": {"a": [1, None]}},
    )


async def append_many(
    engine: AsyncEngine, store: SqlEventStore, batch: dict[str, list[NewEvent]]
) -> list[list[int]]:
    async with write_transaction(engine) as connection:
        read = await store.read_streams_for_append_in(connection, list(batch))
        appends = [
            StreamAppend(stream, len(read.events[stream]), new, CONTEXT)
            for stream, new in batch.items()
        ]
        recorded = await store.append_many_after_read_in(connection, appends)
    return [[e.position for e in per_stream] for per_stream in recorded]


async def test_a_batch_of_streams_is_appended_in_its_order_and_read_back_whole(
    store_engine: AsyncEngine,  # noqa: F811
) -> None:
    store = SqlEventStore(store_engine)
    first = {f"s-{uuid.uuid4()}": [event(n), event(n + 1)] for n in range(0, 40, 2)}
    await append_many(store_engine, store, first)
    more = {stream: [event(99)] for stream in list(first)[::3]}
    more[f"s-{uuid.uuid4()}"] = [event(7)]

    positions = await append_many(store_engine, store, more)

    flat = [p for per_stream in positions for p in per_stream]
    assert flat == sorted(set(flat))
    async with store_engine.connect() as connection:
        rows = await connection.execute(select(events.c.event_id, events.c.position))
        stored = {event_id: position for event_id, position in rows}
    for stream, per_stream in zip(more, positions, strict=True):
        appended = [*first.get(stream, []), *more[stream]]
        read = await store.read_stream(stream)
        assert [e.event_id for e in read] == [e.event_id for e in appended]
        assert [e.stream_version for e in read] == list(range(1, len(appended) + 1))
        assert [e.position for e in read[-len(per_stream) :]] == per_stream
        assert [stored[e.event_id] for e in read] == [e.position for e in read]
        assert [e.payload for e in read] == [e.payload for e in appended]
        assert [e.occurred_at for e in read] == [e.occurred_at for e in appended]
        assert {(e.actor, e.agency, e.correlation_id, e.causation_id) for e in read} == {
            (CONTEXT.actor, "06", CONTEXT.correlation_id, None)
        }


async def test_reading_no_stream_or_new_ones_finds_no_events(
    store_engine: AsyncEngine,  # noqa: F811
) -> None:
    store = SqlEventStore(store_engine)
    async with write_transaction(store_engine) as connection:
        assert (await store.read_streams_for_append_in(connection, [])).events == {}
        read = await store.read_streams_for_append_in(connection, ["a", "b"])
    assert read.events == {"a": [], "b": []}


async def test_a_naive_time_is_refused_and_nothing_is_written(
    store_engine: AsyncEngine,  # noqa: F811
) -> None:
    store = SqlEventStore(store_engine)
    naive = event(1, occurred_at=datetime(2020, 5, 14, 8, 30))

    with pytest.raises(StatementError, match="naive"):
        await append_many(store_engine, store, {"s-1": [event(0), naive]})

    assert await store.read_stream("s-1") == []
    later = event(2)
    await append_many(store_engine, store, {"s-1": [later]})
    assert [e.event_id for e in await store.read_stream("s-1")] == [later.event_id]
