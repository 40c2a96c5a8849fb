"""The outbox relay: committed events from the store to the broker, until all acknowledged."""

from __future__ import annotations

import statistics
import uuid

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.append import PRELOAD_STREAM_EVENTS, PRELOAD_WRITERS, preload
from benchmarks.common import Result, Run, settle, timed
from benchmarks.kafka import credentials_for, sample_values
from shared.kafka.topics import ensure_topics
from shared.outbox import KafkaEventPublisher, OutboxRelay, RelayConfig

PARTITIONS = 3
RELAY_BATCH = 5000


async def bench_relay(
    engine: AsyncEngine, bootstrap: str, events: int, runs: int
) -> tuple[Result, str]:
    """Preload the store once, relay it ``runs`` times (new topic each); also the first topic."""
    result = Result(
        f"relay: store → broker, batch {RELAY_BATCH:,}", target="≥ 70 % of the raw producer"
    )
    result.notes.append(await prepare_store(engine, events))
    topics = []
    for _ in range(runs):
        run, topic = await relay_to_new_topic(engine, bootstrap, events)
        result.runs.append(run)
        topics.append(topic)
    result.notes.append(await describe_messages(bootstrap, topics[0]))
    result.notes.append(f"topics ({PARTITIONS} partitions): {', '.join(topics)}")
    return result, topics[0]


async def prepare_store(engine: AsyncEngine, events: int) -> str:
    """Preload ``events`` events; a note for the report."""
    loaded = await preload(engine, events)
    return (
        f"preloaded {events:,} events, {PRELOAD_STREAM_EVENTS} per stream and append, "
        f"{PRELOAD_WRITERS} connections, at {loaded.rate:,.0f} ev/s (not a figure)"
    )


async def relay_to_new_topic(engine: AsyncEngine, bootstrap: str, events: int) -> tuple[Run, str]:
    """Create a topic and relay the whole store to it with a new relay name (checkpoint 0)."""
    topic = f"bench.relay.{uuid.uuid4().hex[:8]}"
    credentials = credentials_for(bootstrap)
    await ensure_topics(bootstrap, [topic], PARTITIONS, credentials=credentials)
    publisher = KafkaEventPublisher(
        bootstrap, client_id="tdkt-bench-relay", credentials=credentials
    )
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
        if await relay.relay_once() == 0 and relay.published_total < events:
            raise RuntimeError(f"relay stalled at {relay.published_total:,} of {events:,}")


async def describe_messages(bootstrap: str, topic: str) -> str:
    """Mean size of the Kafka values and of their payloads, over up to 1,000 of them."""
    values = await sample_values(bootstrap, topic, 1000)
    payloads = [len(orjson.dumps(orjson.loads(value)["payload"])) for value in values]
    return (
        f"Kafka value {statistics.mean(map(len, values)):,.0f} B, of which payload "
        f"{statistics.mean(payloads):,.0f} B (compact JSON, UTF-8)"
    )
