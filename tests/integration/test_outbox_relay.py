"""The outbox relay against the real broker (Apache Kafka) and PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import orjson
import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.envelope import NewEvent
from shared.eventstore import RecordedEvent
from shared.kafka.topics import ensure_topics
from shared.observability.metrics import ServiceMetrics, render
from shared.outbox import KafkaEventPublisher, OutboxRelay, OutgoingMessage, RelayConfig
from shared.outbox import relay as relay_module
from shared.outbox.publisher import Delivery
from shared.outbox.reader import CommittedBatch
from shared.outbox.topic_log import TopicMissing, topic_extents
from shared.runtime.relay_runner import RelayRunner
from tests.harness.event_store import OFFICER_CONTEXT, StoreWriter, numbered_event
from tests.harness.infra import eventually
from tests.harness.kafka_reader import read_topic
from tests.harness.lost_log import create_topic, delete_topic, recreate_topic

pytestmark = pytest.mark.integration


def event(n: int) -> NewEvent:
    return numbered_event(n, rating="HTXSNV")


async def one_event_streams(engine: AsyncEngine, count: int) -> list[RecordedEvent]:
    """``count`` streams of one event each, appended one after the other (positions in order)."""
    writer = StoreWriter.on(engine)
    written: list[RecordedEvent] = []
    for n in range(count):
        written += await writer.append(f"s-{n}", 0, [event(n)], OFFICER_CONTEXT)
    return written


@pytest.fixture
def engine(store_engine: AsyncEngine) -> AsyncEngine:
    return store_engine


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
    writer = StoreWriter.on(engine)
    stream = f"member-{uuid.uuid4()}"
    appended = await writer.append(stream, 0, [event(1), event(2), event(3)], OFFICER_CONTEXT)

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
    assert headers["correlation_id"] == str(OFFICER_CONTEXT.correlation_id).encode()
    body = orjson.loads(first.value)
    assert body["stream_version"] == 1
    assert body["payload"] == {"n": 1, "rating": "HTXSNV"}
    stored = (await writer.store.read_stream(stream))[0].wire()  # the one encoder, as tests use it
    assert (first.key, list(first.headers)) == (stored.key, stored.headers)
    assert list(body.items()) == list(orjson.loads(stored.value).items())  # members in order


async def test_concurrent_appends_all_arrive_none_skipped(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    relay = OutboxRelay(engine, publisher, RelayConfig(topic=topic, batch_size=50))
    waking_writer = StoreWriter.on(engine, on_appended=relay.wake)

    async def writer(task: int) -> list[str]:
        written = []
        for n in range(15):
            stream = f"s-{task}-{n % 3}"
            version = await waking_writer.store.stream_version(stream)
            recorded = await waking_writer.append(stream, version, [event(n)], OFFICER_CONTEXT)
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


async def test_event_committed_after_a_later_numbered_one_is_not_skipped(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    writer = StoreWriter.on(engine)
    relay = OutboxRelay(engine, publisher, RelayConfig(topic=topic))
    slow = event(1)
    async with engine.connect() as slow_connection:
        transaction = await slow_connection.begin()
        # The slow event takes the lower position, the fast one a higher one and commits first.
        await writer.store.append_in(slow_connection, "slow", 0, [slow], OFFICER_CONTEXT)
        fast = await writer.append("fast", 0, [event(2)], OFFICER_CONTEXT)
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

    async def send(self, topic: str, messages: Sequence[OutgoingMessage]) -> Delivery:
        await self._real.publish(topic, messages[: len(messages) // 2])
        raise ConnectionError("relay killed mid-batch")


async def test_relay_killed_mid_batch_resumes_without_losing_events(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    written = await one_event_streams(engine, 20)
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


class FailingOncePublisher:
    """Fails its second publish after sending half of it; publishes normally otherwise."""

    def __init__(self, real: KafkaEventPublisher) -> None:
        self._real, self.calls = real, 0

    async def send(self, topic: str, messages: Sequence[OutgoingMessage]) -> Delivery:
        self.calls += 1
        if self.calls == 2:
            await self._real.publish(topic, messages[: len(messages) // 2])
            raise ConnectionError("broker gone mid-batch")
        return await self._real.send(topic, messages)


class UnacknowledgedPublisher:
    """Sends everything; the broker's acknowledgement of the second batch never comes."""

    def __init__(self, real: KafkaEventPublisher) -> None:
        self._real, self.calls = real, 0

    async def send(self, topic: str, messages: Sequence[OutgoingMessage]) -> Delivery:
        self.calls += 1
        delivery = await self._real.send(topic, messages)
        if self.calls != 2:
            return delivery
        await delivery
        failed: Delivery = asyncio.get_running_loop().create_future()
        failed.set_exception(TimeoutError("no acknowledgement"))
        return failed


async def test_full_batches_follow_one_another_each_event_published_once(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    written = await one_event_streams(engine, 35)
    relay = OutboxRelay(engine, publisher, RelayConfig(topic=topic, batch_size=10))

    sent = [await relay.relay_once() for _ in range(5)]
    records = await read_topic(kafka_bootstrap, topic, at_least=35)

    assert sent == [10, 10, 10, 5, 0]
    assert sorted(ids_of(records)) == sorted(str(e.event_id) for e in written)
    assert len(records) == 35


async def test_a_backlog_is_sent_batch_after_batch_each_checkpointed_once_acknowledged(
    engine: AsyncEngine,
    publisher: KafkaEventPublisher,
    topic: str,
    kafka_bootstrap: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The next batch is read while one is sent, and sent while the previous one waits for
    its acknowledgement; the checkpoint never passes a batch not yet acknowledged."""
    positions = [e.position for e in await one_event_streams(engine, 25)]
    steps: list[str] = []
    read = relay_module.read_committed_batch

    async def reading(engine: AsyncEngine, after: int, *args: Any) -> CommittedBatch:
        steps.append(f"read after {positions.index(after) + 1 if after else 0}")
        return await read(engine, after, *args)

    next_sent = [asyncio.Event() for _ in range(4)]

    class AcknowledgedOnceTheNextIsSent:
        """Batch n's acknowledgement comes when batch n + 1 is sent, or after 0.3 s: a relay
        that waited for it before sending the next would see it first."""

        async def send(self, topic: str, messages: Sequence[OutgoingMessage]) -> Delivery:
            number = sum(step.startswith("send") for step in steps) + 1
            steps.append(f"send #{number}")
            next_sent[number - 1].set()
            delivery = await publisher.send(topic, messages)

            async def acknowledged() -> None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(next_sent[number].wait(), timeout=0.3)
                await delivery
                steps.append(f"acknowledged #{number}")

            return asyncio.ensure_future(acknowledged())

    monkeypatch.setattr(relay_module, "read_committed_batch", reading)
    relay = OutboxRelay(
        engine, AcknowledgedOnceTheNextIsSent(), RelayConfig(topic=topic, batch_size=10)
    )
    sent, checkpoints = [], []
    for _ in range(4):
        sent.append(await relay.relay_once())
        checkpoints.append((await relay.head()).published_position)

    assert sent == [10, 10, 5, 0]
    assert checkpoints == [0, positions[9], positions[24], positions[24]]
    assert steps == [
        "read after 0",
        "send #1",
        "read after 10",  # ahead, while the first batch is sent
        "send #2",  # before the first batch is acknowledged
        "read after 20",
        "acknowledged #1",
        "send #3",
        "acknowledged #2",
        "acknowledged #3",  # a short batch: acknowledged before the round ends
        "read after 25",  # nothing was read ahead after a short batch
    ]
    assert len(await read_topic(kafka_bootstrap, topic, at_least=25)) == 25


async def test_a_batch_never_acknowledged_is_sent_again_with_the_one_after_it(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    written = await one_event_streams(engine, 20)
    config = RelayConfig(topic=topic, batch_size=5, lease_ttl=timedelta(milliseconds=300))
    relay = OutboxRelay(engine, UnacknowledgedPublisher(publisher), config)

    assert [await relay.relay_once(), await relay.relay_once()] == [5, 5]
    with pytest.raises(TimeoutError):
        await relay.relay_once()  # sends the third batch, then learns the second failed

    assert (await relay.head()).published_position == written[4].position
    async with running(relay):
        records = await read_topic(kafka_bootstrap, topic, at_least=30)
    assert set(ids_of(records)) == {str(e.event_id) for e in written}
    assert len(records) == 30  # batches 2 and 3 twice (both were delivered), nothing lost
    assert (await relay.head()).published_position == written[-1].position


async def test_after_a_failed_publish_the_same_relay_resumes_from_its_checkpoint(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    written = await one_event_streams(engine, 20)
    failing = FailingOncePublisher(publisher)
    config = RelayConfig(topic=topic, batch_size=5, lease_ttl=timedelta(milliseconds=300))
    relay = OutboxRelay(engine, failing, config)

    assert await relay.relay_once() == 5
    with pytest.raises(ConnectionError):
        await relay.relay_once()  # batch 6-10 half sent
    async with running(relay):  # the relay's own loop: lease again, from its checkpoint
        records = await read_topic(kafka_bootstrap, topic, at_least=27)

    assert set(ids_of(records)) == {str(e.event_id) for e in written}
    # Twice: the first batch (in flight when the second failed) and the half-sent batch's
    # first 2; nothing lost or skipped.
    assert len(records) == 27


async def test_only_one_relay_publishes_per_database(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    writer = StoreWriter.on(engine)
    first = OutboxRelay(engine, publisher, RelayConfig(topic=topic, relay_name="r"))
    second = OutboxRelay(engine, publisher, RelayConfig(topic=topic, relay_name="r"))
    for n in range(10):
        await writer.append(f"s-{n}", 0, [event(n)], OFFICER_CONTEXT)

    async with running(first), running(second):
        records = await read_topic(kafka_bootstrap, topic, at_least=10)
        await asyncio.sleep(0.6)  # both relays poll at least once more

    assert len(records) == 10
    assert sorted([first.published_total, second.published_total]) == [0, 10]


async def test_an_idle_relay_writes_only_to_renew_its_lease(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str
) -> None:
    """Polling with nothing to publish writes nothing, but a third of the lease's time."""
    state = text("SELECT xmin::text, lease_until FROM relay_state WHERE relay_name = 'idle'")

    async def written() -> tuple[str, datetime] | None:
        """The row's last writer and lease, once a relay holds it."""
        async with engine.connect() as connection:
            row = (await connection.execute(state)).first()
        return None if row is None or row[1] is None else (str(row[0]), row[1])

    async def held() -> tuple[str, datetime]:
        taken = await eventually(written, message="the relay takes its lease")
        assert taken is not None
        return taken

    def relay(ttl_s: float) -> OutboxRelay:
        lease = timedelta(seconds=ttl_s)
        config = RelayConfig(topic=topic, relay_name="idle", idle_poll_s=0.02, lease_ttl=lease)
        return OutboxRelay(engine, publisher, config)

    async with running(relay(ttl_s=60)):
        taken = await held()
        await asyncio.sleep(0.1)  # its first round, after the lease
        taken = await held()
        await asyncio.sleep(0.5)  # about 25 polls
        assert await written() == taken
    async with running(relay(ttl_s=0.6)):  # renewed every 0.2 s
        taken = await held()
        await asyncio.sleep(0.5)
        renewed = await held()
    assert renewed[0] != taken[0]
    assert renewed[1] > taken[1]


# --- A log that cannot silently go missing -------------------------------------------------


async def test_the_relay_producer_is_idempotent_with_acks_from_all_replicas(
    publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    """A batch sent again with the same producer id and sequence (a retry after a lost
    acknowledgement) is written once: the broker deduplicates an idempotent producer."""
    message = OutgoingMessage(b"stream-1", b'{"n": 1}', [])
    await publisher.publish(topic, [message])
    producer: Any = publisher.producer
    assert producer is not None
    assert producer._sender._acks == -1  # acks="all"
    manager = producer._txn_manager
    assert manager is not None
    assert manager.producer_id >= 0  # the broker gave it an id
    [partition] = [tp for tp in manager._sequence_numbers if tp.topic == topic]
    manager._sequence_numbers[partition] -= 1  # as if the acknowledgement had been lost

    await publisher.publish(topic, [message])

    assert (await topic_extents(kafka_bootstrap, [topic]))[topic].appended == 1


async def append_events(engine: AsyncEngine, count: int) -> set[str]:
    writer = StoreWriter.on(engine)
    written: set[str] = set()
    for n in range(count):
        recorded = await writer.append(f"s-{n % 4}-{uuid.uuid4()}", 0, [event(n)], OFFICER_CONTEXT)
        written |= {str(e.event_id) for e in recorded}
    return written


def republished(runner: RelayRunner, text: str) -> float:
    name = runner.relay.config.relay_name
    prefix = f'tdkt_relay_republish_total{{relay="{name}"}} '
    [line] = [line for line in text.splitlines() if line.startswith(prefix)]
    return float(line.removeprefix(prefix))


async def scrape(engine: AsyncEngine, runner: RelayRunner) -> str:
    """The service's /metrics page, for a service of this engine and relay."""
    registry = CollectorRegistry()
    metrics = ServiceMetrics(lambda: SimpleNamespace(engine=engine, relay=runner))
    registry.register(metrics)
    return (await render(registry, metrics)).decode()


async def test_a_failed_publish_is_bounded_and_the_next_one_uses_a_new_producer(
    topic: str, kafka_bootstrap: str
) -> None:
    """An idempotent aiokafka producer retries until delivered: the publisher bounds each
    publish, then replaces the producer (whose sequence numbers a broker may now refuse)."""
    kafka = KafkaEventPublisher(kafka_bootstrap, publish_timeout_s=1.0)
    await kafka.start()
    try:
        first: Any = kafka.producer
        with pytest.raises(TimeoutError):
            await kafka.publish(f"{topic}.missing", [OutgoingMessage(b"k", b"{}", [])])
        assert kafka.producer is None

        await kafka.publish(topic, [OutgoingMessage(b"k", b"{}", [])])

        second: Any = kafka.producer
        assert second is not None
        assert second is not first
        assert second._txn_manager.producer_id != first._txn_manager.producer_id
    finally:
        await kafka.stop()
    assert (await topic_extents(kafka_bootstrap, [topic]))[topic].appended == 1


async def test_each_streams_events_arrive_in_order(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    """Several producer batches per partition in each relay batch (16 KB events), relay
    batches sent while earlier ones wait for their acknowledgement: per key, the store's
    order."""
    writer = StoreWriter.on(engine)
    streams = [f"ordered-{n}-{uuid.uuid4()}" for n in range(3)]
    for version in range(120):
        for stream in streams:
            large = event(version).model_copy(update={"payload": {"text": "x" * 16_000}})
            await writer.append(stream, version, [large], OFFICER_CONTEXT)
    relay = OutboxRelay(engine, publisher, RelayConfig(topic=topic, batch_size=70))
    async with running(relay):
        records = await read_topic(kafka_bootstrap, topic, at_least=360)

    for stream in streams:
        versions = [
            orjson.loads(r.value)["stream_version"] for r in records if r.key == stream.encode()
        ]
        assert versions == list(range(1, 121))


async def test_a_relay_starting_on_a_topic_that_lost_records_publishes_everything_again(
    engine: AsyncEngine,
    topic: str,
    kafka_bootstrap: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    written = await append_events(engine, 12)
    config = RelayConfig(topic=topic, relay_name="lost-log")
    first = RelayRunner(engine, kafka_bootstrap, config)
    await first.start()
    await read_topic(kafka_bootstrap, topic, at_least=12)
    await first.stop()

    await recreate_topic(kafka_bootstrap, topic)
    stray = [OutgoingMessage(b"stray", b'{"stray": true}', []) for _ in range(5)]
    kafka = KafkaEventPublisher(kafka_bootstrap)
    await kafka.start()
    await kafka.publish(topic, stray)  # the new topic holds 5 records, fewer than 12
    await kafka.stop()

    second = RelayRunner(engine, kafka_bootstrap, config)
    assert republished(second, await scrape(engine, second)) == 0
    with caplog.at_level(logging.WARNING, logger="shared.outbox.relay"):
        await second.start()
        records = await read_topic(kafka_bootstrap, topic, at_least=17)
        await second.stop()

    events_again = [r for r in records if r.key != b"stray"]
    assert sorted(ids_of(events_again)) == sorted(written)
    assert republished(second, await scrape(engine, second)) == 1
    [warning] = [r.getMessage() for r in caplog.records if "lost records" in r.getMessage()]
    assert f"topic {topic} holds 5 records but 12 events were published" in warning

    restarted = OutboxRelay(engine, KafkaEventPublisher(kafka_bootstrap), config)
    assert await restarted.relay_once() == 0  # the topic is intact: nothing to publish
    assert restarted.republished_total == 0
    assert (await topic_extents(kafka_bootstrap, [topic]))[topic].appended == 17


async def test_a_running_relay_notices_a_lost_log_within_its_verify_interval(
    engine: AsyncEngine, topic: str, kafka_bootstrap: str
) -> None:
    written = await append_events(engine, 8)
    config = RelayConfig(topic=topic, relay_name="lost-while-running", verify_interval_s=0.3)
    runner = RelayRunner(engine, kafka_bootstrap, config)
    await runner.start()
    try:
        await read_topic(kafka_bootstrap, topic, at_least=8)
        await recreate_topic(kafka_bootstrap, topic)
        records = await read_topic(kafka_bootstrap, topic, at_least=8, timeout_s=10)
        more = await append_events(engine, 2)  # the same producer still publishes afterwards
        records = await read_topic(kafka_bootstrap, topic, at_least=10, timeout_s=10)
    finally:
        await runner.stop()

    assert set(ids_of(records)) == written | more
    assert runner.relay.republished_total == 1


async def test_the_relay_does_not_republish_when_the_topic_holds_more_than_it_published(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    """Records published twice (a crash before the checkpoint) are no loss."""
    await append_events(engine, 4)
    await publisher.publish(topic, [OutgoingMessage(b"k", b"{}", [])] * 3)
    relay = OutboxRelay(engine, publisher, RelayConfig(topic=topic))
    assert await relay.relay_once() == 4
    assert await relay.verify_topic() is False
    assert relay.republished_total == 0


async def test_a_relay_whose_topic_is_gone_waits_for_it_then_publishes_everything_again(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str, kafka_bootstrap: str
) -> None:
    written = await append_events(engine, 5)
    config = RelayConfig(topic=topic, owner="the-same-process")  # takes over its own lease
    assert await OutboxRelay(engine, publisher, config).relay_once() == 5
    await delete_topic(kafka_bootstrap, topic)

    restarted = OutboxRelay(engine, publisher, config)
    with pytest.raises(TopicMissing, match="does not exist"):
        await restarted.relay_once()  # nothing to verify against: no checkpoint moved
    assert restarted.republished_total == 0

    await create_topic(kafka_bootstrap, topic)
    assert await restarted.relay_once() == 5
    assert restarted.republished_total == 1
    records = await read_topic(kafka_bootstrap, topic, at_least=5)
    assert sorted(ids_of(records)) == sorted(written)
