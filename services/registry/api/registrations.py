"""Registration routes (đăng ký thi đua): parse, build a command, call one handler, map."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from services.registry.api.dependencies import ReadConnection, RegistryDep
from services.registry.api.registrations_schemas import (
    RegistrationAccepted,
    RegistrationApproval,
    RegistrationCoverage,
    RegistrationCreate,
    RegistrationPublic,
    RegistrationResubmission,
    RegistrationReturn,
)
from services.registry.application import registrations as handlers
from services.registry.bootstrap import Registry
from services.registry.commands.registrations import (
    ApproveRegistration,
    ResubmitRegistration,
    ReturnRegistration,
)
from services.registry.readmodel import registration_queries
from services.registry.readmodel.registration_queries import RegistrationFilter
from shared.application.commands import Outcome
from shared.auth import CurrentPrincipal, Principal, require_agency
from shared.events.vocabulary import AgencyCode, EntityId, SubjectKind, Year
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

router = APIRouter(prefix="/v1/registrations", tags=["registrations"])

Status = Literal["submitted", "approved", "returned"]


def _accepted(outcome: Outcome, response: Response) -> RegistrationAccepted:
    response.headers["ETag"] = etag(outcome.version)
    response.headers["Location"] = f"/v1/registrations/{outcome.resource_id}"
    return RegistrationAccepted(
        registration_id=outcome.resource_id, version=outcome.version, event_ids=outcome.event_ids
    )


async def _writable_agency(registry: Registry, principal: Principal, registration_id: str) -> str:
    agency = await handlers.agency_of_registration(registry.engine, registration_id)
    if agency is None:
        raise NotFoundProblem(f"no registration {registration_id}")
    require_agency(principal, agency)
    return agency


@router.post("", status_code=status.HTTP_201_CREATED, summary="Submit a registration")
async def submit(
    body: RegistrationCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> RegistrationAccepted:
    """Register a unit or member of the caller's agency; emits **RegistrationSubmitted** (v2).

    422 naming `body.award_codes` (a code not in the catalogue, repeated, or not fitting the
    registrant: individual titles for a member, collective ones for a unit),
    `body.registrant_id` (not a unit/member of the agency), `body.campaign_id` (unknown or
    closed) or `body.year` (the campaign does not run that year). 409 with the existing
    `registration_id` if the registrant already registered for that year and campaign.
    """
    require_agency(principal, body.agency)
    command = handlers.new_registration(body.agency, **body.model_dump(exclude={"agency"}))
    outcome = await handlers.submit_registration(
        registry.commands,
        registry.engine,
        command,
        append_context(principal, body.agency, correlation_id),
        idempotency_request(body.agency, idempotency_key, "submit-registration", body),
    )
    return _accepted(outcome, response)


@router.get("", summary="List an agency's registrations")
async def list_registrations(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: Annotated[AgencyCode, Query(description="The registrants' agency.")],
    year: Annotated[int | None, Query(ge=1945, le=2100, description="Registered for.")] = None,
    campaign_id: Annotated[str | None, Query(description="Under this campaign.")] = None,
    status: Annotated[Status | None, Query(description="In this state.")] = None,
    registrant_kind: Annotated[SubjectKind | None, Query(description="unit or member.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[RegistrationPublic]:
    """An agency's registrations, by year and registrant."""
    require_agency(principal, agency, access="read")
    kind = None if registrant_kind is None else registrant_kind.value
    where = RegistrationFilter(agency, year, campaign_id, status, kind)
    return await registration_queries.list_registrations(connection, where, limit, offset)


@router.get("/coverage", summary="Registration coverage of an agency")
async def coverage(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: Annotated[AgencyCode, Query(description="The agency.")],
    year: Annotated[Year, Query(description="Year registered for.")],
    campaign_id: Annotated[EntityId | None, Query(description="Only this campaign.")] = None,
) -> RegistrationCoverage:
    """Units registered / units, members registered / members, and registrations by code.

    A registrant counts as **registered** when it has a registration for the year (under any
    campaign, or the one given) that is *submitted* (awaiting approval) or *approved*; a
    *returned* one counts again once resubmitted. `approved` counts approved ones only.
    Totals are the agency's directory now. Shares are percentages with one decimal.
    """
    require_agency(principal, agency, access="read")
    return await registration_queries.coverage(connection, agency, year, campaign_id)


@router.get("/{registration_id}", summary="One registration")
async def get_registration(
    registration_id: str,
    principal: CurrentPrincipal,
    connection: ReadConnection,
    response: Response,
) -> RegistrationPublic:
    """A registration and its state; the `ETag` is its version (for `If-Match`)."""
    found = await registration_queries.get_registration(connection, registration_id)
    if found is None:
        raise NotFoundProblem(f"no registration {registration_id}")
    require_agency(principal, found.agency, access="read")
    response.headers["ETag"] = etag(found.version)
    return found


@router.post("/{registration_id}/approve", summary="Approve a registration")
async def approve(
    registration_id: str,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    body: RegistrationApproval | None = None,
    if_match: IfMatchHeader = None,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> RegistrationAccepted:
    """Approve a submitted registration; emits **RegistrationApproved**.

    409 with the current state unless it is submitted, or if `If-Match` is stale.
    """
    agency = await _writable_agency(registry, principal, registration_id)
    approval = body or RegistrationApproval()
    on = approval.approved_on or handlers.today()
    outcome = await handlers.approve_registration(
        registry.commands,
        ApproveRegistration(registration_id=registration_id, approved_on=on),
        append_context(principal, agency, correlation_id),
        expected_version(if_match),
        idempotency_request(
            agency, idempotency_key, "approve", registration_id, approval, if_match
        ),
    )
    return _accepted(outcome, response)


@router.post("/{registration_id}/return", summary="Return a registration for correction")
async def return_(
    registration_id: str,
    body: RegistrationReturn,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    if_match: IfMatchHeader = None,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> RegistrationAccepted:
    """Return a submitted registration with a reason; emits **RegistrationReturned**.

    409 with the current state unless it is submitted, or if `If-Match` is stale.
    """
    agency = await _writable_agency(registry, principal, registration_id)
    on = body.returned_on or handlers.today()
    outcome = await handlers.return_registration(
        registry.commands,
        ReturnRegistration(registration_id=registration_id, reason=body.reason, returned_on=on),
        append_context(principal, agency, correlation_id),
        expected_version(if_match),
        idempotency_request(agency, idempotency_key, "return", registration_id, body, if_match),
    )
    return _accepted(outcome, response)


@router.post("/{registration_id}/resubmit", summary="Resubmit a returned registration")
async def resubmit(
    registration_id: str,
    body: RegistrationResubmission,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    if_match: IfMatchHeader = None,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> RegistrationAccepted:
    """Send a returned registration again, possibly with other titles; emits
    **RegistrationSubmitted** again on the same stream (back to *submitted*).

    409 with the current state unless it is returned, if its campaign has closed, or if
    `If-Match` is stale; 422 naming `body.award_codes` as for a new registration.
    """
    agency = await _writable_agency(registry, principal, registration_id)
    on = body.submitted_on or handlers.today()
    command = ResubmitRegistration(
        registration_id=registration_id, award_codes=tuple(body.award_codes), submitted_on=on
    )
    outcome = await handlers.resubmit_registration(
        registry.commands,
        registry.engine,
        command,
        append_context(principal, agency, correlation_id),
        expected_version(if_match),
        idempotency_request(agency, idempotency_key, "resubmit", registration_id, body, if_match),
    )
    return _accepted(outcome, response)
