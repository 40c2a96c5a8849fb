"""Load an aggregate's events, let the pure domain decide, append with the expected version."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from shared.envelope import EventPayload
from shared.events import new_event, parse_event
from shared.eventstore import AppendContext, EventStore, RecordedEvent


async def load_stream(store: EventStore, stream_id: str) -> tuple[list[EventPayload], int]:
    """The stream's payloads (upcast to current versions) and its version."""
    recorded = await store.read_stream(stream_id)
    payloads: list[EventPayload] = [
        parse_event(event.model_dump(mode="json")).payload for event in recorded
    ]
    return payloads, len(recorded)


async def execute(
    store: EventStore,
    stream_id: str,
    decide: Callable[[Sequence[EventPayload]], list[EventPayload]],
    context: AppendContext,
    occurred_at: datetime,
) -> list[RecordedEvent]:
    """Decide on the current stream and append; ConcurrencyConflict if someone was faster."""
    history, version = await load_stream(store, stream_id)
    decided = decide(history)
    events = [new_event(payload, occurred_at=occurred_at) for payload in decided]
    return await store.append(stream_id, version, events, context)
