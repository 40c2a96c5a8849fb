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
from services.registry.application.campaigns import (
    agency_of_campaign,
    close_campaign,
    launch_campaign,
    review_campaign,
)
from services.registry.bootstrap import Registry
from services.registry.commands.campaigns import CloseCampaign, LaunchCampaign, ReviewCampaign
from services.registry.readmodel import campaign_queries
from shared.application.commands import Outcome
from shared.auth import CurrentPrincipal, require_agency
from shared.events.vocabulary import AgencyCode
from shared.http.commands import (
    CorrelationId,
    IdempotencyKey,
    IfMatchHeader,
    append_context,
    etag,
    expected_version,
    idempotency_request,
)
from shared.http.pagination import Limit, Offset, Page
from shared.http.problems import NotFoundProblem

router = APIRouter(prefix="/v1/campaigns", tags=["campaigns"])


def _accepted(outcome: Outcome, response: Response) -> CampaignAccepted:
    response.headers["ETag"] = etag(outcome.version)
    response.headers["Location"] = f"/v1/campaigns/{outcome.resource_id}"
    return CampaignAccepted(
        campaign_id=outcome.resource_id, version=outcome.version, event_ids=outcome.event_ids
    )


async def _writable_agency(
    registry: Registry, principal: CurrentPrincipal, campaign_id: str
) -> str:
    agency = await agency_of_campaign(registry.engine, campaign_id)
    if agency is None:
        raise NotFoundProblem(f"no campaign {campaign_id}")
    require_agency(principal, agency)
    return agency


@router.post("", status_code=status.HTTP_201_CREATED, summary="Launch a campaign")
async def launch(
    body: CampaignCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> CampaignAccepted:
    """Launch a campaign for the caller's agency; emits **CampaignLaunched**.

    A `parent_campaign_id` must name a campaign the registry knows (422 naming it otherwise).
    """
    require_agency(principal, body.agency)
    command = LaunchCampaign(campaign_id=str(uuid.uuid4()), **body.model_dump())
    outcome = await launch_campaign(
        registry.commands,
        registry.engine,
        command,
        append_context(principal, body.agency, correlation_id),
        idempotency_request(body.agency, idempotency_key, "launch-campaign", body),
    )
    return _accepted(outcome, response)


@router.post(
    "/{campaign_id}/reviews", status_code=status.HTTP_201_CREATED, summary="Review a campaign"
)
async def review(
    campaign_id: str,
    body: CampaignReviewCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    if_match: IfMatchHeader = None,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> CampaignAccepted:
    """Record a sơ kết (interim) or tổng kết (final) review; emits **CampaignReviewed**.

    409 with the current state before launch, after the final review (at most one) or after
    the close, or when `If-Match` is not the current version; 422 if `review_date` is before
    the campaign's start.
    """
    agency = await _writable_agency(registry, principal, campaign_id)
    outcome = await review_campaign(
        registry.commands,
        ReviewCampaign(campaign_id=campaign_id, **body.model_dump()),
        append_context(principal, agency, correlation_id),
        expected_version(if_match),
        idempotency_request(agency, idempotency_key, "review", campaign_id, body, if_match),
    )
    return _accepted(outcome, response)


@router.post("/{campaign_id}/close", summary="Close a campaign")
async def close(
    campaign_id: str,
    body: CampaignClose,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    if_match: IfMatchHeader = None,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> CampaignAccepted:
    """Close the campaign; emits **CampaignClosed**. Nothing happens to it afterwards.

    409 with the current state if already closed or `If-Match` is stale; 422 if `closed_on`
    is before the start or the last review.
    """
    agency = await _writable_agency(registry, principal, campaign_id)
    outcome = await close_campaign(
        registry.commands,
        CloseCampaign(campaign_id=campaign_id, **body.model_dump()),
        append_context(principal, agency, correlation_id),
        expected_version(if_match),
        idempotency_request(agency, idempotency_key, "close", campaign_id, body, if_match),
    )
    return _accepted(outcome, response)


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
    require_agency(principal, agency, access="read")
    return await campaign_queries.list_campaigns(connection, agency, year, limit, offset)


@router.get("/{campaign_id}", summary="One campaign")
async def get_campaign(
    campaign_id: str, principal: CurrentPrincipal, connection: ReadConnection, response: Response
) -> CampaignPublic:
    """A campaign and its current status; the `ETag` is its version (for `If-Match`)."""
    found = await campaign_queries.get_campaign(connection, campaign_id)
    if found is None:
        raise NotFoundProblem(f"no campaign {campaign_id}")
    require_agency(principal, found.agency, access="read")
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
    require_agency(principal, found.agency, access="read")
    return await campaign_queries.list_reviews(connection, campaign_id)
