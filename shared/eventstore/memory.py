"""In-memory event store for unit tests (same contract as the SQL store).

It has no transactions: ``append_in`` ignores the connection and keeps the events at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime

from shared.envelope import NewEvent
from shared.eventstore.errors import ConcurrencyConflict
from shared.eventstore.port import AppendContext, RecordedEvent


class InMemoryEventStore:
    """Keeps every event in a list; a lock stands in for the database transaction."""

    def __init__(self) -> None:
        self._events: list[RecordedEvent] = []
        self._versions: dict[str, int] = {}
        self._lock = asyncio.Lock()

    async def append_in(
        self,
        connection: object,
        stream_id: str,
        expected_version: int,
        events: Sequence[NewEvent],
        context: AppendContext,
    ) -> list[RecordedEvent]:
        async with self._lock:
            actual = self._versions.get(stream_id, 0)
            if actual != expected_version:
                raise ConcurrencyConflict(stream_id, expected_version, actual)
            recorded_at = datetime.now(UTC)
            recorded = [
                RecordedEvent(
                    **event.model_dump(),
                    **context.model_dump(),
                    stream_id=stream_id,
                    stream_version=expected_version + index,
                    recorded_at=recorded_at,
                    position=len(self._events) + index,
                )
                for index, event in enumerate(events, start=1)
            ]
            self._events.extend(recorded)
            self._versions[stream_id] = expected_version + len(recorded)
            return recorded

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]:
        return [event for event in self._events if event.stream_id == stream_id]

    async def stream_version(self, stream_id: str) -> int:
        return self._versions.get(stream_id, 0)

    def notify_appended(self) -> None:
        """Nothing to wake: no relay publishes from memory."""
