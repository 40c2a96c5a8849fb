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
        self._bootstrap_servers = bootstrap_servers
        self._client_id = client_id
        self._producer: Any = None

    async def start(self) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self._bootstrap_servers,
            client_id=self._client_id,
            acks="all",
            linger_ms=5,
            max_batch_size=256 * 1024,
            request_timeout_ms=30_000,
        )
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def publish(self, topic: str, messages: Sequence[OutgoingMessage]) -> None:
        if self._producer is None:
            raise RuntimeError("KafkaEventPublisher.start() was not called")
        pending = [
            await self._producer.send(
                topic, message.value, key=message.key, headers=message.headers
            )
            for message in messages
        ]
        await asyncio.gather(*pending)
