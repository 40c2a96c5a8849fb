"""The broker to benchmark against: ``TDKT_BENCH_KAFKA_BOOTSTRAP`` (authenticating as
``TDKT_BENCH_KAFKA_USERNAME``/``_PASSWORD``, SCRAM-SHA-512, if given), else an Apache Kafka of
our own (as its super user: the benchmarks create topics).

Every client a benchmark makes passes ``credentials_for(bootstrap)``: SCRAM's handshake costs
each connection a few milliseconds, not each record.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from faststream.security import BaseSecurity
from pydantic import SecretStr

from shared.kafka.apache import ApacheKafka
from shared.kafka.metadata import topic_partitions
from shared.kafka.security import KafkaCredentials, aiokafka_options, faststream_security
from shared.kafka.topics import wait_for_kafka

ENV_BOOTSTRAP = "TDKT_BENCH_KAFKA_BOOTSTRAP"
ENV_USERNAME = "TDKT_BENCH_KAFKA_USERNAME"
ENV_PASSWORD = "TDKT_BENCH_KAFKA_PASSWORD"

_CREDENTIALS: dict[str, KafkaCredentials | None] = {}


def credentials_for(bootstrap: str) -> KafkaCredentials | None:
    """Who the benchmarks are on the broker at ``bootstrap`` (``None``: anonymous)."""
    return _CREDENTIALS.get(bootstrap)


def client_options(bootstrap: str) -> dict[str, Any]:
    """aiokafka keyword arguments for the broker at ``bootstrap``."""
    return {"bootstrap_servers": bootstrap, **aiokafka_options(credentials_for(bootstrap))}


def broker_security(bootstrap: str) -> BaseSecurity | None:
    """FastStream ``security=`` for the broker at ``bootstrap``."""
    return faststream_security(credentials_for(bootstrap))


@asynccontextmanager
async def kafka_bootstrap() -> AsyncIterator[tuple[str, str]]:
    """``(bootstrap_servers, description)`` of a running broker, stopped on exit if ours."""
    external = os.environ.get(ENV_BOOTSTRAP)
    if external:
        username, password = os.environ.get(ENV_USERNAME), os.environ.get(ENV_PASSWORD)
        credentials = None
        if username and password:
            credentials = KafkaCredentials(username=username, password=SecretStr(password))
        _CREDENTIALS[external] = credentials
        await wait_for_kafka(external, timeout_s=15, credentials=credentials)
        yield external, f"Kafka at {external} (from {ENV_BOOTSTRAP})"
        return
    async with ApacheKafka() as broker:
        _CREDENTIALS[broker.bootstrap_servers] = broker.admin_credentials
        description = (
            f"Apache Kafka {broker.version} (log on disk, SASL/SCRAM-SHA-512 and ACLs) at "
            f"{broker.bootstrap_servers}"
        )
        yield broker.bootstrap_servers, description


async def sample_values(bootstrap: str, topic: str, count: int) -> list[bytes]:
    """Up to ``count`` record values from the start of ``topic`` (no consumer group)."""
    found = await topic_partitions(bootstrap, [topic], credentials=credentials_for(bootstrap))
    partitions = [TopicPartition(topic, p) for p in found[topic]]
    consumer = AIOKafkaConsumer(enable_auto_commit=False, **client_options(bootstrap))
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        batches = await consumer.getmany(*partitions, timeout_ms=5000, max_records=count)
    finally:
        await consumer.stop()
    return [record.value for records in batches.values() for record in records][:count]
