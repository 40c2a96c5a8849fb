"""The awards service's inline projection: each recorded event goes to its area's applier."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.localview import own_awards
from services.awards.readmodel import decisions, proposals
from services.awards.readmodel.appliers import Applier
from shared.events import parse_event
from shared.eventstore import RecordedEvent

_AREAS = (proposals, decisions, own_awards)


def _all_appliers() -> dict[str, list[Applier]]:
    appliers: dict[str, list[Applier]] = {}
    for area in _AREAS:
        for event_type, applier in area.APPLIERS.items():
            appliers.setdefault(event_type, []).append(applier)
    return appliers


class AwardsProjection:
    """Applies recorded events to the read model and the local view, in the same transaction."""

    def __init__(self) -> None:
        self._appliers = _all_appliers()

    async def apply(self, connection: AsyncConnection, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            appliers = self._appliers.get(event.event_type, [])
            if appliers:
                payload = parse_event(event.model_dump(mode="json")).payload
                for applier in appliers:
                    await applier(connection, event, payload)
