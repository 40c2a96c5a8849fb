"""How an area's read-model module reacts to events: one function per event type."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncConnection

from shared.envelope import EventPayload
from shared.eventstore import RecordedEvent

Applier = Callable[[AsyncConnection, RecordedEvent, EventPayload], Awaitable[None]]
Appliers = Mapping[str, Applier]
