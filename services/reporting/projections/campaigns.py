"""Campaigns per agency × year (of the start date) × launching level × form × scope."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.tables import campaign_counts
from services.reporting.projections.upsert import add_counts
from shared.events import AnyEvent, CampaignLaunched

_KEY = ("agency", "year", "launching_level", "form", "scope")


class CampaignCountsProjection:
    """Counts launched campaigns by business time (the campaign's start year)."""

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        deltas: Counter[tuple[Hashable, ...]] = Counter()
        for event in events:
            payload = event.payload
            if isinstance(payload, CampaignLaunched):
                key = (
                    event.agency,
                    payload.start_date.year,
                    payload.launching_level.value,
                    payload.form.value,
                    payload.scope.value,
                )
                deltas[key] += 1
        await add_counts(connection, campaign_counts, _KEY, "campaigns", deltas)
