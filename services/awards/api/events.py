"""``GET /v1/events/head``: the events the awards service's store holds, for ``tdkt rebuild``."""

from __future__ import annotations

from fastapi import APIRouter

from services.awards.api.dependencies import AwardsDep
from shared.auth import CurrentPrincipal, require_role
from shared.outbox import StoreHead

router = APIRouter(prefix="/v1/events", tags=["events"])


@router.get("/head", summary="The event store's head")
async def head(principal: CurrentPrincipal, awards: AwardsDep) -> StoreHead:
    """The events the awards service's store holds (every agency's), its last position, and how far
    its relay has published them to its topic. The rebuild of the reporting projections
    compares these with the topic before it starts. Analysts and admins."""
    require_role(principal, "analyst", "admin")
    return await awards.relay.head()
