"""Publishing batches to Kafka and waiting until the broker acknowledged every message."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from aiokafka.partitioner import DefaultPartitioner

from shared.kafka.security import KafkaCredentials, aiokafka_options
from shared.outbox.topic_log import TopicMissing, topic_extents

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One Kafka record: key (stream id), JSON envelope, headers."""

    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


Delivery = asyncio.Future[None]
"""Done once the broker acknowledged every message of one ``send``; failed if it will not."""


class Publisher(Protocol):
    """Sends batches to a topic, in the order given, without waiting for the broker."""

    async def send(self, topic: str, messages: Sequence[OutgoingMessage]) -> Delivery:
        """Hand ``messages`` to the producer, after those of every earlier ``send``; the
        delivery tells when the broker acknowledged them."""
        ...


class KafkaEventPublisher:
    """aiokafka producer tuned for the relay: idempotent, acks from all in-sync replicas.

    **Order.** aiokafka sends at most one request per broker connection at a time and mutes a
    partition while its batch is in flight; a batch to retry goes back to the head of its
    partition's queue. So records of one key (one partition) reach the log in the order given.

    **Idempotent.** The broker gives the producer an id and numbers its batches per
    partition: a batch retried after a lost acknowledgement is written once, not twice. (A
    relay that crashes before its checkpoint still publishes the batch again, as a new
    producer: consumers deduplicate by ``event_id``.) aiokafka retries an idempotent
    producer's batches until they are delivered, never expiring them, so each ``publish`` is
    bounded by ``publish_timeout_s``; after any failure the producer is discarded and the next
    ``publish`` starts a new one: a broker that lost its producer state (a recreated topic, an
    out-of-order sequence number) would otherwise refuse it for ever.
    """

    def __init__(
        self,
        bootstrap_servers: str,
        *,
        client_id: str = "tdkt-relay",
        publish_timeout_s: float = 30.0,
        stop_timeout_s: float = 10.0,
        credentials: KafkaCredentials | None = None,
    ) -> None:
        self._bootstrap_servers = bootstrap_servers
        self._credentials = credentials
        self._client_id = client_id
        self._publish_timeout_s = publish_timeout_s
        self._stop_timeout_s = stop_timeout_s
        self._producer: Any = None
        self._started = False
        self._starting = asyncio.Lock()

    @property
    def producer(self) -> AIOKafkaProducer | None:
        """The running aiokafka producer (None before ``start`` and after a failure)."""
        producer: AIOKafkaProducer | None = self._producer
        return producer

    async def start(self) -> None:
        self._started = True
        await self._running_producer()

    async def stop(self) -> None:
        self._started = False
        producer, self._producer = self._producer, None
        if producer is not None:
            await _stop(producer, self._stop_timeout_s, fail_pending=False)

    async def end_offset_total(self, topic: str) -> int:
        """Records ever appended to ``topic``: its end offsets, summed.

        Raises ``TopicMissing`` if the broker has no such topic: nothing can be published to
        it, and once it exists again (empty) the relay sees the loss.
        """
        extents = await topic_extents(
            self._bootstrap_servers, [topic], credentials=self._credentials
        )
        extent = extents[topic]
        if not extent.exists:
            raise TopicMissing(
                f"topic {topic} does not exist (did the broker lose its log? Restarting the "
                f"service creates it; its relay then publishes every event again)"
            )
        return extent.appended

    async def publish(self, topic: str, messages: Sequence[OutgoingMessage]) -> None:
        """Send ``messages`` and wait until the broker acknowledged all of them."""
        await (await self.send(topic, messages))

    async def send(self, topic: str, messages: Sequence[OutgoingMessage]) -> Delivery:
        """Full producer batches, the partitions filled side by side; each key hashed once.

        aiokafka's per-message ``send()`` hashes every key in pure Python and makes a future
        per message: grouping by partition here nearly doubles the relay's throughput. A
        partition takes its next batch only once the previous one is on its way, so the
        partitions are filled concurrently, not one after the other. Both this call and its
        delivery end within ``publish_timeout_s`` of the call.
        """
        producer = await self._running_producer()
        deadline = asyncio.get_running_loop().time() + self._publish_timeout_s
        try:
            async with asyncio.timeout_at(deadline):
                partitions = sorted(await producer.partitions_for(topic))
                sending = [
                    _send_to_partition(producer, topic, partition, items)
                    for partition, items in _by_partition(messages, partitions).items()
                ]
                # One partition (a command's few events): no task per partition to run it.
                sent = [await sending[0]] if len(sending) == 1 else await asyncio.gather(*sending)
        except (Exception, asyncio.CancelledError) as error:
            await self._discard(producer, error)
            raise
        pending = [future for futures in sent for future in futures]
        return asyncio.ensure_future(self._acknowledged(producer, pending, deadline))

    async def _acknowledged(
        self, producer: Any, pending: list[asyncio.Future[Any]], deadline: float
    ) -> None:
        try:
            async with asyncio.timeout_at(deadline):
                await asyncio.gather(*pending)
        except (Exception, asyncio.CancelledError) as error:
            await self._discard(producer, error)
            raise

    async def _running_producer(self) -> Any:
        if not self._started:
            raise RuntimeError("KafkaEventPublisher.start() was not called")
        async with self._starting:
            if self._producer is None:
                producer = AIOKafkaProducer(
                    bootstrap_servers=self._bootstrap_servers,
                    client_id=self._client_id,
                    enable_idempotence=True,
                    acks="all",
                    linger_ms=5,
                    max_batch_size=256 * 1024,
                    request_timeout_ms=30_000,
                    **aiokafka_options(self._credentials),
                )
                try:
                    await producer.start()
                except BaseException:
                    await _stop(producer, self._stop_timeout_s, fail_pending=True)
                    raise
                self._producer = producer
            return self._producer

    async def _discard(self, producer: Any, error: BaseException) -> None:
        """Stop a producer whose publish failed (once: a concurrent failure finds it gone)."""
        if self._producer is not producer:
            return
        self._producer = None
        reason = f"{type(error).__name__}: {error}"
        if isinstance(error, TimeoutError):
            reason = f"no acknowledgement within {self._publish_timeout_s:g} s"
        log.warning(
            "producer %s discarded after a failed publish (%s); the next publish starts a new one",
            self._client_id,
            reason,
        )
        await _stop(producer, self._stop_timeout_s, fail_pending=True)


async def _send_to_partition(
    producer: Any, topic: str, partition: int, items: list[OutgoingMessage]
) -> list[asyncio.Future[Any]]:
    sent: list[asyncio.Future[Any]] = []
    batch = producer.create_batch()
    for item in items:
        if _append(batch, item):
            continue
        sent.append(await producer.send_batch(batch, topic, partition=partition))
        batch = producer.create_batch()
        if not _append(batch, item):  # larger than a batch: sent on its own
            sent.append(
                await producer.send(
                    topic, item.value, key=item.key, headers=item.headers, partition=partition
                )
            )
            batch = producer.create_batch()
    if batch.record_count():
        sent.append(await producer.send_batch(batch, topic, partition=partition))
    return sent


async def _stop(producer: Any, timeout_s: float, *, fail_pending: bool) -> None:
    """Stop ``producer``, waiting at most ``timeout_s`` for its batches to be delivered.

    ``fail_pending``: fail its queued batches first (after a failed publish nobody waits for
    them, and an idempotent producer retries them until the broker answers). aiokafka has no
    public way to drop queued batches or to abandon a producer, hence the private parts.
    """
    if fail_pending:
        accumulator = getattr(producer, "_message_accumulator", None)
        if accumulator is not None:
            accumulator.fail_all(KafkaError("producer discarded after a failed publish"))
    try:
        await asyncio.wait_for(producer.stop(), timeout=timeout_s)
        return
    except Exception as error:
        log.warning("producer did not stop cleanly: %s: %s", type(error).__name__, error)
    sender = getattr(getattr(producer, "_sender", None), "sender_task", None)
    if isinstance(sender, asyncio.Task):
        sender.cancel()
    await producer.client.close()


def _append(batch: Any, item: OutgoingMessage) -> bool:
    added = batch.append(key=item.key, value=item.value, timestamp=None, headers=item.headers)
    return added is not None


def _by_partition(
    messages: Sequence[OutgoingMessage], partitions: list[int]
) -> dict[int, list[OutgoingMessage]]:
    """Messages grouped by the partition the Java client would choose (murmur2 of the key)."""
    chosen: dict[bytes, int] = {}
    grouped: dict[int, list[OutgoingMessage]] = {}
    for message in messages:
        partition = chosen.get(message.key)
        if partition is None:
            partition = chosen[message.key] = _PARTITIONER(message.key, partitions, partitions)
        grouped.setdefault(partition, []).append(message)
    return grouped


_PARTITIONER = DefaultPartitioner()
