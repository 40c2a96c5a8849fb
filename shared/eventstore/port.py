"""The event store port: what services need from any storage backend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from pydantic import BaseModel, ConfigDict
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.envelope import EventEnvelope, NewEvent


class AppendContext(BaseModel):
    """Who appends and why: copied onto every envelope of one append."""

    model_config = ConfigDict(frozen=True)

    agency: str
    actor: str
    correlation_id: UUID
    causation_id: UUID | None = None


class RecordedEvent(EventEnvelope):
    """An envelope as stored, with its place in the store's global order."""

    position: int


class EventStore(Protocol):
    """Append-only storage of event streams, as a service's commands use it.

    A command reads its stream, decides, then appends in its own transaction (with its read
    model and idempotency key): ``append_in`` writes all events or none, and raises
    :class:`~shared.eventstore.errors.ConcurrencyConflict` if the stream is not at
    ``expected_version`` (0 for a new stream). After the commit, ``notify_appended`` wakes
    the relay. Reading in global order is the relay's alone (:mod:`shared.outbox.reader`).
    """

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]:
        """The stream's events, oldest first (empty for a stream never written)."""
        ...

    async def stream_version(self, stream_id: str) -> int:
        """The stream's version: its number of events."""
        ...

    async def append_in(
        self,
        connection: AsyncConnection,
        stream_id: str,
        expected_version: int,
        events: Sequence[NewEvent],
        context: AppendContext,
    ) -> list[RecordedEvent]:
        """Append ``events`` to the stream inside the transaction of ``connection``."""
        ...

    def notify_appended(self) -> None:
        """Something was appended and committed: tell whoever publishes it."""
        ...
