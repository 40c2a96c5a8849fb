"""Connecting an idempotent consumer to a FastStream Kafka subscriber with manual acks.

FastStream's Kafka default acknowledges on receipt (at-most-once). Here offsets are
committed only after the batch's transaction committed; on any failure the partitions are
rewound to the batch's first records, so nothing fetched is skipped.
"""

from __future__ import annotations

from typing import Any

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from shared.consumer.idempotent import IdempotentConsumer
from shared.consumer.incoming import IncomingRecord


async def _keep_raw_bytes(message: Any, original_decoder: Any) -> None:
    """The consumer parses the envelope itself (to dead-letter what does not parse)."""
    return None


def subscribe_idempotent(
    broker: KafkaBroker,
    consumer: IdempotentConsumer[Any],
    *topics: str,
    group_id: str,
    max_records: int = 500,
    description: str | None = None,
) -> None:
    """Subscribe ``consumer`` to ``topics`` in consumer group ``group_id``."""

    @broker.subscriber(
        *topics,
        group_id=group_id,
        batch=True,
        max_records=max_records,
        batch_timeout_ms=100,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.MANUAL,
        decoder=_keep_raw_bytes,
        title=f"{group_id}:{consumer.name}",
        description=description,
    )
    async def on_records(message: KafkaMessage) -> None:
        records = message.raw_message
        batch = records if isinstance(records, tuple) else (records,)
        try:
            await consumer.process([_incoming(record) for record in batch])
        except BaseException:
            await message.nack()
            raise
        await message.ack()


def _incoming(record: Any) -> IncomingRecord:
    return IncomingRecord(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key,
        value=record.value,
        headers=tuple(record.headers or ()),
    )
