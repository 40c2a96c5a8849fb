"""Campaign routes: parse, build a command, call one handler, map the result."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.registry.api.dependencies import ReadConnection, RegistryDep
from services.registry.api.schemas import CampaignAccepted, CampaignCreate, CampaignPublic
from services.registry.application.campaigns import launch_campaign
from services.registry.commands.campaigns import LaunchCampaign
from services.registry.readmodel import campaign_queries
from shared.auth import CurrentPrincipal, require_agency
from shared.events.vocabulary import AgencyCode
from shared.http.commands import (
    CorrelationId,
    IdempotencyKey,
    append_context,
    etag,
    idempotency_request,
)
from shared.http.pagination import Limit, Offset, Page
from shared.http.problems import NotFoundProblem

router = APIRouter(prefix="/v1/campaigns", tags=["campaigns"])


@router.post("", status_code=status.HTTP_201_CREATED, summary="Launch a campaign")
async def launch(
    body: CampaignCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> CampaignAccepted:
    """Launch a campaign for the caller's agency; emits **CampaignLaunched**."""
    require_agency(principal, body.agency)
    command = LaunchCampaign(campaign_id=str(uuid.uuid4()), **body.model_dump())
    outcome = await launch_campaign(
        registry.commands,
        command,
        append_context(principal, body.agency, correlation_id),
        idempotency_request(body.agency, idempotency_key, "launch-campaign", body),
    )
    response.headers["ETag"] = etag(outcome.version)
    response.headers["Location"] = f"/v1/campaigns/{outcome.resource_id}"
    return CampaignAccepted(
        campaign_id=outcome.resource_id, version=outcome.version, event_ids=outcome.event_ids
    )


@router.get("", summary="List an agency's campaigns")
async def list_campaigns(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: Annotated[AgencyCode, Query(description="Launching agency.")],
    year: Annotated[int | None, Query(ge=1945, le=2100, description="Active that year.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[CampaignPublic]:
    require_agency(principal, agency, access="read")
    return await campaign_queries.list_campaigns(connection, agency, year, limit, offset)


@router.get("/{campaign_id}", summary="One campaign")
async def get_campaign(
    campaign_id: str, principal: CurrentPrincipal, connection: ReadConnection, response: Response
) -> CampaignPublic:
    found = await campaign_queries.get_campaign(connection, campaign_id)
    if found is None:
        raise NotFoundProblem(f"no campaign {campaign_id}")
    require_agency(principal, found.agency, access="read")
    response.headers["ETag"] = etag(found.version)
    return found
