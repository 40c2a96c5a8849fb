"""The idempotent consumer on the real broker and PostgreSQL: faults it must survive."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
from faststream.kafka import KafkaBroker
from sqlalchemy import Column, Integer, MetaData, String, Table, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.consumer import (
    DeadLetter,
    IdempotentConsumer,
    IncomingRecord,
    PermanentEventError,
    RetryPolicy,
    subscribe_idempotent,
)
from shared.consumer.dead_letter import PublisherDeadLetterSink
from shared.consumer.tables import metadata as consumer_metadata
from shared.database import create_engine
from shared.events import AnyEvent, CampaignLaunched, parse_event
from shared.kafka.topics import ensure_topics
from shared.outbox import KafkaEventPublisher, OutgoingMessage
from tests.harness.events import campaign_launched, raw
from tests.harness.infra import eventually
from tests.harness.kafka_reader import read_topic

pytestmark = pytest.mark.integration

test_metadata = MetaData()
counts = Table(
    "campaigns_seen",
    test_metadata,
    Column("title", String(200), primary_key=True),
    Column("n", Integer, nullable=False),
)


class CountingHandler:
    """Counts campaigns by title; 'POISON' breaks an invariant; can fail transiently."""

    def __init__(self, transient_failures: int = 0) -> None:
        self.transient_failures = transient_failures

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        if self.transient_failures > 0:
            self.transient_failures -= 1
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("database down"))
        for event in events:
            assert isinstance(event.payload, CampaignLaunched)
            if event.payload.title == "POISON":
                raise PermanentEventError("campaign title breaks an invariant")
            statement = insert(counts).values(title=event.payload.title, n=1)
            statement = statement.on_conflict_do_update(
                index_elements=["title"], set_={"n": counts.c.n + 1}
            )
            await connection.execute(statement)


@pytest.fixture
async def engine(make_postgres_database: Any) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(await make_postgres_database())
    async with engine.begin() as connection:
        await connection.run_sync(consumer_metadata.create_all)
        await connection.run_sync(test_metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
async def topics(kafka_bootstrap: str, unique_prefix: str) -> tuple[str, str]:
    source, dead = f"{unique_prefix}.registry.events", f"{unique_prefix}.reporting.dlq"
    await ensure_topics(kafka_bootstrap, [source, dead])
    return source, dead


@pytest.fixture
async def producer(kafka_bootstrap: str) -> AsyncIterator[KafkaEventPublisher]:
    publisher = KafkaEventPublisher(kafka_bootstrap)
    await publisher.start()
    yield publisher
    await publisher.stop()


@contextlib.asynccontextmanager
async def consuming(
    bootstrap: str,
    engine: AsyncEngine,
    topics: tuple[str, str],
    producer: KafkaEventPublisher,
    handler: CountingHandler,
    group: str,
) -> AsyncIterator[IdempotentConsumer[AnyEvent]]:
    consumer = IdempotentConsumer(
        name="test-projection",
        engine=engine,
        parse=parse_event,
        event_id_of=lambda event: event.event_id,
        handler=handler,
        dead_letters=PublisherDeadLetterSink(producer, topics[1], group),
        retry=RetryPolicy(initial_backoff_s=0.05, max_backoff_s=0.2),
    )
    broker = KafkaBroker(bootstrap, logger=None, graceful_timeout=2.0)
    subscribe_idempotent(broker, consumer, topics[0], group_id=group, max_records=50)
    await broker.start()
    try:
        yield consumer
    finally:
        await broker.stop()


async def send(producer: KafkaEventPublisher, topic: str, *values: bytes) -> None:
    await producer.publish(topic, [OutgoingMessage(b"k", value, []) for value in values])


async def count_of(engine: AsyncEngine, title: str) -> int:
    async with engine.connect() as connection:
        found = await connection.scalar(select(counts.c.n).where(counts.c.title == title))
    return int(found or 0)


async def test_poison_messages_are_dead_lettered_and_the_next_event_is_applied(
    kafka_bootstrap: str,
    engine: AsyncEngine,
    topics: tuple[str, str],
    producer: KafkaEventPublisher,
) -> None:
    valid = campaign_launched(title="Thi đua hoàn thành kế hoạch năm")
    poison = [
        b"not json at all",
        raw(campaign_launched(), event_type="CampaignTeleported"),
        raw(campaign_launched(), schema_version=99),
        raw(campaign_launched(), payload={"campaign_id": "x"}),
        campaign_launched(title="POISON").to_json(),
    ]
    await send(producer, topics[0], *poison, valid.to_json())

    async with consuming(kafka_bootstrap, engine, topics, producer, CountingHandler(), "g1"):
        await eventually(lambda: has_count(engine, valid.payload["title"], 1))
        letters = await read_topic(kafka_bootstrap, topics[1], at_least=5)

    assert sorted(letter.value for letter in letters) == sorted(poison)
    reasons = {dict(letter.headers)["dlq.error_type"] for letter in letters}
    assert reasons == {
        b"InvalidEvent",
        b"UnknownEventType",
        b"UnsupportedSchemaVersion",
        b"PermanentEventError",
    }
    assert all(dict(letter.headers)[b"dlq.reason".decode()] for letter in letters)


async def test_the_same_event_delivered_twice_is_counted_once(
    kafka_bootstrap: str,
    engine: AsyncEngine,
    topics: tuple[str, str],
    producer: KafkaEventPublisher,
) -> None:
    twice = campaign_launched(title="Đợt thi đua 90 ngày đêm")
    marker = campaign_launched(title="marker")

    async with consuming(kafka_bootstrap, engine, topics, producer, CountingHandler(), "g2"):
        await send(producer, topics[0], twice.to_json(), twice.to_json())
        await eventually(lambda: has_count(engine, "Đợt thi đua 90 ngày đêm", 1))
        await send(producer, topics[0], twice.to_json(), marker.to_json())
        await eventually(lambda: has_count(engine, "marker", 1))

    assert await count_of(engine, "Đợt thi đua 90 ngày đêm") == 1


async def test_transient_database_errors_are_retried_and_nothing_is_dropped(
    kafka_bootstrap: str,
    engine: AsyncEngine,
    topics: tuple[str, str],
    producer: KafkaEventPublisher,
) -> None:
    event = campaign_launched(title="Thi đua khi cơ sở dữ liệu chập chờn")
    handler = CountingHandler(transient_failures=4)

    async with consuming(kafka_bootstrap, engine, topics, producer, handler, "g3") as consumer:
        await send(producer, topics[0], event.to_json())
        await eventually(lambda: has_count(engine, "Thi đua khi cơ sở dữ liệu chập chờn", 1))

    assert handler.transient_failures == 0
    assert consumer.dead_lettered_total == 0


async def test_offsets_are_committed_only_after_the_transaction(
    kafka_bootstrap: str,
    engine: AsyncEngine,
    topics: tuple[str, str],
    producer: KafkaEventPublisher,
) -> None:
    event = campaign_launched(title="Thi đua sau khi khởi động lại")
    stuck = CountingHandler(transient_failures=10**9)  # database "down" for this instance

    async with consuming(kafka_bootstrap, engine, topics, producer, stuck, "g4"):
        await send(producer, topics[0], event.to_json())
        await eventually(lambda: _fetched(stuck))
    async with consuming(kafka_bootstrap, engine, topics, producer, CountingHandler(), "g4"):
        await eventually(lambda: has_count(engine, "Thi đua sau khi khởi động lại", 1))


async def has_count(engine: AsyncEngine, title: str, expected: int) -> bool:
    return await count_of(engine, title) == expected


async def _fetched(handler: CountingHandler) -> bool:
    return handler.transient_failures < 10**9


def within_consumer(
    engine: AsyncEngine, handler: CountingHandler, letters: list[DeadLetter]
) -> IdempotentConsumer[AnyEvent]:
    class Keep:
        async def send(self, sent: list[DeadLetter]) -> None:
            letters.extend(sent)

    return IdempotentConsumer(
        name="test-projection",
        engine=engine,
        parse=parse_event,
        event_id_of=lambda event: event.event_id,
        handler=handler,
        dead_letters=Keep(),
        retry=RetryPolicy(initial_backoff_s=0.01, max_backoff_s=0.02),
    )


def incoming(*values: bytes) -> list[IncomingRecord]:
    return [IncomingRecord("t", 0, offset, b"k", value) for offset, value in enumerate(values)]


async def test_within_a_callers_transaction_a_poison_event_is_skipped_in_a_savepoint(
    engine: AsyncEngine,
) -> None:
    """The rebuild's way: the batch joins the caller's transaction; the poison event and the
    unparseable record go to the sink, the rest and the caller's own writes commit together."""
    letters: list[DeadLetter] = []
    consumer = within_consumer(engine, CountingHandler(), letters)
    good, poison = campaign_launched(title="A"), campaign_launched(title="POISON")

    async with engine.begin() as connection:
        await connection.execute(insert(counts).values(title="caller's own", n=1))
        await consumer.process_within(
            connection, incoming(good.to_json(), poison.to_json(), b"not json")
        )

    assert await count_of(engine, "A") == 1
    assert await count_of(engine, "caller's own") == 1
    assert await count_of(engine, "POISON") == 0
    assert sorted(letter.error_type for letter in letters) == [
        "InvalidEvent",
        "PermanentEventError",
    ]
    assert consumer.applied_total == 1


async def test_within_a_callers_transaction_a_transient_error_is_raised_not_waited_out(
    engine: AsyncEngine,
) -> None:
    consumer = within_consumer(engine, CountingHandler(transient_failures=1), [])

    with pytest.raises(OperationalError):
        async with engine.begin() as connection:
            await consumer.process_within(connection, incoming(campaign_launched().to_json()))

    assert consumer.applied_total == 0
