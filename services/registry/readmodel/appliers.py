"""How an area's read-model module reacts to events: one function per event type, and for
the types that bulk commands append by the thousand, one that takes a run of them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from shared.envelope import EventPayload
from shared.eventstore import RecordedEvent

Applier = Callable[[AsyncConnection, RecordedEvent, EventPayload], Awaitable[None]]
Appliers = Mapping[str, Applier]
BulkApplier = Callable[
    [AsyncConnection, Sequence[tuple[RecordedEvent, EventPayload]]], Awaitable[None]
]
BulkAppliers = Mapping[str, BulkApplier]
