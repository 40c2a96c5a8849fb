"""The service's own award events, kept in the local view beside the registry's facts.

Applied inline, in the transaction of the decision or revocation that records them, so an
eligibility check right after a decision already counts (or no longer counts) its awards.
``DecisionIssued`` is kept for its number: a refusal names the earlier decision as an officer
does (số quyết định), never by its id.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.localview.tables import fact_row, store_facts
from services.awards.readmodel.appliers import Appliers
from shared.envelope import EventPayload
from shared.eventstore import RecordedEvent


async def _keep(connection: AsyncConnection, event: RecordedEvent, payload: EventPayload) -> None:
    envelope = event.model_dump(mode="json", exclude={"position"})
    await store_facts(connection, [fact_row(envelope, payload)])


APPLIERS: Appliers = {
    "DecisionIssued": _keep,
    "AwardGranted": _keep,
    "AwardRevoked": _keep,
    "DecisionRevoked": _keep,
}
