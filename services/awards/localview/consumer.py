"""Applies the registry's events to the local view (inside the idempotent consumer's
transaction: the consumer records each event id with the effect, so a redelivery is a no-op)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.localview.tables import fact_row, lifetimes, store_facts
from shared.events import AnyEvent
from shared.lifetimes import LIFETIME_EVENT_TYPES, apply_lifetimes

REGISTRY_FACT_TYPES = frozenset(
    {
        "AgencyRegistered",
        "AgencyContinued",
        "AgencyMerged",
        "AgencyCeased",
        "UnitAdded",
        "UnitTransferred",
        "MemberAdded",
        "MemberMoved",
        "MemberTransferred",
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
"""The registry's event types the local view keeps (``AgencyMerged``: whose history a
successor continues; transfers: who belongs where now); the others change nothing here."""


class RegistryFactsHandler:
    """Keeps the registry facts the eligibility engine needs: registrations, ratings,
    recognised initiatives, discipline holds, agencies and their lineage, units and who works
    where; and agencies' lifetimes, which refuse what a ceased agency dates after its end."""

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        rows = {
            event.event_id: fact_row(event.model_dump(mode="json"), event.payload)
            for event in events
            if event.event_type in REGISTRY_FACT_TYPES
        }
        await store_facts(connection, list(rows.values()))
        dated = [(e.agency, e.payload) for e in events if e.event_type in LIFETIME_EVENT_TYPES]
        await apply_lifetimes(connection, lifetimes, dated)
