"""The ownership ledger read from the ownership topic (issue 18): whole at start, then followed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiokafka import AIOKafkaProducer

from shared.instances import NATIONAL, Assignment
from shared.instances.kafka_source import (
    KafkaOwnershipSource,
    OwnershipTopicMissing,
    assignment_of,
)
from shared.kafka.topics import TopicNames
from tests.harness.infra import create_topics, eventually
from tests.harness.ownership import assignment_envelope as assigned
from tests.harness.ownership import typed_assignment as typed
from tests.harness.reporting_events import agency_registered

pytestmark = pytest.mark.integration

T0 = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)


@pytest.fixture
async def topic(kafka_bootstrap: str, unique_prefix: str) -> str:
    name = TopicNames(prefix=unique_prefix).ownership_events
    await create_topics(kafka_bootstrap, [name], partitions=1)
    return name


@pytest.fixture
async def producer(kafka_bootstrap: str) -> AsyncIterator[AIOKafkaProducer]:
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        yield producer
    finally:
        await producer.stop()


@pytest.fixture
async def source(kafka_bootstrap: str, topic: str) -> AsyncIterator[KafkaOwnershipSource]:
    source = KafkaOwnershipSource(kafka_bootstrap, topic, refresh_interval_s=60)
    try:
        yield source
    finally:
        await source.stop()


async def publish(producer: AIOKafkaProducer, topic: str, *values: bytes) -> None:
    for value in values:
        await producer.send_and_wait(topic, value, key=b"ownership")


def test_an_assignment_is_effective_when_recorded() -> None:
    event = typed(assigned("79", "sct-79", 2, T0, previous="sct-01"))
    assert assignment_of(event) == Assignment("79", 2, T0, "sct-79")


async def test_start_reads_the_whole_topic_skipping_what_is_no_assignment(
    producer: AIOKafkaProducer, topic: str, source: KafkaOwnershipSource
) -> None:
    await publish(
        producer,
        topic,
        assigned("01", "sct-01", 1, T0).to_json(),
        b"not json at all",
        agency_registered().to_json(),  # a valid event, but no assignment
        b'{"event_type": "AgencyOwnershipAssigned", "schema_version": 1}',
        assigned("79", "sct-79", 1, T0 + timedelta(hours=1)).to_json(),
        assigned("01", NATIONAL, 2, T0 + timedelta(days=1), previous="sct-01").to_json(),
    )
    assert not source.ready

    await source.start(timeout_s=30)

    assert source.ready
    ledger = source.ledger
    assert ledger.owner_now("79") == "sct-79"
    assert ledger.owner_now("01") == NATIONAL
    assert ledger.owner_at("01", T0 + timedelta(hours=2)) == "sct-01"
    assert ledger.last_sequence("01") == 2
    assert ledger.history().keys() == {"01", "79"}


async def test_refresh_returns_with_what_was_published_before_it(
    producer: AIOKafkaProducer, topic: str, source: KafkaOwnershipSource
) -> None:
    await source.start(timeout_s=30)  # an empty topic is read to its end at once
    assert source.ready
    assert source.ledger.owner_now("01") == NATIONAL

    await publish(producer, topic, assigned("01", "sct-01", 1, T0).to_json())
    await asyncio.gather(*(source.refresh() for _ in range(5)))  # one at a time, all fine

    assert source.ledger.owner_now("01") == "sct-01"
    assert source.ledger.history() == {"01": [Assignment("01", 1, T0, "sct-01")]}


async def test_the_source_is_current_while_its_catch_ups_succeed(
    source: KafkaOwnershipSource,
) -> None:
    assert not source.is_current()  # never read

    await source.start(timeout_s=30)

    assert source.is_current()
    # With a follow interval of 60 s, a catch-up older than 180 s means the follower failed.
    assert not source.is_current(now=time.monotonic() + 181)
    await source.refresh()
    assert source.is_current(now=time.monotonic() + 170)


async def test_the_background_task_follows_the_topic(
    kafka_bootstrap: str, producer: AIOKafkaProducer, topic: str
) -> None:
    source = KafkaOwnershipSource(kafka_bootstrap, topic, refresh_interval_s=0.1)
    await source.start(timeout_s=30)
    try:
        await publish(producer, topic, assigned("46", "sct-46", 1, T0).to_json())
        await eventually(
            lambda: source.ledger.owner_now("46") == "sct-46",
            timeout=15,
            message="the follower learns the assignment",
        )
    finally:
        await source.stop()
    assert not source.ready


async def test_learn_makes_the_registry_s_own_assignment_known_at_once(
    source: KafkaOwnershipSource,
) -> None:
    await source.start(timeout_s=30)
    source.learn(typed(assigned("01", "sct-01", 1, T0)))
    assert source.ledger.owner_now("01") == "sct-01"


async def test_a_missing_topic_names_the_setup(kafka_bootstrap: str, unique_prefix: str) -> None:
    missing = TopicNames(prefix=unique_prefix).ownership_events
    source = KafkaOwnershipSource(kafka_bootstrap, missing)
    with pytest.raises(OwnershipTopicMissing, match=r"python -m shared\.kafka\.setup"):
        await source.start(timeout_s=30)
    assert not source.ready
    with pytest.raises(RuntimeError, match="start"):
        await source.refresh()
