"""Applies the registry's events to the local view (inside the idempotent consumer's
transaction: the consumer records each event id with the effect, so a redelivery is a no-op)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.localview.tables import fact_row, store_facts
from shared.events import AnyEvent

REGISTRY_FACT_TYPES = frozenset(
    {
        "AgencyRegistered",
        "UnitAdded",
        "MemberAdded",
        "MemberMoved",
        "RatingRecorded",
        "UnitRatingRecorded",
        "InitiativeRegistered",
        "InitiativeRecognised",
        "DisciplineHoldPlaced",
        "DisciplineHoldLifted",
        "CampaignLaunched",
        "CampaignClosed",
        "RegistrationSubmitted",
        "RegistrationApproved",
        "RegistrationReturned",
    }
)
"""The registry's event types the eligibility engine folds; the others change nothing here."""


class RegistryFactsHandler:
    """Keeps the registry facts the eligibility engine needs: registrations, ratings,
    recognised initiatives, discipline holds, agencies, units and who works where."""

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        rows = {
            event.event_id: fact_row(event.model_dump(mode="json"), event.payload)
            for event in events
            if event.event_type in REGISTRY_FACT_TYPES
        }
        await store_facts(connection, list(rows.values()))
