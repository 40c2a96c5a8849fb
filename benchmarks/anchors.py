"""Raw anchors, measured in the same run as the figures they judge: what asyncpg and aiokafka
do on the same PostgreSQL and broker without any of our code, and how fast the cores run.

Rows are event-sized (the benchmark's ``AwardGranted`` payload, about 430 bytes of JSON);
Kafka records are the relay's (the same events, the one wire encoder: about 850-byte values),
produced with the relay's producer settings (idempotent, ``acks=all``, ``linger_ms=5``,
256 KiB batches) and as the relay sends them: in whole batches per partition (``send_batch``),
the partitions filled side by side, each chunk of 10,000 sent while the previous one waits for
its acknowledgement (the relay's chunks are 5,000).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, replace
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.figures import Anchor
from benchmarks.fixtures import agency_of, award_payload, wire_record
from benchmarks.kafka import client_options, credentials_for
from benchmarks.latency import percentile
from benchmarks.report import progress
from shared.envelope import KafkaRecord
from shared.kafka.topics import ensure_topics

_TABLE = """
CREATE TABLE IF NOT EXISTS anchor_rows (
    id bigserial PRIMARY KEY, stream text NOT NULL, payload jsonb NOT NULL
)
"""
_INSERT = "INSERT INTO anchor_rows (stream, payload) VALUES ($1, $2)"
_PARTITIONS = 3
_LOOP_ADDITIONS = 10_000_000


@dataclass(frozen=True)
class AnchorCounts:
    """How much each anchor does: one-row transactions, bulk rows, Kafka messages."""

    transactions: int = 3_000
    rows: int = 100_000
    messages: int = 200_000


@dataclass(frozen=True)
class Anchors:
    """Every raw anchor of a run (the Kafka ones only when a broker was started)."""

    tx_1: Anchor
    tx_8: Anchor
    tx_p50: Anchor
    tx_p99: Anchor
    executemany: Anchor
    copy: Anchor
    python_loop: Anchor
    producer: Anchor | None = None
    consumer: Anchor | None = None

    def all(self) -> list[Anchor]:
        found = [self.tx_1, self.tx_8, self.tx_p50, self.tx_p99, self.executemany, self.copy]
        kafka = [anchor for anchor in (self.producer, self.consumer) if anchor is not None]
        return [*found, *kafka, self.python_loop]


def better_of(first: Anchors, second: Anchors) -> Anchors:
    """Each anchor at its better of two measurements (the higher rate, the shorter time):
    measured at a run's start and at its end, the ceiling the machine showed during the run,
    whatever else was running when one of them was taken."""
    chosen: dict[str, Any] = {  # each field keeps its type: the better of two of it
        name: _better(getattr(first, name), getattr(second, name))
        for name in first.__dataclass_fields__
    }
    return replace(first, **chosen)


def _better(first: Anchor | None, second: Anchor | None) -> Anchor | None:
    if first is None or second is None:
        return first or second
    if first.unit.endswith("/s"):
        return first if first.value >= second.value else second
    return first if first.value <= second.value else second


def reference_loop_s() -> float:
    """Seconds this process takes for 10 million additions in a Python loop: how fast the
    machine's cores run right now (shared machines vary by half within an hour)."""
    start = time.perf_counter()
    total = 0
    for number in range(_LOOP_ADDITIONS):
        total += number
    return time.perf_counter() - start


async def measure_anchors(
    engine: AsyncEngine, bootstrap: str | None, counts: AnchorCounts
) -> Anchors:
    dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    progress("raw anchors: asyncpg one-row transactions, executemany, COPY")
    await _execute(dsn, _TABLE)
    one, latencies = await one_row_transactions(dsn, 1, counts.transactions)
    eight, _ = await one_row_transactions(dsn, 8, counts.transactions)
    anchors = Anchors(
        tx_1=Anchor("asyncpg 1-row tx, 1 conn", one, "tx/s"),
        tx_8=Anchor("asyncpg 1-row tx, 8 conns", eight, "tx/s"),
        tx_p50=Anchor("asyncpg 1-row tx p50", percentile(latencies, 50) * 1000, "ms"),
        tx_p99=Anchor("asyncpg 1-row tx p99", percentile(latencies, 99) * 1000, "ms"),
        executemany=Anchor(
            "asyncpg executemany", await executemany_rate(dsn, counts.rows), "rows/s"
        ),
        copy=Anchor("asyncpg COPY", await copy_rate(dsn, counts.rows), "rows/s"),
        python_loop=Anchor("Python loop, 10M additions", reference_loop_s(), "s"),
    )
    if bootstrap is None:
        return anchors
    progress("raw anchors: aiokafka producer and consumer")
    produced, topic = await producer_rate(bootstrap, counts.messages)
    consumed = await consumer_rate(bootstrap, topic, counts.messages)
    return Anchors(
        **{
            **anchors.__dict__,
            "producer": Anchor("aiokafka producer, acks=all", produced, "msg/s"),
            "consumer": Anchor("aiokafka consumer", consumed, "msg/s"),
        }
    )


def _rows(count: int, stream: str) -> list[tuple[str, str]]:
    return [
        (stream, orjson.dumps(award_payload(index, agency_of(index))).decode())
        for index in range(count)
    ]


async def _execute(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def one_row_transactions(dsn: str, connections: int, count: int) -> tuple[float, list[float]]:
    """Transactions per second of ``connections`` connections each committing one-row
    transactions as fast as they can, and each transaction's latency in seconds."""
    clients = [await asyncpg.connect(dsn) for _ in range(connections)]
    latencies: list[float] = []
    per_client = count // connections

    async def commit_rows(client: asyncpg.Connection, rows: list[tuple[str, str]]) -> None:
        for row in rows:
            start = time.perf_counter()
            async with client.transaction():
                await client.execute(_INSERT, *row)
            latencies.append(time.perf_counter() - start)

    work = [_rows(per_client, f"anchor-{uuid.uuid4()}") for _ in clients]
    try:
        start = time.perf_counter()
        await asyncio.gather(*(commit_rows(c, rows) for c, rows in zip(clients, work, strict=True)))
        seconds = time.perf_counter() - start
    finally:
        await asyncio.gather(*(client.close() for client in clients))
    return per_client * connections / seconds, latencies


async def executemany_rate(dsn: str, count: int) -> float:
    """Rows per second of one ``executemany`` of ``count`` rows in one transaction."""
    rows = _rows(count, f"anchor-{uuid.uuid4()}")
    client = await asyncpg.connect(dsn)
    try:
        start = time.perf_counter()
        async with client.transaction():
            await client.executemany(_INSERT, rows)
        return count / (time.perf_counter() - start)
    finally:
        await client.close()


async def copy_rate(dsn: str, count: int) -> float:
    """Rows per second of one binary ``COPY`` of ``count`` rows."""
    rows = _rows(count, f"anchor-{uuid.uuid4()}")
    client = await asyncpg.connect(dsn)
    try:
        start = time.perf_counter()
        await client.copy_records_to_table(
            "anchor_rows", records=rows, columns=["stream", "payload"]
        )
        return count / (time.perf_counter() - start)
    finally:
        await client.close()


async def producer_rate(bootstrap: str, count: int) -> tuple[float, str]:
    """Messages per second a raw producer gets acknowledged on a new topic; the topic."""
    topic = f"bench-anchor-{uuid.uuid4().hex[:8]}"
    await ensure_topics(bootstrap, [topic], _PARTITIONS, credentials=credentials_for(bootstrap))
    records = [wire_record(index) for index in range(count)]
    producer = AIOKafkaProducer(
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        max_batch_size=256 * 1024,
        **client_options(bootstrap),
    )
    await producer.start()
    try:
        start = time.perf_counter()
        in_flight: list[asyncio.Future[object]] = []
        for first in range(0, count, 10_000):
            chunk = records[first : first + 10_000]
            sent = await asyncio.gather(
                *(
                    _send_batches(producer, topic, partition, chunk)
                    for partition in range(_PARTITIONS)
                )
            )
            await asyncio.gather(*in_flight)
            in_flight = [future for futures in sent for future in futures]
        await asyncio.gather(*in_flight)
        return count / (time.perf_counter() - start), topic
    finally:
        await producer.stop()


async def _send_batches(
    producer: AIOKafkaProducer, topic: str, partition: int, records: list[KafkaRecord]
) -> list[asyncio.Future[object]]:
    """Every ``_PARTITIONS``-th record to ``partition``, in full batches (as the relay sends)."""
    sent, batch = [], producer.create_batch()
    for record in records[partition::_PARTITIONS]:
        if (
            batch.append(key=record.key, value=record.value, timestamp=None, headers=record.headers)
            is None
        ):
            sent.append(await producer.send_batch(batch, topic, partition=partition))
            batch = producer.create_batch()
            batch.append(key=record.key, value=record.value, timestamp=None, headers=record.headers)
    if batch.record_count():
        sent.append(await producer.send_batch(batch, topic, partition=partition))
    return sent


async def consumer_rate(bootstrap: str, topic: str, count: int) -> float:
    """Messages per second a raw consumer (no group, no parsing) reads ``topic`` from its
    start, from its first batch to its last."""
    partitions = [TopicPartition(topic, number) for number in range(_PARTITIONS)]
    consumer = AIOKafkaConsumer(enable_auto_commit=False, **client_options(bootstrap))
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        read, first = 0, None
        while read < count:
            batches = await consumer.getmany(timeout_ms=1000, max_records=5000)
            got = sum(len(records) for records in batches.values())
            if got and first is None:
                first = time.perf_counter()
            read += got
        return read / (time.perf_counter() - (first or 0.0))
    finally:
        await consumer.stop()
