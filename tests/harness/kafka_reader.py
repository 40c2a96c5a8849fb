"""Reading a whole topic from the beginning in tests (no consumer group, no commits)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.kafka.metadata import topic_partitions
from shared.kafka.security import KafkaCredentials, aiokafka_options


async def read_topic(
    bootstrap: str,
    topic: str,
    *,
    at_least: int,
    timeout_s: float = 30.0,
    credentials: KafkaCredentials | None = None,
) -> list[Any]:
    """Every record of ``topic`` once ``at_least`` arrived; fails after the deadline."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, **aiokafka_options(credentials)
    )
    await consumer.start()
    try:
        partitions = await _partitions(bootstrap, topic, timeout_s, credentials)
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        records: list[Any] = []
        deadline = time.monotonic() + timeout_s
        while len(records) < at_least:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{topic}: {len(records)} records after {timeout_s}s, expected {at_least}"
                )
            batches = await consumer.getmany(timeout_ms=200, max_records=10_000)
            for batch in batches.values():
                records.extend(batch)
        return records
    finally:
        await consumer.stop()


async def _partitions(
    bootstrap: str, topic: str, timeout_s: float, credentials: KafkaCredentials | None
) -> list[TopicPartition]:
    """The topic's partitions, asked by name (a consumer's metadata names no topic at first:
    aiokafka's bootstrap metadata request asks Kafka 4 for none)."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = (await topic_partitions(bootstrap, [topic], credentials=credentials))[topic]
        if found:
            return [TopicPartition(topic, p) for p in found]
        if time.monotonic() > deadline:
            raise AssertionError(f"topic {topic} not found")
        await asyncio.sleep(0.1)
