"""Campaign routes: parse, build a command, call one handler, map the result."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.registry.api.dependencies import ReadConnection, RegistryDep
from services.registry.api.schemas import (
    CampaignAccepted,
    CampaignClose,
    CampaignCreate,
    CampaignPublic,
    CampaignReviewCreate,
    CampaignReviewPublic,
)
from services.registry.api.succession import acting_agency, require_readable
from services.registry.application.campaigns import (
    CLOSE_CAMPAIGN,
    LAUNCH_CAMPAIGN,
    REVIEW_CAMPAIGN,
    agency_of_campaign,
)
from services.registry.commands.campaigns import CloseCampaign, LaunchCampaign, ReviewCampaign
from services.registry.readmodel import campaign_queries
from shared.application.transitions import run_transition
from shared.auth import CurrentPrincipal, require_agency
from shared.events.vocabulary import AgencyCode
from shared.http.accepted import AcceptedResponse
from shared.http.commands import CommandRequestDep, ConditionalCommandRequestDep, etag
from shared.http.pagination import Limit, Offset, Page
from shared.http.problems import NotFoundProblem

router = APIRouter(prefix="/v1/campaigns", tags=["campaigns"])

accepted = AcceptedResponse(CampaignAccepted, "campaign_id", "/v1/campaigns")


@router.post("", status_code=status.HTTP_201_CREATED, summary="Launch a campaign")
async def launch(
    body: CampaignCreate, request: CommandRequestDep, registry: RegistryDep, response: Response
) -> CampaignAccepted:
    """Launch a campaign for the caller's agency; emits **CampaignLaunched**.

    A `parent_campaign_id` must name a campaign the registry knows (422 naming it otherwise).
    """
    require_agency(request.principal, body.agency)
    command = LaunchCampaign(campaign_id=str(uuid.uuid4()), **body.model_dump())
    terms = request.terms(body.agency, "launch-campaign", body)
    outcome = await run_transition(registry.commands, LAUNCH_CAMPAIGN, command, terms)
    return accepted(response, outcome)


@router.post(
    "/{campaign_id}/reviews", status_code=status.HTTP_201_CREATED, summary="Review a campaign"
)
async def review(
    campaign_id: str,
    body: CampaignReviewCreate,
    request: ConditionalCommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> CampaignAccepted:
    """Record a sơ kết (interim) or tổng kết (final) review; emits **CampaignReviewed**.

    409 with the current state before launch, after the final review (at most one) or after
    the close, or when `If-Match` is not the current version; 422 if `review_date` is before
    the campaign's start.

    After a merger the successor (transitively) acts on its predecessors' records in its own
    name from its first day (403 for a date before it); the record stays the predecessor's.
    """
    command = ReviewCampaign(campaign_id=campaign_id, **body.model_dump())
    found = await agency_of_campaign(registry.engine, campaign_id)
    resource = f"campaign {campaign_id}"
    agency = await acting_agency(request, registry.engine, found, resource, body.review_date)
    terms = request.terms(agency, "review", campaign_id, body)
    outcome = await run_transition(registry.commands, REVIEW_CAMPAIGN, command, terms)
    return accepted(response, outcome)


@router.post("/{campaign_id}/close", summary="Close a campaign")
async def close(
    campaign_id: str,
    body: CampaignClose,
    request: ConditionalCommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> CampaignAccepted:
    """Close the campaign; emits **CampaignClosed**. Nothing happens to it afterwards.

    409 with the current state if already closed or `If-Match` is stale; 422 if `closed_on`
    is before the start or the last review.

    After a merger the successor (transitively) acts on its predecessors' records in its own
    name from its first day (403 for a date before it); the record stays the predecessor's.
    """
    command = CloseCampaign(campaign_id=campaign_id, **body.model_dump())
    found = await agency_of_campaign(registry.engine, campaign_id)
    resource = f"campaign {campaign_id}"
    agency = await acting_agency(request, registry.engine, found, resource, body.closed_on)
    terms = request.terms(agency, "close", campaign_id, body)
    outcome = await run_transition(registry.commands, CLOSE_CAMPAIGN, command, terms)
    return accepted(response, outcome)


@router.get("", summary="List an agency's campaigns")
async def list_campaigns(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: Annotated[AgencyCode, Query(description="Launching agency.")],
    year: Annotated[int | None, Query(ge=1945, le=2100, description="Active that year.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[CampaignPublic]:
    """An agency's campaigns by start date; with `year`, those running at some time that year."""
    await require_readable(principal, connection, agency)
    return await campaign_queries.list_campaigns(connection, agency, year, limit, offset)


@router.get("/{campaign_id}", summary="One campaign")
async def get_campaign(
    campaign_id: str, principal: CurrentPrincipal, connection: ReadConnection, response: Response
) -> CampaignPublic:
    """A campaign and its current status; the `ETag` is its version (for `If-Match`)."""
    found = await campaign_queries.get_campaign(connection, campaign_id)
    if found is None:
        raise NotFoundProblem(f"no campaign {campaign_id}")
    await require_readable(principal, connection, found.agency)
    response.headers["ETag"] = etag(found.version)
    return found


@router.get("/{campaign_id}/reviews", summary="A campaign's reviews")
async def list_reviews(
    campaign_id: str, principal: CurrentPrincipal, connection: ReadConnection
) -> list[CampaignReviewPublic]:
    """The campaign's sơ kết and tổng kết reviews, in the order they were recorded."""
    found = await campaign_queries.get_campaign(connection, campaign_id)
    if found is None:
        raise NotFoundProblem(f"no campaign {campaign_id}")
    await require_readable(principal, connection, found.agency)
    return await campaign_queries.list_reviews(connection, campaign_id)
