"""The ownership ledger as the ownership topic tells it: read whole at start, then followed.

The national registry publishes every :class:`AgencyOwnershipAssigned` to one topic of one
partition (``<prefix>.ownership.events``). Every instance's registry and awards service, and the
reporting service, read it with no consumer group (assign mode: the principals need no group
ACL, and each process reads it all): from the beginning to the end offset before trusting
anything, then every ``refresh_interval_s``, and at once when a command or an event needs an
assignment the ledger does not know yet (:meth:`KafkaOwnershipSource.refresh`).

Not exported by :mod:`shared.instances`: the event catalogue imports that package's names.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import TopicAuthorizationFailedError

from shared.events.catalogue import parse_event
from shared.events.catalogue_registry import AgencyOwnershipAssignedEvent
from shared.events.errors import EventContractError
from shared.instances.ledger import Assignment, OwnershipLedger
from shared.kafka.metadata import topic_partitions
from shared.kafka.security import KafkaCredentials, aiokafka_options

log = logging.getLogger(__name__)

_FETCH_TIMEOUT_MS = 1000
_FETCH_MAX_WAIT_MS = 50
_MIN_STALENESS_S = 15.0
"""A fetch in flight when the partition is paused holds the connection this long at most."""
_MISSING_GRACE_S = 3.0


class OwnershipTopicMissing(RuntimeError):
    """The broker has no ownership topic (or this principal may not see it)."""


def assignment_of(event: AgencyOwnershipAssignedEvent) -> Assignment:
    """The ledger's entry of one assignment: effective from the moment it was recorded."""
    payload = event.payload
    return Assignment(
        agency=payload.agency_code,
        sequence=payload.sequence,
        effective_at=event.recorded_at,
        instance=payload.instance,
    )


class KafkaOwnershipSource:
    """An :class:`~shared.instances.scope.OwnershipSource` reading the ownership topic."""

    def __init__(
        self,
        bootstrap_servers: str,
        topic: str,
        *,
        credentials: KafkaCredentials | None = None,
        refresh_interval_s: float = 2.0,
        request_timeout_s: float = 30.0,
    ) -> None:
        self._bootstrap_servers = bootstrap_servers
        self._credentials = credentials
        self._topic = topic
        self._partition = TopicPartition(topic, 0)
        self._refresh_interval_s = refresh_interval_s
        self._request_timeout_s = request_timeout_s
        self._ledger = OwnershipLedger()
        self._lock = asyncio.Lock()
        self._consumer: AIOKafkaConsumer | None = None
        self._follower: asyncio.Task[None] | None = None
        self._ready = False
        self._refreshed_at: float | None = None

    @property
    def topic(self) -> str:
        return self._topic

    @property
    def ledger(self) -> OwnershipLedger:
        return self._ledger

    def is_current(self, now: float | None = None) -> bool:
        """Whether the last catch-up succeeded within three follow intervals (at least 15 s)
        before ``now`` (``time.monotonic()``): a service whose follower keeps failing no longer
        knows who serves what, and says so on ``/readyz``."""
        if self._refreshed_at is None:
            return False
        allowed = max(3 * self._refresh_interval_s, _MIN_STALENESS_S)
        return (time.monotonic() if now is None else now) - self._refreshed_at <= allowed

    @property
    def ready(self) -> bool:
        """True once :meth:`start` read the topic to its end."""
        return self._ready

    async def start(self, timeout_s: float = 60.0) -> None:
        """Read the ownership topic (partition 0, no consumer group, from the beginning) to its
        end, then keep following it in a background task (poll every refresh_interval_s)."""
        if self._consumer is not None:
            return
        async with asyncio.timeout(timeout_s):
            await self._require_topic()
            consumer = AIOKafkaConsumer(
                bootstrap_servers=self._bootstrap_servers,
                group_id=None,
                enable_auto_commit=False,
                client_id="tdkt-ownership",
                fetch_max_wait_ms=_FETCH_MAX_WAIT_MS,
                auto_offset_reset="earliest",
                request_timeout_ms=max(int(self._request_timeout_s * 1000), 1),
                **aiokafka_options(self._credentials),
            )
            try:
                await consumer.start()
                self._consumer = consumer
                consumer.assign([self._partition])
                consumer.pause(self._partition)  # fetch only while catching up (refresh)
                beginning = await consumer.beginning_offsets([self._partition])
                consumer.seek(self._partition, beginning[self._partition])
                await self.refresh()
            except BaseException:
                self._consumer = None
                await consumer.stop()
                raise
        self._ready = True
        self._follower = asyncio.create_task(self._follow(), name=f"follow {self.topic}")

    async def refresh(self) -> None:
        """Read up to the end offset as of now (one ListOffsets + fetches); concurrency-safe."""
        consumer = self._consumer
        if consumer is None:
            raise RuntimeError("KafkaOwnershipSource.start() was not called (or it failed)")
        async with self._lock, asyncio.timeout(self._request_timeout_s):
            end = (await consumer.end_offsets([self._partition]))[self._partition]
            if await consumer.position(self._partition) >= end:
                self._refreshed_at = time.monotonic()
                return
            # Paused between refreshes: the broker answers one request of a connection at a
            # time, so a fetch waiting for new records would hold up the next ListOffsets.
            consumer.resume(self._partition)
            try:
                while await consumer.position(self._partition) < end:
                    fetched = await consumer.getmany(self._partition, timeout_ms=_FETCH_TIMEOUT_MS)
                    for record in fetched.get(self._partition, ()):
                        self._learn_record(record)
            finally:
                consumer.pause(self._partition)
            self._refreshed_at = time.monotonic()

    def learn(self, event: AgencyOwnershipAssignedEvent) -> None:
        """Learn an assignment this process just recorded (national registry), at once."""
        self._ledger.learn(assignment_of(event))

    async def stop(self) -> None:
        follower, self._follower = self._follower, None
        if follower is not None:
            follower.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await follower
        consumer, self._consumer = self._consumer, None
        self._ready = False
        if consumer is not None:
            await consumer.stop()

    async def _require_topic(self) -> None:
        # A topic created a moment ago (the services' own ensure_topics) may take a moment to
        # be known to the broker asked.
        deadline = time.monotonic() + _MISSING_GRACE_S
        while not await self._partitions():
            if time.monotonic() >= deadline:
                raise OwnershipTopicMissing(
                    f"the ownership topic {self.topic!r} does not exist at "
                    f"{self._bootstrap_servers} (or this principal may not read it): it is "
                    "created by the Kafka setup (python -m shared.kafka.setup)"
                )
            await asyncio.sleep(0.1)

    async def _partitions(self) -> list[int]:
        try:
            found = await topic_partitions(
                self._bootstrap_servers,
                [self.topic],
                timeout_s=self._request_timeout_s,
                credentials=self._credentials,
            )
        except TopicAuthorizationFailedError:
            return []
        return found[self.topic]

    async def _follow(self) -> None:
        while True:
            await asyncio.sleep(self._refresh_interval_s)
            try:
                await self.refresh()
            except Exception:
                log.warning("could not follow the ownership topic %s", self.topic, exc_info=True)

    def _learn_record(self, record: ConsumerRecord[Any, Any]) -> None:
        if not isinstance(record.value, bytes):
            log.warning("skipped record %d of %s: no value", record.offset, record.topic)
            return
        try:
            event = parse_event(record.value)
        except EventContractError as error:
            log.warning("skipped record %d of %s: %s", record.offset, record.topic, error.message)
            return
        if not isinstance(event, AgencyOwnershipAssignedEvent):
            log.warning(
                "skipped record %d of %s: a %s is no ownership assignment",
                record.offset,
                record.topic,
                event.event_type,
            )
            return
        self._ledger.learn(assignment_of(event))
