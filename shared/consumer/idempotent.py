"""Applying a batch of records once each, in one transaction, with dead letters and retries.

A batch is applied in one database transaction that also records every applied
``event_id``; the Kafka offsets are committed by the caller only after this returns. If one
event breaks an invariant, the batch is rolled back and re-applied one event per
transaction, so only the poison event goes to the dead-letter topic.

:meth:`IdempotentConsumer.process_within` applies a batch the same way inside a transaction
the caller holds (the reporting rebuild's bulk read and switch), with savepoints in place of
transactions: the one path by which a service applies events, whoever reads them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, Protocol, TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.consumer.dead_letter import DeadLetter, DeadLetterSink
from shared.consumer.errors import PermanentEventError, is_transient
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
EventT_contra = TypeVar("EventT_contra", contravariant=True)


@dataclass(frozen=True)
class IncomingRecord:
    """One Kafka record as received (transport-independent)."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = ()


class EventHandler(Protocol[EventT_contra]):
    """Applies events inside the consumer's transaction (must not commit itself)."""

    async def apply(self, connection: AsyncConnection, events: Sequence[EventT_contra]) -> None: ...


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff for transient failures (retried forever) and attempts for unknown errors."""

    initial_backoff_s: float = 0.1
    max_backoff_s: float = 30.0
    unknown_error_attempts: int = 3


Scope = Callable[[], AbstractAsyncContextManager[AsyncConnection]]
"""Opens what one attempt writes in: a transaction of its own, or a savepoint."""


@dataclass(frozen=True)
class _Decoded(Generic[EventT]):
    record: IncomingRecord
    event_id: UUID
    event: EventT


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
    ) -> None:
        self.name = name
        self._engine = engine
        self._parse = parse
        self._event_id_of = event_id_of
        self._handler = handler
        self._dead_letters = dead_letters
        self._retry = retry or RetryPolicy()
        self.applied_total = 0
        self.dead_lettered_total = 0
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
        decoded, letters = self._decode(records)
        with bound_correlation_id(shared_correlation_id(record.headers for record in records)):
            letters += await self._apply_with_retries(decoded, scope, retry)
        if letters:
            await self._dead_letters.send(letters)
            self.dead_lettered_total += len(letters)
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
                event = self._parse(record.value)
            except EventContractError as error:
                letters.append(_letter(record, error))
                continue
            event_id = self._event_id_of(event)
            decoded.setdefault(event_id, _Decoded(record, event_id, event))
        return list(decoded.values()), letters

    async def _apply_with_retries(
        self, items: list[_Decoded[EventT]], scope: Scope, retry: bool
    ) -> list[DeadLetter]:
        try:
            await self._retrying(lambda: self._apply(items, scope), retry)
            return []
        except PermanentEventError:
            return await self._apply_one_by_one(items, scope, retry)

    async def _apply_one_by_one(
        self, items: list[_Decoded[EventT]], scope: Scope, retry: bool
    ) -> list[DeadLetter]:
        letters = []
        for item in items:
            try:
                with bound_correlation_id(correlation_id_in(item.record.headers)):
                    await self._retrying(lambda item=item: self._apply([item], scope), retry)  # type: ignore[misc]
            except PermanentEventError as error:
                letters.append(_letter(item.record, error))
        return letters

    async def _retrying(self, attempt: Callable[[], Awaitable[None]], retry: bool) -> None:
        """Run ``attempt``; wait out transient errors (or raise them, unless ``retry``); an
        unknown error that persists becomes a :class:`PermanentEventError`."""
        backoff, unknown_failures = self._retry.initial_backoff_s, 0
        while True:
            try:
                await attempt()
                return
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

    async def _apply(self, items: list[_Decoded[EventT]], scope: Scope) -> None:
        if not items:
            return
        async with scope() as connection:
            fresh = await self._claim_unprocessed(connection, items)
            if fresh:
                await self._handler.apply(connection, [item.event for item in fresh])
        self.applied_total += len(fresh)
        self.last_applied_at = datetime.now(UTC)

    async def _claim_unprocessed(
        self, connection: AsyncConnection, items: list[_Decoded[EventT]]
    ) -> list[_Decoded[EventT]]:
        """Record the batch's event ids; the items whose id was not recorded before.

        One ``INSERT … ON CONFLICT DO NOTHING RETURNING`` instead of a lookup then an insert:
        one round trip, and a plan that does not depend on the batch (a ``WHERE event_id IN
        (5,000 parameters)`` lookup degrades to a scan once PostgreSQL picks a generic plan).
        The claim is rolled back with the handler's effects if the transaction fails.
        """
        claimed = set(await claim_event_ids(connection, self.name, [i.event_id for i in items]))
        return [item for item in items if item.event_id in claimed]


@asynccontextmanager
async def _savepoint(connection: AsyncConnection) -> AsyncIterator[AsyncConnection]:
    async with connection.begin_nested():
        yield connection


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
