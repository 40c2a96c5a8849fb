"""The outbox relay against the real broker, on PostgreSQL and SQLite."""

from __future__ import annotations

import asyncio
import contextlib
import random
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database import create_engine
from shared.envelope import NewEvent
from shared.eventstore import AppendContext, SqlEventStore
from shared.kafka.topics import ensure_topics
from shared.outbox import KafkaEventPublisher, OutboxRelay, OutgoingMessage, RelayConfig
from tests.harness.kafka_reader import read_topic

pytestmark = pytest.mark.integration

CONTEXT = AppendContext(agency="01", actor="officer", correlation_id=uuid.uuid4())


def event(n: int) -> NewEvent:
    return NewEvent(
        event_id=uuid.uuid4(),
        event_type="RatingRecorded",
        schema_version=1,
        occurred_at=datetime(2019, 12, 31, tzinfo=UTC),
        payload={"n": n, "rating": "HTXSNV"},
    )


@pytest.fixture(params=["postgresql", "sqlite"])
async def engine(
    request: pytest.FixtureRequest, tmp_path: Path, make_postgres_database: Any
) -> AsyncIterator[AsyncEngine]:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'relay.db'}"
    else:
        url = await make_postgres_database()
    engine = create_engine(url)
    await SqlEventStore(engine).create_schema()
    yield engine
    await engine.dispose()


@pytest.fixture
async def topic(kafka_bootstrap: str, unique_prefix: str) -> str:
    name = f"{unique_prefix}.registry.events"
    await ensure_topics(kafka_bootstrap, [name], partitions=3)
    return name


@pytest.fixture
async def publisher(kafka_bootstrap: str) -> AsyncIterator[KafkaEventPublisher]:
    kafka = KafkaEventPublisher(kafka_bootstrap)
    await kafka.start()
    yield kafka
    await kafka.stop()


@contextlib.asynccontextmanager
async def running(relay: OutboxRelay) -> AsyncIterator[None]:
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=10)


def ids_of(records: Sequence[Any]) -> list[str]:
    return [orjson.loads(record.value)["event_id"] for record in records]


async def test_publishes_envelopes_keyed_by_stream_with_headers(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    store = SqlEventStore(engine)
    stream = f"member-{uuid.uuid4()}"
    appended = await store.append(stream, 0, [event(1), event(2), event(3)], CONTEXT)

    async with running(OutboxRelay(engine, publisher, RelayConfig(topic=topic))):
        records = await read_topic(kafka_bootstrap, topic, at_least=3)

    assert ids_of(records) == [str(e.event_id) for e in appended]
    first = records[0]
    assert first.key == stream.encode()
    headers = dict(first.headers)
    assert headers["event_type"] == b"RatingRecorded"
    assert headers["schema_version"] == b"1"
    assert headers["agency"] == b"01"
    assert headers["event_id"] == str(appended[0].event_id).encode()
    assert headers["correlation_id"] == str(CONTEXT.correlation_id).encode()
    body = orjson.loads(first.value)
    assert body["stream_version"] == 1
    assert body["payload"] == {"n": 1, "rating": "HTXSNV"}


async def test_concurrent_appends_all_arrive_none_skipped(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    store = SqlEventStore(engine)
    relay = OutboxRelay(engine, publisher, RelayConfig(topic=topic, batch_size=50))
    store_with_wake = SqlEventStore(engine, on_appended=relay.wake)

    async def writer(task: int) -> list[str]:
        written = []
        for n in range(15):
            stream = f"s-{task}-{n % 3}"
            version = await store.stream_version(stream)
            recorded = await store_with_wake.append(stream, version, [event(n)], CONTEXT)
            written += [str(e.event_id) for e in recorded]
            await asyncio.sleep(random.random() / 100)
        return written

    async with running(relay):
        written = [
            i for batch in await asyncio.gather(*(writer(t) for t in range(40))) for i in batch
        ]
        records = await read_topic(kafka_bootstrap, topic, at_least=len(written))

    assert set(ids_of(records)) == set(written)
    assert len(written) == 600


@pytest.fixture
async def pg_engine(make_postgres_database: Any) -> AsyncIterator[AsyncEngine]:
    """PostgreSQL only: SQLite serialises writers, so commit order is insert order there."""
    engine = create_engine(await make_postgres_database())
    await SqlEventStore(engine).create_schema()
    yield engine
    await engine.dispose()


async def test_event_committed_after_a_later_numbered_one_is_not_skipped(
    pg_engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    store = SqlEventStore(pg_engine)
    relay = OutboxRelay(pg_engine, publisher, RelayConfig(topic=topic))
    slow = event(1)
    async with pg_engine.connect() as slow_connection:
        transaction = await slow_connection.begin()
        await store.append_in(slow_connection, "slow", 0, [slow], CONTEXT)  # lower position
        fast = await store.append("fast", 0, [event(2)], CONTEXT)  # higher, commits first
        relaying = asyncio.create_task(relay.relay_once())
        done, _ = await asyncio.wait({relaying}, timeout=0.5)
        assert not done, "the relay must wait for the append still in flight"
        await transaction.commit()
    assert await relaying == 2

    records = await read_topic(kafka_bootstrap, topic, at_least=2)
    assert ids_of(records) == [str(slow.event_id), str(fast[0].event_id)] or set(
        ids_of(records)
    ) == {str(slow.event_id), str(fast[0].event_id)}


class CrashingPublisher:
    """Sends the first half of a batch, then dies (as a killed process would)."""

    def __init__(self, real: KafkaEventPublisher) -> None:
        self._real = real

    async def publish(self, topic: str, messages: Sequence[OutgoingMessage]) -> None:
        await self._real.publish(topic, messages[: len(messages) // 2])
        raise ConnectionError("relay killed mid-batch")


async def test_relay_killed_mid_batch_resumes_without_losing_events(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    store = SqlEventStore(engine)
    written = []
    for n in range(20):
        written += await store.append(f"s-{n}", 0, [event(n)], CONTEXT)
    short_lease = timedelta(milliseconds=300)
    crashing = OutboxRelay(
        engine, CrashingPublisher(publisher), RelayConfig(topic=topic, lease_ttl=short_lease)
    )
    with pytest.raises(ConnectionError):
        await crashing.relay_once()

    restarted = OutboxRelay(engine, publisher, RelayConfig(topic=topic, lease_ttl=short_lease))
    async with running(restarted):
        records = await read_topic(kafka_bootstrap, topic, at_least=30)

    assert set(ids_of(records)) == {str(e.event_id) for e in written}
    assert len(records) == 30  # 10 published twice: duplicates, nothing lost


async def test_only_one_relay_publishes_per_database(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    store = SqlEventStore(engine)
    first = OutboxRelay(engine, publisher, RelayConfig(topic=topic, relay_name="r"))
    second = OutboxRelay(engine, publisher, RelayConfig(topic=topic, relay_name="r"))
    for n in range(10):
        await store.append(f"s-{n}", 0, [event(n)], CONTEXT)

    async with running(first), running(second):
        records = await read_topic(kafka_bootstrap, topic, at_least=10)
        await asyncio.sleep(0.6)  # both relays poll at least once more

    assert len(records) == 10
    assert sorted([first.published_total, second.published_total]) == [0, 10]
