"""Campaign routes: parse, build a command, call one handler, map the result."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, status

from services.registry.api.schemas import CampaignAccepted, CampaignCreate
from services.registry.application import launch_campaign
from services.registry.bootstrap import Registry
from services.registry.commands import LaunchCampaign
from shared.auth import CurrentPrincipal, Principal, require_agency
from shared.eventstore import AppendContext

router = APIRouter(prefix="/v1/campaigns", tags=["campaigns"])


def get_registry(request: Request) -> Registry:
    registry: Registry = request.app.state.registry
    return registry


RegistryDep = Annotated[Registry, Depends(get_registry)]
CorrelationId = Annotated[
    uuid.UUID | None, Header(alias="X-Correlation-ID", description="Optional request id.")
]


def append_context(
    principal: Principal, agency: str, correlation_id: uuid.UUID | None
) -> AppendContext:
    return AppendContext(
        agency=agency, actor=principal.subject, correlation_id=correlation_id or uuid.uuid4()
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Launch a campaign")
async def launch(
    body: CampaignCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    correlation_id: CorrelationId = None,
) -> CampaignAccepted:
    """Launch a campaign for the caller's agency; emits **CampaignLaunched**."""
    require_agency(principal, body.agency)
    command = LaunchCampaign(campaign_id=str(uuid.uuid4()), **body.model_dump())
    context = append_context(principal, body.agency, correlation_id)
    recorded = await launch_campaign(registry.store, command, context)
    return CampaignAccepted(
        campaign_id=command.campaign_id,
        version=recorded[-1].stream_version,
        event_ids=[event.event_id for event in recorded],
    )
