"""Append-only event store with per-stream optimistic concurrency and a global order."""

from shared.eventstore.errors import ConcurrencyConflict, EventStoreError
from shared.eventstore.memory import InMemoryEventStore
from shared.eventstore.port import AppendContext, EventStore, RecordedEvent
from shared.eventstore.sql import Lookup, SqlEventStore, StreamAppend

__all__ = [
    "AppendContext",
    "ConcurrencyConflict",
    "EventStore",
    "EventStoreError",
    "InMemoryEventStore",
    "Lookup",
    "RecordedEvent",
    "SqlEventStore",
    "StreamAppend",
]
