"""Campaigns per agency × year of the start date × launching level × form × scope × duration,
and one row per campaign with its dates and launcher (``campaign_facts``).

The counters are the statistics' dimensions of form 0601.N; the duration bucket is that of
the dates given at launch. The facts let the form count by its reporting period and bucket by
the circular's durations (:mod:`services.reporting.forms.form_0601`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.deltas import Counters, Deltas
from services.reporting.projections.dimensions import duration_bucket
from services.reporting.projections.tables import campaign_counts, campaign_facts
from services.reporting.projections.upsert import put_rows
from shared.events import AnyEvent, CampaignLaunched

CAMPAIGNS = Counters(campaign_counts, "campaigns")


class CampaignCountsProjection:
    """Counts launched campaigns by business time (the campaign's start year) and records
    each one's facts (a campaign id launched again keeps the last launch)."""

    payload_types: ClassVar[frozenset[type]] = frozenset({CampaignLaunched})

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        deltas = Deltas()
        facts: dict[str, dict[str, Any]] = {}
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
                facts[payload.campaign_id] = campaign_fact(event.agency, payload)
        await deltas.write(connection)
        await put_rows(connection, campaign_facts, list(facts.values()))


def campaign_fact(agency: str, payload: CampaignLaunched) -> dict[str, Any]:
    """The ``campaign_facts`` row of a launch recorded by ``agency``."""
    return {
        "campaign_id": payload.campaign_id,
        "agency": agency,
        "launching_agency": payload.launching_agency,
        "launching_level": payload.launching_level.value,
        "scope": payload.scope.value,
        "form": payload.form.value,
        "start_date": payload.start_date,
        "end_date": payload.end_date,
    }
