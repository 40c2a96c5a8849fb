"""Campaigns per agency × year of the start date × launching level × form × scope × duration.

The dimensions of form 0601.N. The duration bucket is that of the dates given at launch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.deltas import Counters, Deltas
from services.reporting.projections.dimensions import duration_bucket
from services.reporting.projections.tables import campaign_counts
from shared.events import AnyEvent, CampaignLaunched

CAMPAIGNS = Counters(campaign_counts, "campaigns")


class CampaignCountsProjection:
    """Counts launched campaigns by business time (the campaign's start year)."""

    payload_types: ClassVar[frozenset[type]] = frozenset({CampaignLaunched})

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        deltas = Deltas()
        for event in events:
            payload = event.payload
            if isinstance(payload, CampaignLaunched):
                key = (
                    event.agency,
                    payload.start_date.year,
                    payload.launching_level.value,
                    payload.form.value,
                    payload.scope.value,
                    duration_bucket(payload.start_date, payload.end_date).value,
                )
                deltas.add(CAMPAIGNS, key)
        await deltas.write(connection)
