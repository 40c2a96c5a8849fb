"""Applying a batch of records once each, in one transaction, with dead letters and retries.

A batch is applied in one database transaction that also records every applied
``event_id``; the Kafka offsets are committed by the caller only after this returns. If one
event breaks an invariant, the batch is rolled back and re-applied one event per
transaction, so only the poison event goes to the dead-letter topic. So does an event a
screen refuses (:mod:`shared.consumer.screening`), and one whose id was applied before with
other content (each applied id is recorded with a hash of its record's value).

:meth:`IdempotentConsumer.process_within` applies a batch the same way inside a transaction
the caller holds (the reporting rebuild's bulk read and switch), with savepoints in place of
transactions: the one path by which a service applies events, whoever reads them.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.consumer.dead_letter import DeadLetter, DeadLetterSink
from shared.consumer.errors import PermanentEventError, is_transient
from shared.consumer.incoming import IncomingRecord
from shared.consumer.screening import ConflictingDuplicate, RefusedEvent, Screen
from shared.consumer.tables import claim_event_ids
from shared.database.engine import write_transaction
from shared.events.errors import EventContractError
from shared.observability.correlation import (
    bound_correlation_id,
    correlation_id_in,
    shared_correlation_id,
)

log = logging.getLogger(__name__)

EventT = TypeVar("EventT")
T = TypeVar("T")
EventT_contra = TypeVar("EventT_contra", contravariant=True)


class EventHandler(Protocol[EventT_contra]):
    """Applies events inside the consumer's transaction (must not commit itself)."""

    async def apply(self, connection: AsyncConnection, events: Sequence[EventT_contra]) -> None: ...


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff for transient failures (retried forever) and attempts for unknown errors."""

    initial_backoff_s: float = 0.1
    max_backoff_s: float = 30.0
    unknown_error_attempts: int = 3


Prepare = Callable[[Sequence[IncomingRecord]], Awaitable[None]]
"""Runs before a batch is screened (e.g. catching up with the ownership topic)."""

Scope = Callable[[], AbstractAsyncContextManager[AsyncConnection]]
"""Opens what one attempt writes in: a transaction of its own, or a savepoint."""


@dataclass(frozen=True)
class _Decoded(Generic[EventT]):
    record: IncomingRecord
    event_id: UUID
    event: EventT
    content_hash: bytes


def content_hash(value: bytes) -> bytes:
    """What identifies a record's content (a redelivery has the same)."""
    return hashlib.blake2b(value, digest_size=16).digest()


class IdempotentConsumer(Generic[EventT]):
    """The consumer's core; :func:`subscribe_idempotent` connects it to a Kafka subscriber."""

    def __init__(
        self,
        *,
        name: str,
        engine: AsyncEngine,
        parse: Callable[[bytes], EventT],
        event_id_of: Callable[[EventT], UUID],
        handler: EventHandler[EventT],
        dead_letters: DeadLetterSink,
        retry: RetryPolicy | None = None,
        screen: Screen[EventT] | None = None,
        prepare: Prepare | None = None,
    ) -> None:
        self.name = name
        self._engine = engine
        self._parse = parse
        self._event_id_of = event_id_of
        self._handler = handler
        self._dead_letters = dead_letters
        self._retry = retry or RetryPolicy()
        self._screen = screen
        self._prepare = prepare
        self.applied_total = 0
        self.dead_lettered_total = 0
        self.dead_lettered_by_error: Counter[str] = Counter()
        self.last_applied_at: datetime | None = None

    async def process(self, records: Sequence[IncomingRecord]) -> None:
        """Apply a batch; returns once every record is applied, skipped or dead-lettered."""
        await self._process(records, lambda: write_transaction(self._engine), retry=True)

    async def process_within(
        self, connection: AsyncConnection, records: Sequence[IncomingRecord]
    ) -> None:
        """Apply a batch inside the caller's transaction on ``connection``, each attempt in a
        savepoint. A transient error is raised (the caller's transaction decides what to do
        with it) rather than waited out while the caller holds its locks."""
        await self._process(records, lambda: _savepoint(connection), retry=False)

    async def _process(
        self, records: Sequence[IncomingRecord], scope: Scope, *, retry: bool
    ) -> None:
        if self._prepare is not None:
            await self._prepare(records)
        decoding = _Decoding(self._decoded, records)
        with bound_correlation_id(shared_correlation_id(record.headers for record in records)):
            try:
                applied = await self._apply_with_retries(decoding, scope, retry)
            except _DecodingFailed as failed:
                raise failed.error from None  # as a decode before the transaction raised it
        letters = decoding.letters + applied
        if letters:
            await self._dead_letters.send(letters)
            self.dead_lettered_total += len(letters)
            self.dead_lettered_by_error.update(letter.error_type for letter in letters)
            for letter in letters:
                with bound_correlation_id(correlation_id_in(letter.headers)):
                    log.error(
                        "%s: dead-lettered %s: %s", self.name, letter.error_type, letter.reason
                    )

    def _decoded(self, record: IncomingRecord) -> _Decoded[EventT]:
        event = self._parse(record.value)
        if self._screen is not None:
            reason = self._screen(event, record)
            if reason is not None:
                raise RefusedEvent(reason)
        return _Decoded(record, self._event_id_of(event), event, content_hash(record.value))

    async def _apply_with_retries(
        self, decoding: _Decoding[EventT], scope: Scope, retry: bool
    ) -> list[DeadLetter]:
        try:
            conflicts = await self._retrying(lambda: self._apply(decoding, scope), retry)
            return [_letter(item.record, _conflict(item.event_id)) for item in conflicts]
        except PermanentEventError:
            decoding.rest()
            return await self._apply_one_by_one(decoding.items, scope, retry)

    async def _apply_one_by_one(
        self, items: list[_Decoded[EventT]], scope: Scope, retry: bool
    ) -> list[DeadLetter]:
        letters = []
        for item in items:
            try:
                with bound_correlation_id(correlation_id_in(item.record.headers)):
                    conflicts = await self._retrying(
                        lambda item=item: self._apply(_Decoding.of([item]), scope),  # type: ignore[misc]
                        retry,
                    )
            except PermanentEventError as error:
                letters.append(_letter(item.record, error))
            else:
                letters += [_letter(c.record, _conflict(c.event_id)) for c in conflicts]
        return letters

    async def _retrying(self, attempt: Callable[[], Awaitable[T]], retry: bool) -> T:
        """Run ``attempt``; wait out transient errors (or raise them, unless ``retry``); an
        unknown error that persists becomes a :class:`PermanentEventError`."""
        backoff, unknown_failures = self._retry.initial_backoff_s, 0
        while True:
            try:
                return await attempt()
            except (PermanentEventError, _DecodingFailed):
                raise
            except Exception as error:
                if not is_transient(error):
                    unknown_failures += 1
                    if unknown_failures >= self._retry.unknown_error_attempts:
                        raise PermanentEventError(f"{type(error).__name__}: {error}") from error
                elif not retry:
                    raise
                log.warning("%s: apply failed, retrying in %.1fs: %r", self.name, backoff, error)
                await asyncio.sleep(backoff)
                backoff = min(self._retry.max_backoff_s, backoff * 2)

    async def _apply(self, decoding: _Decoding[EventT], scope: Scope) -> list[_Decoded[EventT]]:
        """Apply the items not applied before; those applied before with other content.

        While one chunk's ``event_id`` claim is on its way to the database, the next chunk of
        records is decoded (the claim is the batch's first statement, and decoding its largest
        Python cost): the claim statements run in the same transaction, in the same order,
        one chunk's ids after the other's."""
        # What an earlier attempt decoded (its claims were rolled back with it) goes first.
        first = decoding.items
        while not first and not decoding.done:
            first = decoding.more(CLAIM_CHUNK)
        if not first:
            return []
        async with scope() as connection:
            claimed, conflicting = await self._claim_while_decoding(connection, decoding, first)
            items = decoding.items
            fresh = [item for item in items if item.event_id in claimed]
            if fresh:
                await self._handler.apply(connection, [item.event for item in fresh])
        self.applied_total += len(fresh)
        self.last_applied_at = datetime.now(UTC)
        return [item for item in items if item.event_id in conflicting]

    async def _claim_while_decoding(
        self,
        connection: AsyncConnection,
        decoding: _Decoding[EventT],
        pending: list[_Decoded[EventT]],
    ) -> tuple[set[UUID], set[UUID]]:
        """Claim ``pending``, then each chunk the decoding yields, until it is done."""
        claimed: set[UUID] = set()
        conflicting: set[UUID] = set()
        while pending or not decoding.done:
            if not pending:  # a chunk of records that were all dead-lettered or repeated
                pending = decoding.more(CLAIM_CHUNK)
                continue
            pairs = [(item.event_id, item.content_hash) for item in pending]
            claim = asyncio.ensure_future(claim_event_ids(connection, self.name, pairs))
            try:
                for _ in range(_TURNS_TO_SEND):  # let the claim reach the socket
                    await asyncio.sleep(0)
                pending = decoding.more(CLAIM_CHUNK)
            except BaseException:
                claim.cancel()
                await asyncio.gather(claim, return_exceptions=True)
                raise
            result = await claim
            claimed |= result.claimed
            conflicting |= result.conflicting
        return claimed, conflicting


CLAIM_CHUNK = 1_000
"""Records decoded while the claim of the chunk before is on its way (a batch of 5,000 is
claimed in five statements)."""

_TURNS_TO_SEND = 3
"""Event-loop turns the claim gets before decoding resumes: enough for SQLAlchemy's
greenlet and asyncpg to write the statement (a cached prepared statement) to the socket."""


class _DecodingFailed(Exception):
    """A record's decoding raised something other than an event contract error (a bug): the
    batch fails with that error, unretried, as it did when decoding came first."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class _Decoding(Generic[EventT]):
    """A batch's records, decoded a chunk at a time; one item per ``event_id`` (the first
    record), a dead letter for each record that does not decode or repeats an id with other
    content."""

    def __init__(
        self,
        decode: Callable[[IncomingRecord], _Decoded[EventT]],
        records: Sequence[IncomingRecord],
    ) -> None:
        self._decode = decode
        self._records = records
        self._next = 0
        self._by_id: dict[UUID, _Decoded[EventT]] = {}
        self.letters: list[DeadLetter] = []

    @classmethod
    def of(cls, items: Sequence[_Decoded[EventT]]) -> _Decoding[EventT]:
        """Items decoded already."""
        decoding: _Decoding[EventT] = cls(_already_decoded, ())
        decoding._by_id = {item.event_id: item for item in items}
        return decoding

    @property
    def done(self) -> bool:
        return self._next >= len(self._records)

    @property
    def items(self) -> list[_Decoded[EventT]]:
        return list(self._by_id.values())

    def more(self, count: int) -> list[_Decoded[EventT]]:
        """Decode up to ``count`` more records; the items with ids not seen before."""
        new: list[_Decoded[EventT]] = []
        end = min(len(self._records), self._next + count)
        while self._next < end:
            record = self._records[self._next]
            try:
                item = self._decode(record)
            except EventContractError as error:
                self.letters.append(_letter(record, error))
                self._next += 1
                continue
            except Exception as error:
                raise _DecodingFailed(error) from error
            self._next += 1
            first = self._by_id.setdefault(item.event_id, item)
            if first is item:
                new.append(item)
            elif first.content_hash != item.content_hash:
                self.letters.append(_letter(record, _conflict(item.event_id)))
        return new

    def rest(self) -> list[_Decoded[EventT]]:
        return self.more(len(self._records))


def _already_decoded(record: IncomingRecord) -> _Decoded[Any]:
    raise AssertionError("no records to decode")


@asynccontextmanager
async def _savepoint(connection: AsyncConnection) -> AsyncIterator[AsyncConnection]:
    async with connection.begin_nested():
        yield connection


def _conflict(event_id: UUID) -> ConflictingDuplicate:
    return ConflictingDuplicate(f"event {event_id} was seen before with other content")


def _letter(record: IncomingRecord, error: Exception) -> DeadLetter:
    return DeadLetter(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key,
        value=record.value,
        headers=record.headers,
        reason=str(error) or type(error).__name__,
        error_type=type(error).__name__,
    )
