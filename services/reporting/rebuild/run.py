"""The rebuild: read every topic from offset zero into the rebuild tables, catch up, switch."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypeAlias

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.reporting.bootstrap import CONSUMER_NAME
from services.reporting.projections.all import AllProjections
from services.reporting.rebuild.bulk import BulkLoad
from services.reporting.rebuild.parsing_pool import parse_shared, parsing_pool
from services.reporting.rebuild.schema import (
    drop_retired,
    lock_live_consumer,
    missing_from_rebuild,
    prepare,
    rebuild_options,
    switch,
)
from services.reporting.rebuild.staging_rows import ParsedBatch
from services.reporting.screening import ReportingScreen
from shared.consumer import DeadLetter, IdempotentConsumer, IncomingRecord, RetryPolicy
from shared.database.engine import write_transaction
from shared.events import parse_event
from shared.kafka.metadata import topic_partitions
from shared.kafka.security import KafkaCredentials, aiokafka_options

log = logging.getLogger(__name__)

Record: TypeAlias = ConsumerRecord[bytes, bytes]


@dataclass
class RebuildStats:
    """What a rebuild did: records read, events applied, seconds, switch attempts."""

    records: int = 0
    applied: int = 0
    skipped: int = 0
    seconds: float = 0.0
    switch_attempts: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def events_per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


class _NotCaughtUp(Exception):
    """The switch found events the live consumer applied and the rebuild did not."""


class _SkippedLetters:
    """Events the live consumer dead-lettered already: the rebuild logs and skips them."""

    def __init__(self, stats: RebuildStats) -> None:
        self._stats = stats

    async def send(self, letters: list[DeadLetter]) -> None:
        self._stats.skipped += len(letters)
        for letter in letters:
            log.warning("rebuild: skipped %s@%d: %s", letter.topic, letter.offset, letter.reason)


class Rebuild:
    """One rebuild of every projection from ``topics`` (see the package docstring), each
    event judged by ``screen`` as the live consumer judges it (its ownership source started:
    the rebuild reads it to the end once more before the first read)."""

    def __init__(
        self,
        engine: AsyncEngine,
        bootstrap_servers: str,
        topics: Sequence[str],
        *,
        screen: ReportingScreen,
        batch_size: int = 5000,
        bulk_batch_size: int = 20_000,
        catch_up_threshold: int = 1000,
        switch_attempts: int = 50,
        report: Callable[[str], None] = print,
        credentials: KafkaCredentials | None = None,
    ) -> None:
        self._engine = engine
        self._bootstrap = bootstrap_servers
        self._credentials = credentials
        self._topics = list(topics)
        self._screen = screen
        self._batch_size = batch_size
        self._bulk_batch_size = bulk_batch_size
        self._catch_up_threshold = catch_up_threshold
        self._switch_attempts = switch_attempts
        self._report = report
        self.stats = RebuildStats()
        self._since = datetime.now(UTC)
        self._total = 0
        self._last_report = 0.0
        self._consumer = IdempotentConsumer(
            name=CONSUMER_NAME,
            engine=engine.execution_options(**rebuild_options()),
            parse=parse_event,
            event_id_of=lambda event: event.event_id,
            handler=AllProjections(),
            dead_letters=_SkippedLetters(self.stats),
            retry=RetryPolicy(unknown_error_attempts=3),
            screen=screen,
            prepare=screen.prepare,
        )

    async def run(self) -> RebuildStats:
        self._since = datetime.now(UTC) - timedelta(minutes=1)
        kafka = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap,
            enable_auto_commit=False,
            group_id=None,
            client_id="reporting-rebuild",
            # A fetch with nothing to return waits this long, and holds up the offset
            # requests of the catch-up and the switch queued behind it on the connection.
            fetch_max_wait_ms=50,
            # Whole batches per fetch (the defaults, 1 MB a partition, give ~1,500 records).
            max_partition_fetch_bytes=16 * 1024 * 1024,
            fetch_max_bytes=64 * 1024 * 1024,
            **aiokafka_options(self._credentials),
        )
        try:
            await asyncio.gather(self._prepare(), kafka.start())
            partitions = await _partitions(self._bootstrap, self._topics, self._credentials)
            kafka.assign(partitions)
            await kafka.seek_to_beginning(*partitions)
            targets = await kafka.end_offsets(partitions)
            start = await kafka.beginning_offsets(partitions)
            self._total = sum(targets[tp] - start[tp] for tp in partitions)
            self._report(f"rebuild: {self._total} records in {len(partitions)} partitions")
            await self._load_assignments()
            await self._read_in_bulk(kafka, targets)
            await self._catch_up(kafka, partitions)
            await self._switch(kafka, partitions)
        finally:
            await kafka.stop()
        async with write_transaction(self._engine) as connection:
            await drop_retired(connection)
        self.stats.seconds = time.monotonic() - self.stats.started
        self._report(
            f"rebuild: switched; {self.stats.records} records, {self.stats.applied} applied, "
            f"{self.stats.skipped} skipped in {self.stats.seconds:.1f}s "
            f"({self.stats.events_per_second:.0f} events/s)"
        )
        return self.stats

    async def _prepare(self) -> None:
        async with write_transaction(self._engine) as connection:
            await prepare(connection)

    async def _load_assignments(self) -> None:
        """Read the ownership topic to its end, after the read's end offsets were taken: an
        instance records an agency's events only once the assignment was published, so every
        assignment the events up to those offsets depend on is then known."""
        await self._screen.source.refresh()
        known = sum(len(items) for items in self._screen.source.ledger.history().values())
        self._report(f"rebuild: {known} assignments of agencies to instances known")

    async def _read_into_rebuild(
        self, kafka: AIOKafkaConsumer, targets: dict[TopicPartition, int]
    ) -> None:
        async for records in _read_until(kafka, targets, self._batch_size):
            before = self._consumer.applied_total
            await self._consumer.process(records)
            self.stats.applied += self._consumer.applied_total - before
            self._count(len(records))

    async def _read_in_bulk(
        self, kafka: AIOKafkaConsumer, targets: dict[TopicPartition, int]
    ) -> None:
        """The first read, into empty tables: award events staged, then projected in SQL.

        A worker process parses the next batch while this one is written (see
        :mod:`~services.reporting.rebuild.parsing_pool`), screening with a snapshot of the
        assignments loaded before the read. A database error ends the rebuild; running it
        again starts over.
        """
        screen = self._screen.snapshot()
        load = BulkLoad(self._engine, _SkippedLetters(self.stats), screen)
        await load.start()
        with parsing_pool() as pool:
            pending: deque[tuple[list[Record], asyncio.Future[ParsedBatch]]] = deque()
            batches = _fetch_until(kafka, targets, self._bulk_batch_size)
            async for first_seq, records in _numbered(batches):
                raw = [(r.topic, r.value, tuple(r.headers or ())) for r in records]
                parsing = asyncio.ensure_future(parse_shared(pool, raw, first_seq, screen))
                pending.append((records, parsing))
                if len(pending) > 1:
                    await self._apply_parsed(load, *pending.popleft())
            while pending:
                await self._apply_parsed(load, *pending.popleft())
        self._report("rebuild: projecting the award events")
        started = time.monotonic()
        projected = await load.finish()
        self.stats.applied += projected
        self._report(
            f"rebuild: {projected} award events projected in {time.monotonic() - started:.1f}s"
        )

    async def _apply_parsed(
        self, load: BulkLoad, records: list[Record], parsing: asyncio.Future[ParsedBatch]
    ) -> None:
        batch = await parsing
        for position, reason in batch.unusable:
            if reason:
                record = records[position]
                log.warning("rebuild: skipped %s@%d: %s", record.topic, record.offset, reason)
        others = [_incoming(records[position]) for position in batch.others]
        self.stats.applied += await load.apply(batch, [r for r in others if r is not None])
        self.stats.skipped += len(batch.unusable)
        self._count(len(records))

    async def _catch_up(self, kafka: AIOKafkaConsumer, partitions: list[TopicPartition]) -> None:
        """Read round by round until fewer than ``catch_up_threshold`` records remain."""
        while True:
            targets = await kafka.end_offsets(partitions)
            positions = {tp: await kafka.position(tp) for tp in partitions}
            lag = sum(targets[tp] - positions[tp] for tp in partitions)
            if lag <= self._catch_up_threshold:
                return
            self._report(f"rebuild: catching up {lag} records")
            self._total = self.stats.records + lag
            await self._read_into_rebuild(kafka, targets)

    async def _switch(self, kafka: AIOKafkaConsumer, partitions: list[TopicPartition]) -> None:
        for attempt in range(1, self._switch_attempts + 1):
            self.stats.switch_attempts = attempt
            saved = {tp: await kafka.position(tp) for tp in partitions}
            read = 0
            try:
                async with write_transaction(self._engine) as connection:
                    await lock_live_consumer(connection)
                    targets = await kafka.end_offsets(partitions)
                    await connection.execution_options(**rebuild_options())
                    async for records in _read_until(kafka, targets, self._batch_size):
                        read += len(records)
                        await self._apply_last_gap(connection, records)
                    read += await self._until_nothing_missing(kafka, connection)
                    await switch(connection)
                self._count(read)
                return
            except (DBAPIError, _NotCaughtUp) as error:
                log.warning("rebuild: switch attempt %d failed, retrying: %s", attempt, error)
                for tp, offset in saved.items():
                    kafka.seek(tp, offset)
                await asyncio.sleep(min(2.0, 0.1 * attempt))
                await self._catch_up(kafka, partitions)
        raise RuntimeError(f"rebuild: could not switch in {self._switch_attempts} attempts")

    async def _until_nothing_missing(
        self, kafka: AIOKafkaConsumer, connection: AsyncConnection
    ) -> int:
        """Read on until every event the live consumer applied is in the rebuild tables.

        The end offsets read under the lock normally cover them all; this does not rely on it.
        """
        read = 0
        for _ in range(20):
            if not await missing_from_rebuild(connection, self._since):
                return read
            fetched = await kafka.getmany(timeout_ms=200, max_records=self._batch_size)
            batch = [_incoming(record) for records in fetched.values() for record in records]
            usable = [record for record in batch if record is not None]
            read += len(usable)
            await self._apply_last_gap(connection, usable)
        raise _NotCaughtUp("the rebuild still misses events the live consumer applied")

    async def _apply_last_gap(
        self, connection: AsyncConnection, records: Sequence[IncomingRecord]
    ) -> None:
        """Apply the records read under the switch's lock into the rebuild tables, in the
        switch's transaction (an event that can never be applied is skipped in a savepoint,
        without aborting the switch)."""
        before = self._consumer.applied_total
        await self._consumer.process_within(connection, records)
        self.stats.applied += self._consumer.applied_total - before

    def _count(self, records: int) -> None:
        self.stats.records += records
        self._total = max(self._total, self.stats.records)
        now = time.monotonic()
        if now - self._last_report < 1.0 and self.stats.records < self._total:
            return
        self._last_report = now
        elapsed = now - self.stats.started
        share = 100.0 * self.stats.records / self._total if self._total else 100.0
        rate = self.stats.records / elapsed if elapsed else 0.0
        self._report(
            f"rebuild: {self.stats.records}/{self._total} records ({share:.1f}%), "
            f"{rate:.0f} events/s"
        )


async def _partitions(
    bootstrap_servers: str, topics: Sequence[str], credentials: KafkaCredentials | None
) -> list[TopicPartition]:
    """Every partition of the topics (asked by name: the consumer's metadata may lack them)."""
    found = await topic_partitions(bootstrap_servers, topics, credentials=credentials)
    return [TopicPartition(topic, partition) for topic in topics for partition in found[topic]]


async def _fetch_until(
    kafka: AIOKafkaConsumer, targets: dict[TopicPartition, int], batch_size: int
) -> AsyncIterator[list[Record]]:
    """Batches (each partition's records in order) until every position reaches its target."""
    while True:
        pending = [tp for tp, end in targets.items() if await kafka.position(tp) < end]
        if not pending:
            return
        fetched = await kafka.getmany(*pending, timeout_ms=500, max_records=batch_size)
        batch = [record for records in fetched.values() for record in records]
        if batch:
            yield batch


async def _read_until(
    kafka: AIOKafkaConsumer, targets: dict[TopicPartition, int], batch_size: int
) -> AsyncIterator[list[IncomingRecord]]:
    """The same batches as the consumer's records (tombstones left out)."""
    async for records in _fetch_until(kafka, targets, batch_size):
        batch = [_incoming(record) for record in records]
        usable = [record for record in batch if record is not None]
        if usable:
            yield usable


def _incoming(record: ConsumerRecord[bytes, bytes]) -> IncomingRecord | None:
    if record.value is None:
        return None
    return IncomingRecord(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key,
        value=record.value,
        headers=tuple(record.headers or ()),
    )


async def _numbered(
    batches: AsyncIterator[list[Record]],
) -> AsyncIterator[tuple[int, list[Record]]]:
    """Each batch with the place in the read of its first record."""
    first = 0
    async for batch in batches:
        yield first, batch
        first += len(batch)
