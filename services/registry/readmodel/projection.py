"""The registry's inline projection: dispatches each recorded event to its area's applier, and
keeps the agencies' lifetimes the command runner's guard reads (:mod:`shared.lifetimes`)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel import (
    blocs,
    campaigns,
    directory,
    initiatives,
    lineage,
    ratings,
    registrations,
)
from services.registry.readmodel.appliers import Applier, BulkApplier
from services.registry.readmodel.directory_tables import agency_lifetimes
from shared.application.decided import payload_of
from shared.eventstore import RecordedEvent
from shared.lifetimes import LIFETIME_EVENT_TYPES, apply_lifetimes

_AREAS = (directory, lineage, blocs, campaigns, registrations, initiatives, ratings)


def _all_appliers() -> dict[str, Applier]:
    appliers: dict[str, Applier] = {}
    for area in _AREAS:
        for event_type, applier in area.APPLIERS.items():
            if event_type in appliers:
                raise RuntimeError(f"two read-model appliers for {event_type}")
            appliers[event_type] = applier
    return appliers


def _bulk_appliers() -> dict[str, BulkApplier]:
    return {t: a for area in _AREAS for t, a in getattr(area, "BULK_APPLIERS", {}).items()}


class RegistryProjection:
    """Applies recorded events to the read-model tables inside the command's transaction.

    Events are applied in order; a run of consecutive events of a type with a bulk applier
    (an import's thousand submissions) is applied by it in a few statements.
    """

    def __init__(self) -> None:
        self._appliers = _all_appliers()
        self._bulk = _bulk_appliers()

    async def apply(self, connection: AsyncConnection, events: Sequence[RecordedEvent]) -> None:
        for event_type, run in groupby(events, key=lambda event: event.event_type):
            applier = self._appliers.get(event_type)
            if applier is None:
                continue
            parsed = [(e, payload_of(e)) for e in run]
            if event_type in LIFETIME_EVENT_TYPES:
                lifetimes = [(e.agency, payload) for e, payload in parsed]
                await apply_lifetimes(connection, agency_lifetimes, lifetimes)
            bulk = self._bulk.get(event_type)
            if bulk is not None:
                await bulk(connection, parsed)
                continue
            for event, payload in parsed:
                await applier(connection, event, payload)
