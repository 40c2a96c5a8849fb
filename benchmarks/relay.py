"""The outbox relay: committed events from the store to the broker, until all acknowledged."""

from __future__ import annotations

import statistics
import uuid

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.append import preload
from benchmarks.common import Result, Run, settle, timed
from shared.kafka.topics import ensure_topics
from shared.outbox import KafkaEventPublisher, OutboxRelay, RelayConfig
from shared.outbox.lease import Checkpoint
from shared.outbox.reader import read_committed_batch

PARTITIONS = 3
RELAY_BATCH = 5000


async def bench_relay(
    engine: AsyncEngine, bootstrap: str, events: int, runs: int
) -> tuple[Result, str]:
    """Preload the store once, relay it ``runs`` times (new topic each); also the first topic."""
    result = Result(f"relay: store → broker, batch {RELAY_BATCH:,}", target="≥ 40,000")
    loaded = await preload(engine, events)
    result.notes.append(
        f"preloaded {events:,} events by 1,000-event appends on 2 connections "
        f"at {loaded.rate:,.0f} ev/s; {await message_sizes(engine)}"
    )
    topics = []
    for _ in range(runs):
        run, topic = await relay_to_new_topic(engine, bootstrap, events)
        result.runs.append(run)
        topics.append(topic)
    result.notes.append(f"topics ({PARTITIONS} partitions): {', '.join(topics)}")
    return result, topics[0]


async def relay_to_new_topic(engine: AsyncEngine, bootstrap: str, events: int) -> tuple[Run, str]:
    """Create a topic and relay the whole store to it with a new relay name (checkpoint 0)."""
    topic = f"bench.relay.{uuid.uuid4().hex[:8]}"
    await ensure_topics(bootstrap, [topic], PARTITIONS)
    publisher = KafkaEventPublisher(bootstrap, client_id="tdkt-bench-relay")
    await publisher.start()
    try:
        config = RelayConfig(topic=topic, relay_name=topic, batch_size=RELAY_BATCH)
        relay = OutboxRelay(engine, publisher, config)
        settle()
        run = await timed(events, lambda: _relay_all(relay, events))
    finally:
        await publisher.stop()
    return run, topic


async def _relay_all(relay: OutboxRelay, events: int) -> None:
    while relay.published_total < events:
        if await relay.relay_once() == 0:
            raise RuntimeError(f"relay stalled at {relay.published_total:,} of {events:,}")


async def first_value(engine: AsyncEngine) -> bytes:
    """The Kafka value the relay makes of the store's first event."""
    async with engine.connect() as connection:
        batch = await read_committed_batch(connection, Checkpoint(), 1)
    return batch[0][1].value


async def message_sizes(engine: AsyncEngine) -> str:
    """Mean size of the Kafka value and of its payload, over the first 1,000 events."""
    async with engine.connect() as connection:
        batch = await read_committed_batch(connection, Checkpoint(), 1000)
    values = [len(message.value) for _, message in batch]
    payloads = [len(orjson.dumps(orjson.loads(message.value)["payload"])) for _, message in batch]
    return (
        f"Kafka value {statistics.mean(values):,.0f} B "
        f"(payload {statistics.mean(payloads):,.0f} B JSON)"
    )
