"""The event store port: what services need from any storage backend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from pydantic import BaseModel, ConfigDict

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
    """Append-only storage of event streams.

    ``append`` writes all events or none: if the stream is not at ``expected_version``
    (0 for a new stream) it raises :class:`~shared.eventstore.errors.ConcurrencyConflict`.
    """

    async def append(
        self,
        stream_id: str,
        expected_version: int,
        events: Sequence[NewEvent],
        context: AppendContext,
    ) -> list[RecordedEvent]: ...

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]: ...

    async def stream_version(self, stream_id: str) -> int: ...

    async def read_all(self, after_position: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        """Events in global order (position) after ``after_position``."""
        ...
