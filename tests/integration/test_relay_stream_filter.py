"""One store, two topics (issue 18): the national registry's ownership streams go to the
ownership topic, every other stream to its registry topic, each by a relay of its own."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Any

import orjson
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.eventstore.tables import events
from shared.kafka.topics import TopicNames, ensure_topics
from shared.outbox import KafkaEventPublisher, OutboxRelay, RelayConfig, StreamSelection
from shared.outbox.topic_log import topic_extents
from tests.harness.event_store import OFFICER_CONTEXT, StoreWriter, numbered_event
from tests.harness.kafka_reader import read_topic
from tests.harness.lost_log import recreate_topic

pytestmark = pytest.mark.integration

OWNERSHIP = "ownership-"


@pytest.fixture
def engine(store_engine: AsyncEngine) -> AsyncEngine:
    return store_engine


@pytest.fixture
def topics(unique_prefix: str) -> TopicNames:
    return TopicNames(prefix=unique_prefix)


@pytest.fixture
async def publisher(kafka_bootstrap: str, topics: TopicNames) -> AsyncIterator[Any]:
    await ensure_topics(kafka_bootstrap, [topics.registry_events], partitions=3)
    await ensure_topics(kafka_bootstrap, [topics.ownership_events], partitions=1)
    kafka = KafkaEventPublisher(kafka_bootstrap)
    await kafka.start()
    yield kafka
    await kafka.stop()


def relays(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topics: TopicNames, batch_size: int
) -> tuple[OutboxRelay, OutboxRelay]:
    """The national registry's two relays: everything but the ownership streams, and those."""
    rest = RelayConfig(
        topic=topics.registry_events,
        relay_name="registry-events",
        batch_size=batch_size,
        streams=StreamSelection(OWNERSHIP, include=False),
    )
    ownership = RelayConfig(
        topic=topics.ownership_events,
        relay_name="registry-ownership",
        batch_size=batch_size,
        streams=StreamSelection(OWNERSHIP, include=True),
    )
    return OutboxRelay(engine, publisher, rest), OutboxRelay(engine, publisher, ownership)


async def drain(relay: OutboxRelay) -> int:
    """Relay batches until there is nothing more; the number of events published."""
    total = 0
    while published := await relay.relay_once():
        total += published
    return total


async def interleaved(engine: AsyncEngine) -> tuple[list[str], list[str]]:
    """Events of member streams and of ownership streams, interleaved in the store; the
    stream ids of each kind, in store order."""
    writer = StoreWriter.on(engine)
    members, owned = [f"member-{n}-{uuid.uuid4().hex[:6]}" for n in range(3)], ["01", "79"]
    rest: list[str] = []
    ownership: list[str] = []
    for version in range(6):
        for stream in members:
            await writer.append(stream, version, [numbered_event(version)], OFFICER_CONTEXT)
            rest.append(stream)
        if version % 2 == 0:  # versions 0, 2, 4: three assignments per agency
            for agency in owned:
                stream = f"{OWNERSHIP}{agency}"
                appended = [numbered_event(version)]
                await writer.append(stream, version // 2, appended, OFFICER_CONTEXT)
                ownership.append(stream)
    return rest, ownership


def streams_of(records: Sequence[Any]) -> list[tuple[str, int]]:
    return [(r.key.decode(), orjson.loads(r.value)["stream_version"]) for r in records]


async def held(bootstrap: str, topic: str) -> int:
    return (await topic_extents(bootstrap, [topic]))[topic].appended


async def test_each_topic_gets_exactly_its_streams_in_order(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topics: TopicNames, kafka_bootstrap: str
) -> None:
    rest, ownership = await interleaved(engine)
    main, owner = relays(engine, publisher, topics, batch_size=4)  # several short batches

    assert await drain(main) == len(rest) == 18
    assert await drain(owner) == len(ownership) == 6

    registry_records = await read_topic(kafka_bootstrap, topics.registry_events, at_least=18)
    ownership_records = await read_topic(kafka_bootstrap, topics.ownership_events, at_least=6)
    assert await held(kafka_bootstrap, topics.registry_events) == 18
    assert await held(kafka_bootstrap, topics.ownership_events) == 6
    assert not any(key.startswith(OWNERSHIP) for key, _ in streams_of(registry_records))
    for stream in set(rest):
        versions = [v for key, v in streams_of(registry_records) if key == stream]
        assert versions == list(range(1, 7))
    # One partition: the ownership topic holds the store's order of them.
    expected = [(s, rank // 2 + 1) for rank, s in enumerate(ownership)]
    assert streams_of(ownership_records) == expected


async def test_each_head_counts_only_its_streams(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topics: TopicNames
) -> None:
    await interleaved(engine)
    main, owner = relays(engine, publisher, topics, batch_size=100)
    before = await owner.head()
    assert (before.events, before.published_events, before.published_position) == (6, 0, 0)

    await drain(main)
    await drain(owner)

    store_last = await last_position(engine, None)
    main_head, owner_head = await main.head(), await owner.head()
    assert (main_head.topic, main_head.events, main_head.published_events) == (
        topics.registry_events,
        18,
        18,
    )
    assert main_head.last_position == await last_position(engine, False)
    assert (owner_head.topic, owner_head.events, owner_head.published_events) == (
        topics.ownership_events,
        6,
        6,
    )
    assert owner_head.last_position == await last_position(engine, True)
    # Read up to the store's head: the next poll scans no numbered_event it passed already.
    assert main_head.published_position == owner_head.published_position == store_last

    await StoreWriter.on(engine).append("member-late", 0, [numbered_event(99)], OFFICER_CONTEXT)
    assert await owner.relay_once() == 0
    assert (await owner.head()).published_position == store_last + 1
    assert (await owner.head()).events == 6


async def test_loss_is_judged_per_topic(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topics: TopicNames, kafka_bootstrap: str
) -> None:
    """Each topic holds fewer records than the store has events, and that is no loss; the
    ownership topic losing its log is, and only its relay publishes again."""
    _, ownership = await interleaved(engine)
    main, owner = relays(engine, publisher, topics, batch_size=100)
    await drain(main)
    await drain(owner)
    assert await main.verify_topic() is False
    assert await owner.verify_topic() is False

    await recreate_topic(kafka_bootstrap, topics.ownership_events, partitions=1)

    assert await main.verify_topic() is False
    assert await owner.verify_topic() is True
    assert (main.republished_total, owner.republished_total) == (0, 1)
    assert await drain(owner) == len(ownership)
    assert await drain(main) == 0
    records = await read_topic(kafka_bootstrap, topics.ownership_events, at_least=6)
    assert [key for key, _ in streams_of(records)] == ownership
    assert await held(kafka_bootstrap, topics.registry_events) == 18


async def last_position(engine: AsyncEngine, ownership: bool | None) -> int:
    query = select(func.max(events.c.position))
    if ownership is not None:
        matching = events.c.stream_id.startswith(OWNERSHIP)
        query = query.where(matching if ownership else ~matching)
    async with engine.connect() as connection:
        return int(await connection.scalar(query) or 0)
