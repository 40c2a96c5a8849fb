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
from typing import Generic, Protocol, TypeVar
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
        decoded, letters = self._decode(records)
        with bound_correlation_id(shared_correlation_id(record.headers for record in records)):
            letters += await self._apply_with_retries(decoded, scope, retry)
        if letters:
            await self._dead_letters.send(letters)
            self.dead_lettered_total += len(letters)
            self.dead_lettered_by_error.update(letter.error_type for letter in letters)
            for letter in letters:
                with bound_correlation_id(correlation_id_in(letter.headers)):
                    log.error(
                        "%s: dead-lettered %s: %s", self.name, letter.error_type, letter.reason
                    )

    def _decode(
        self, records: Sequence[IncomingRecord]
    ) -> tuple[list[_Decoded[EventT]], list[DeadLetter]]:
        decoded: dict[UUID, _Decoded[EventT]] = {}
        letters: list[DeadLetter] = []
        for record in records:
            try:
                item = self._decoded(record)
            except EventContractError as error:
                letters.append(_letter(record, error))
                continue
            first = decoded.setdefault(item.event_id, item)
            if first.content_hash != item.content_hash:
                letters.append(_letter(record, _conflict(item.event_id)))
        return list(decoded.values()), letters

    def _decoded(self, record: IncomingRecord) -> _Decoded[EventT]:
        event = self._parse(record.value)
        if self._screen is not None:
            reason = self._screen(event, record)
            if reason is not None:
                raise RefusedEvent(reason)
        return _Decoded(record, self._event_id_of(event), event, content_hash(record.value))

    async def _apply_with_retries(
        self, items: list[_Decoded[EventT]], scope: Scope, retry: bool
    ) -> list[DeadLetter]:
        try:
            conflicts = await self._retrying(lambda: self._apply(items, scope), retry)
            return [_letter(item.record, _conflict(item.event_id)) for item in conflicts]
        except PermanentEventError:
            return await self._apply_one_by_one(items, scope, retry)

    async def _apply_one_by_one(
        self, items: list[_Decoded[EventT]], scope: Scope, retry: bool
    ) -> list[DeadLetter]:
        letters = []
        for item in items:
            try:
                with bound_correlation_id(correlation_id_in(item.record.headers)):
                    conflicts = await self._retrying(
                        lambda item=item: self._apply([item], scope),  # type: ignore[misc]
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
            except PermanentEventError:
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

    async def _apply(self, items: list[_Decoded[EventT]], scope: Scope) -> list[_Decoded[EventT]]:
        """Apply the items not applied before; those applied before with other content."""
        if not items:
            return []
        async with scope() as connection:
            claim = await claim_event_ids(
                connection, self.name, [(item.event_id, item.content_hash) for item in items]
            )
            fresh = [item for item in items if item.event_id in claim.claimed]
            if fresh:
                await self._handler.apply(connection, [item.event for item in fresh])
        self.applied_total += len(fresh)
        self.last_applied_at = datetime.now(UTC)
        return [item for item in items if item.event_id in claim.conflicting]


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
