"""Every projection of the reporting service, applied together in one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.campaigns import CampaignCountsProjection
from shared.consumer import EventHandler
from shared.events import AnyEvent


class AllProjections:
    """Applies a batch of events to each projection in turn."""

    def __init__(self, projections: Sequence[EventHandler[AnyEvent]] | None = None) -> None:
        self._projections = list(projections or [CampaignCountsProjection()])

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        for projection in self._projections:
            await projection.apply(connection, events)
