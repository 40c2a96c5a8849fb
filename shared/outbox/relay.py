"""The relay loop: lease → read committed batch → send → wait for acks → checkpoint.

Behind on the store (a full batch read), the relay reads the next batch while it sends this
one, and sends it while the broker acknowledges this one: one batch is in flight beyond the
checkpoint. Order holds because the producer keeps, per partition, the order batches were
given to it (``KafkaEventPublisher``). A failure throws the read ahead and the batch in flight
away; the next round sends again from the checkpoint (consumers deduplicate).

**A log that cannot silently go missing.** Every event up to the checkpoint was acknowledged
by the broker, so the topic's end offsets, summed, are at least the number of those events.
If they are fewer, the broker lost records (its log was lost, or the topic was deleted and
created again): the relay logs a warning, counts it (``tdkt_relay_republish_total``), moves
its checkpoint back to the store's start and publishes every event again (consumers
deduplicate by ``event_id``). More records than events is normal: batches published again
after a crash, dead letters replayed. The relay verifies whenever it takes its lease (at start
and after any failure) and every ``verify_interval_s`` while it holds it; only the lease
holder verifies, so only one relay republishes. A verification costs one ListOffsets request
and a count of the events checkpointed since the previous one.

**One store, several topics.** A relay given ``streams`` (:class:`StreamSelection`) publishes
only the streams it selects, and counts only those in its head and its loss check: the
national registry publishes its ownership assignments to the ownership topic and the rest to
its registry topic, with two relays (two ``relay_name``) over one store. Its checkpoint may
then pass events it does not select: every selected event up to it was acknowledged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol, runtime_checkable

from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database.engine import connection_for_reads
from shared.outbox.head import EventCounter, StoreHead, store_head
from shared.outbox.lease import LeaseLost, RelayLease
from shared.outbox.publisher import Delivery, Publisher
from shared.outbox.reader import CommittedBatch, read_committed_batch
from shared.outbox.selection import StreamSelection

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RelayConfig:
    """Where to publish and how the relay paces itself."""

    topic: str
    relay_name: str = "events"
    owner: str = field(default_factory=lambda: f"relay-{uuid.uuid4()}")
    batch_size: int = 5000
    idle_poll_s: float = 0.5
    gather_s: float = 0.01
    """How long a woken relay lets appends gather before it reads. Its read waits for the
    appends in flight and holds new ones back (``shared.eventstore.append_lock``): reading as
    soon as each command commits would put every command behind the relay."""
    lease_ttl: timedelta = timedelta(seconds=15)
    max_backoff_s: float = 10.0
    verify_interval_s: float = 60.0
    streams: StreamSelection | None = None
    """Only these streams go to ``topic`` (every stream: ``None``)."""


@runtime_checkable
class TopicLog(Protocol):
    """Tells how many records a topic ever received (``KafkaEventPublisher`` does); raises
    if it cannot (a missing topic raises ``TopicMissing``)."""

    async def end_offset_total(self, topic: str) -> int: ...


class OutboxRelay:
    """Publishes the store's committed events to one topic, in order, at least once.

    The checkpoint moves only after the broker acknowledged a whole batch; a crash between
    publishing and checkpointing publishes that batch again (consumers deduplicate). With a
    ``topic_log`` (by default the publisher, if it is one) the relay also notices a topic that
    holds fewer records than it published, and publishes everything again (module docstring).
    """

    def __init__(
        self,
        engine: AsyncEngine,
        publisher: Publisher,
        config: RelayConfig,
        *,
        topic_log: TopicLog | None = None,
    ) -> None:
        self._engine = engine
        self._publisher = publisher
        self._config = config
        self._topic_log = topic_log
        if topic_log is None and isinstance(publisher, TopicLog):
            self._topic_log = publisher
        self._lease = RelayLease(engine, config.relay_name, config.owner, config.lease_ttl)
        self._wake = asyncio.Event()
        self._checkpoint: int | None = None
        self._read_ahead: tuple[int, asyncio.Task[CommittedBatch]] | None = None
        self._in_flight: InFlight | None = None
        self._counter = EventCounter(config.streams)
        self._verify_at = 0.0  # time.monotonic() of the next verification of the topic
        self._renew_at = 0.0  # time.monotonic() after which an idle round renews the lease
        self.published_total = 0
        self.republished_total = 0

    @property
    def config(self) -> RelayConfig:
        return self._config

    async def head(self) -> StoreHead:
        """The store's head: its events and the relay's published position, now."""
        return await store_head(
            self._engine,
            self._config.relay_name,
            self._config.topic,
            self._counter,
            self._config.streams,
        )

    def wake(self) -> None:
        """Called after an append so the relay need not wait for its next poll."""
        self._wake.set()

    @property
    def holds_lease(self) -> bool:
        """Whether this relay publishes (it took the lease and has not lost it since)."""
        return self._checkpoint is not None

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until ``stop`` is set; transient failures are logged and retried."""
        failures = 0
        while not stop.is_set():
            self._wake.clear()  # an append from now on wakes the next round
            try:
                published = await self.relay_once()
                failures = 0
            except LeaseLost as lost:
                log.warning("%s", lost)
                self._checkpoint, published = None, 0
            except Exception:
                failures += 1
                log.exception(
                    "relay %s: batch failed (attempt %d)", self._config.relay_name, failures
                )
                self._checkpoint, published = None, 0
                await _wait(stop, min(self._config.max_backoff_s, 0.2 * 2**failures))
                continue
            if published < self._config.batch_size:
                await self._idle(stop)
        await self._release()

    async def relay_once(self) -> int:
        """Send one batch if this instance holds the lease; the number of events sent.

        A full batch (a backlog) is left in flight: the next round sends its batch, then waits
        for this one's acknowledgement and checkpoints it, so the broker acknowledges one batch
        while the next is built. A short batch is acknowledged and checkpointed before the
        round ends: an idle relay has nothing in flight.
        """
        if self._checkpoint is None:
            self._checkpoint = await self._lease.try_acquire()
            if self._checkpoint is None:
                return 0
            self._verify_at = 0.0  # a new lease: verify the topic before publishing
            self._renewed()
        try:
            if self._topic_log is not None and time.monotonic() >= self._verify_at:
                await self._settle_in_flight()  # the check compares with the checkpoint
                await self.verify_topic()
            batch = await self._batch_after(self._sent_to())
            full = len(batch.events) == self._config.batch_size
            if full:
                self._read_ahead_after(batch.read_to)
            delivery = await self._send(batch)
            await self._settle_in_flight()
            self._in_flight = InFlight(batch.read_to, len(batch.events), delivery)
            if not full:
                await self._settle_in_flight()
        except BaseException:
            self._drop_read_ahead()
            self._drop_in_flight()
            raise
        return len(batch.events)

    def _sent_to(self) -> int:
        """The position up to which events were sent (acknowledged or not)."""
        if self._in_flight is not None:
            return self._in_flight.read_to
        assert self._checkpoint is not None
        return self._checkpoint

    async def _send(self, batch: CommittedBatch) -> Delivery | None:
        if not batch.events:
            return None
        messages = [message for _, message in batch.events]
        return await self._publisher.send(self._config.topic, messages)

    async def _settle_in_flight(self) -> None:
        """Wait until the batch in flight is acknowledged, then checkpoint it.

        An idle round writes only to keep the lease: a write every poll would make the
        database change twice a second with nothing to publish (every snapshot differs, so no
        answer could be reused: shared.database.snapshot_cache).
        """
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is None:
            return
        try:
            if in_flight.delivery is not None:
                await in_flight.delivery
        except BaseException:
            _forget(in_flight.delivery)
            raise
        moved = in_flight.read_to != self._checkpoint
        self._checkpoint = in_flight.read_to
        if moved or time.monotonic() >= self._renew_at:
            await self._lease.advance(in_flight.read_to)
            self._renewed()
        self.published_total += in_flight.events

    def _drop_in_flight(self) -> None:
        """A failed round: the batch in flight is sent again from the checkpoint."""
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is not None:
            _forget(in_flight.delivery)

    def _renewed(self) -> None:
        """The lease was just taken or renewed: renew it again once a third of it is gone."""
        self._renew_at = time.monotonic() + self._config.lease_ttl.total_seconds() / 3

    def _read_ahead_after(self, position: int) -> None:
        """A backlog: read the next batch while this one is published and acknowledged (the
        database renders it on its own core). Reading needs no lease, and a batch read early
        is as complete, up to the settled head it read to, as one read later."""
        config = self._config
        read = read_committed_batch(self._engine, position, config.batch_size, config.streams)
        self._read_ahead = (position, asyncio.create_task(read, name="outbox-read-ahead"))

    async def _batch_after(self, position: int) -> CommittedBatch:
        ahead, self._read_ahead = self._read_ahead, None
        if ahead is not None and ahead[0] == position:
            return await ahead[1]
        if ahead is not None:
            _discard(ahead[1])
        config = self._config
        return await read_committed_batch(self._engine, position, config.batch_size, config.streams)

    def _drop_read_ahead(self) -> None:
        ahead, self._read_ahead = self._read_ahead, None
        if ahead is not None:
            _discard(ahead[1])

    async def verify_topic(self) -> bool:
        """Compare the topic with the checkpoint; on a loss, republish from the start.

        Returns True if records were lost (the checkpoint is then back at the store's start).
        Only call it while holding the lease (``relay_once`` does).
        """
        if self._topic_log is None or self._checkpoint is None:
            return False
        topic, checkpoint = self._config.topic, self._checkpoint
        held = await self._topic_log.end_offset_total(topic)
        async with connection_for_reads(self._engine) as connection:
            published = await self._counter.up_to(connection, checkpoint)
        self._verify_at = time.monotonic() + self._config.verify_interval_s
        if held >= published:
            return False
        log.warning(
            "relay %s: topic %s holds %d records but %d events were published to it (up to "
            "position %d): the broker lost records; publishing every event again",
            self._config.relay_name,
            topic,
            held,
            published,
            checkpoint,
        )
        await self._lease.advance(0)  # fenced: raises LeaseLost unless this relay holds it
        self._checkpoint = 0
        self.republished_total += 1
        return True

    async def _idle(self, stop: asyncio.Event) -> None:
        """Wait for an append (then let others gather), for ``stop`` or for the next poll."""
        stop_waiter = asyncio.ensure_future(stop.wait())
        wake_waiter = asyncio.ensure_future(self._wake.wait())
        await asyncio.wait(
            {stop_waiter, wake_waiter},
            timeout=self._config.idle_poll_s,
            return_when=asyncio.FIRST_COMPLETED,
        )
        stop_waiter.cancel()
        wake_waiter.cancel()
        if self._wake.is_set():
            await _wait(stop, self._config.gather_s)

    async def _release(self) -> None:
        self._drop_read_ahead()
        try:
            await self._settle_in_flight()
        except Exception:
            log.exception("relay %s: its last batch was not checkpointed", self._config.relay_name)
            self._drop_in_flight()
        try:
            await self._lease.release()
        except Exception:
            log.exception("relay %s: could not release its lease", self._config.relay_name)


@dataclass(frozen=True)
class InFlight:
    """A batch sent but not yet checkpointed: how far it reaches, its size, its delivery
    (``None``: nothing to send, only the checkpoint to move)."""

    read_to: int
    events: int
    delivery: Delivery | None


def _forget(future: asyncio.Future[Any] | None) -> None:
    """Nobody waits for this future any more: its failure, if any, is not reported."""
    if future is not None:
        future.add_done_callback(lambda done: done.cancelled() or done.exception())


def _discard(task: asyncio.Task[CommittedBatch]) -> None:
    """Cancel a read ahead nobody will use; an error it ended with is not one of the relay's."""
    task.cancel()
    _forget(task)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
