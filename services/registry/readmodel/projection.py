"""The registry's inline projection: dispatches each recorded event to its area's applier."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel import (
    blocs,
    campaigns,
    directory,
    initiatives,
    ratings,
    registrations,
)
from services.registry.readmodel.appliers import Applier
from shared.events import parse_event
from shared.eventstore import RecordedEvent

_AREAS = (directory, blocs, campaigns, registrations, initiatives, ratings)


def _all_appliers() -> dict[str, Applier]:
    appliers: dict[str, Applier] = {}
    for area in _AREAS:
        for event_type, applier in area.APPLIERS.items():
            if event_type in appliers:
                raise RuntimeError(f"two read-model appliers for {event_type}")
            appliers[event_type] = applier
    return appliers


class RegistryProjection:
    """Applies recorded events to the read-model tables inside the command's transaction."""

    def __init__(self) -> None:
        self._appliers = _all_appliers()

    async def apply(self, connection: AsyncConnection, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            applier = self._appliers.get(event.event_type)
            if applier is not None:
                payload = parse_event(event.model_dump(mode="json")).payload
                await applier(connection, event, payload)
