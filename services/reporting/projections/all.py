"""Every projection of the reporting service, applied together in one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.awards import AwardCountsProjection
from services.reporting.projections.campaigns import CampaignCountsProjection
from services.reporting.projections.directory import DirectoryProjection
from services.reporting.projections.initiatives import InitiativeCountsProjection
from services.reporting.projections.proposals import ProposalCountsProjection
from services.reporting.projections.registrations import RegistrationCountsProjection
from shared.consumer import EventHandler
from shared.events import AnyEvent


def default_projections() -> list[EventHandler[AnyEvent]]:
    """Every projection, the directory first (the awards projection reads its members)."""
    return [
        DirectoryProjection(),
        CampaignCountsProjection(),
        AwardCountsProjection(),
        RegistrationCountsProjection(),
        InitiativeCountsProjection(),
        ProposalCountsProjection(),
    ]


class AllProjections:
    """Applies a batch of events to each projection in turn.

    A projection with a ``payload_types`` attribute gets only the events of those payload
    types (a set lookup per event, where ``isinstance`` on a pydantic model class costs an ABC
    check: the catch-up's largest Python cost before the routing).
    """

    def __init__(self, projections: Sequence[EventHandler[AnyEvent]] | None = None) -> None:
        self._projections = list(projections or default_projections())

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        for projection in self._projections:
            wanted: frozenset[type] | None = getattr(projection, "payload_types", None)
            if wanted is None:
                await projection.apply(connection, events)
                continue
            routed = [event for event in events if type(event.payload) in wanted]
            if routed:
                await projection.apply(connection, routed)
