"""Loading an aggregate's stream: its events, upcast to current versions, and its version."""

from __future__ import annotations

from collections.abc import Sequence

from shared.envelope import EventPayload
from shared.events import parse_event
from shared.eventstore import EventStore, RecordedEvent


async def load_stream(store: EventStore, stream_id: str) -> tuple[list[EventPayload], int]:
    """The stream's payloads (upcast to current versions) and its version."""
    return history_of(await store.read_stream(stream_id))


def history_of(recorded: Sequence[RecordedEvent]) -> tuple[list[EventPayload], int]:
    """The payloads of a stream's recorded events (upcast to current versions), its version."""
    payloads: list[EventPayload] = [
        parse_event(event.model_dump(mode="json")).payload for event in recorded
    ]
    return payloads, len(recorded)
