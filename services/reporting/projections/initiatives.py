"""Initiatives (sáng kiến) registered, by year applied, and recognised, by year and level.

Recognitions count in the year of ``recognised_on``; an initiative recognised at two levels
counts once at each.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.deltas import Counters, Deltas
from services.reporting.projections.dimensions import NOT_APPLICABLE
from services.reporting.projections.tables import initiative_counts
from shared.events import AnyEvent, InitiativeRecognised, InitiativeRegistered

INITIATIVES = Counters(initiative_counts, "initiatives")
REGISTERED = "registered"
RECOGNISED = "recognised"


class InitiativeCountsProjection:
    """Counts ``InitiativeRegistered`` and ``InitiativeRecognised`` by business time."""

    payload_types: ClassVar[frozenset[type]] = frozenset(
        {InitiativeRegistered, InitiativeRecognised}
    )

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        deltas = Deltas()
        for event in events:
            payload = event.payload
            if isinstance(payload, InitiativeRegistered):
                deltas.add(INITIATIVES, (event.agency, payload.year, REGISTERED, NOT_APPLICABLE))
            elif isinstance(payload, InitiativeRecognised):
                year = payload.recognised_on.year
                deltas.add(INITIATIVES, (event.agency, year, RECOGNISED, payload.level.value))
        await deltas.write(connection)
