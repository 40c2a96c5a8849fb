"""The broker to benchmark against: ``TDKT_BENCH_KAFKA_BOOTSTRAP``, else an Apache Kafka of
our own."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.kafka.apache import ApacheKafka
from shared.kafka.topics import wait_for_kafka
from shared.outbox.topic_log import topic_partitions

ENV_BOOTSTRAP = "TDKT_BENCH_KAFKA_BOOTSTRAP"


@asynccontextmanager
async def kafka_bootstrap() -> AsyncIterator[tuple[str, str]]:
    """``(bootstrap_servers, description)`` of a running broker, stopped on exit if ours."""
    external = os.environ.get(ENV_BOOTSTRAP)
    if external:
        await wait_for_kafka(external, timeout_s=15)
        yield external, f"Kafka at {external} (from {ENV_BOOTSTRAP})"
        return
    async with ApacheKafka() as broker:
        description = f"Apache Kafka {broker.version} (log on disk) at {broker.bootstrap_servers}"
        yield broker.bootstrap_servers, description


async def sample_values(bootstrap: str, topic: str, count: int) -> list[bytes]:
    """Up to ``count`` record values from the start of ``topic`` (no consumer group)."""
    partitions = [
        TopicPartition(topic, p) for p in (await topic_partitions(bootstrap, [topic]))[topic]
    ]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        batches = await consumer.getmany(*partitions, timeout_ms=5000, max_records=count)
    finally:
        await consumer.stop()
    return [record.value for records in batches.values() for record in records][:count]
