"""The awards service's inline projection: each recorded event goes to its area's applier.

What issuing decisions appends (each decision's DecisionIssued and its AwardGranted events,
one decision or a file's worth) is written set-based: one statement per table for all of
them, where applying the events one by one costs three statements per award.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.localview import own_awards
from services.awards.readmodel import decisions, proposals
from services.awards.readmodel.appliers import Applier
from shared.application.decided import payload_of
from shared.envelope import EventPayload
from shared.events import AwardGranted, DecisionIssued
from shared.eventstore import RecordedEvent

_AREAS = (proposals, decisions, own_awards)
_ISSUING = (DecisionIssued, AwardGranted)

Parsed = Sequence[tuple[RecordedEvent, EventPayload]]


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
        parsed = [
            (event, payload_of(event)) for event in events if event.event_type in self._appliers
        ]
        issuing = cast(decisions.Issuing, parsed)
        if _only_issuing(parsed) and decisions.whole_decisions(issuing):
            await self._issue(connection, parsed, issuing)
            return
        for event, payload in parsed:
            for applier in self._appliers[event.event_type]:
                await applier(connection, event, payload)

    async def _issue(
        self, connection: AsyncConnection, parsed: Parsed, issuing: decisions.Issuing
    ) -> None:
        """New decisions: the same rows as their events applied one by one."""
        await decisions.record_issued(connection, issuing)
        await own_awards.keep_all(connection, parsed)
        for event, payload in parsed:
            if isinstance(payload, DecisionIssued):
                await proposals.APPLIERS["DecisionIssued"](connection, event, payload)


def _only_issuing(parsed: Parsed) -> bool:
    return bool(parsed) and all(isinstance(payload, _ISSUING) for _, payload in parsed)
