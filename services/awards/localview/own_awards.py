"""The service's own award events, kept in the local view beside the registry's facts.

Applied inline, in the transaction of the decision or revocation that records them, so an
eligibility check right after a decision already counts (or no longer counts) its awards.
``DecisionIssued`` is kept for its number: a refusal names the earlier decision as an officer
does (số quyết định), never by its id.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.domain.eligibility import FactEvent
from services.awards.localview.facts_loader import remember_parsed
from services.awards.localview.tables import fact_row, store_facts
from services.awards.readmodel.appliers import Appliers
from shared.envelope import EventPayload
from shared.eventstore import RecordedEvent


async def keep_all(
    connection: AsyncConnection, events: Sequence[tuple[RecordedEvent, EventPayload]]
) -> None:
    """Keep every event of ``events`` (of the types below) in the view, in one statement."""
    rows = [fact_row(_envelope(event), payload) for event, payload in events]
    await store_facts(connection, rows)
    remember_parsed(
        connection,
        (
            (event.event_id, FactEvent(payload, event.occurred_at, event.agency))
            for event, payload in events
        ),
    )


def _envelope(event: RecordedEvent) -> dict[str, object]:
    return event.model_dump(mode="json", exclude={"position"})


async def _keep(connection: AsyncConnection, event: RecordedEvent, payload: EventPayload) -> None:
    await keep_all(connection, [(event, payload)])


APPLIERS: Appliers = {
    "DecisionIssued": _keep,
    "AwardGranted": _keep,
    "AwardRevoked": _keep,
    "DecisionRevoked": _keep,
}
