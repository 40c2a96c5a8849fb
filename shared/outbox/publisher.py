"""Publishing batches to Kafka and waiting until the broker acknowledged every message."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from aiokafka import AIOKafkaProducer


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One Kafka record: key (stream id), JSON envelope, headers."""

    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


class Publisher(Protocol):
    """Sends a batch to a topic; returns only once the broker acknowledged all of it."""

    async def publish(self, topic: str, messages: Sequence[OutgoingMessage]) -> None: ...


class KafkaEventPublisher:
    """aiokafka producer tuned for the relay: batches per partition, acks from all replicas.

    aiokafka sends one batch per partition at a time, so records of one key stay in order.
    No idempotent producer: the Tansu broker lacks it and duplicates are harmless downstream.
    """

    def __init__(self, bootstrap_servers: str, *, client_id: str = "tdkt-relay") -> None:
        self._producer: Any = AIOKafkaProducer(
            bootstrap_servers=bootstrap_servers,
            client_id=client_id,
            acks="all",
            linger_ms=5,
            max_batch_size=256 * 1024,
            request_timeout_ms=30_000,
        )

    async def start(self) -> None:
        await self._producer.start()

    async def stop(self) -> None:
        await self._producer.stop()

    async def publish(self, topic: str, messages: Sequence[OutgoingMessage]) -> None:
        pending = [
            await self._producer.send(
                topic, message.value, key=message.key, headers=message.headers
            )
            for message in messages
        ]
        await asyncio.gather(*pending)
