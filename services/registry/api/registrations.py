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
from services.registry.api.succession import acting_agency, require_readable
from services.registry.application.registrations import (
    APPROVE_REGISTRATION,
    RESUBMIT_REGISTRATION,
    RETURN_REGISTRATION,
    SUBMIT_REGISTRATION,
    agency_of_registration,
    new_registration,
    today,
)
from services.registry.commands.registrations import (
    ApproveRegistration,
    ResubmitRegistration,
    ReturnRegistration,
)
from services.registry.readmodel import registration_queries
from services.registry.readmodel.registration_queries import RegistrationFilter
from shared.application.transitions import run_transition
from shared.auth import CurrentPrincipal, require_agency
from shared.events.vocabulary import AgencyCode, EntityId, SubjectKind, Year
from shared.http.accepted import AcceptedResponse
from shared.http.commands import CommandRequestDep, ConditionalCommandRequestDep, etag
from shared.http.pagination import Limit, Offset, Page
from shared.http.problems import NotFoundProblem

router = APIRouter(prefix="/v1/registrations", tags=["registrations"])

Status = Literal["submitted", "approved", "returned"]

accepted = AcceptedResponse(RegistrationAccepted, "registration_id", "/v1/registrations")


@router.post("", status_code=status.HTTP_201_CREATED, summary="Submit a registration")
async def submit(
    body: RegistrationCreate, request: CommandRequestDep, registry: RegistryDep, response: Response
) -> RegistrationAccepted:
    """Register a unit or member of the caller's agency; emits **RegistrationSubmitted** (v2).

    422 naming `body.award_codes` (a code not in the catalogue, repeated, or not fitting the
    registrant: individual titles for a member, collective ones for a unit),
    `body.registrant_id` (not a unit/member of the agency), `body.campaign_id` (unknown or
    closed) or `body.year` (the campaign does not run that year). 409 with the existing
    `registration_id` if the registrant already registered for that year and campaign.
    """
    require_agency(request.principal, body.agency)
    command = new_registration(body.agency, **body.model_dump(exclude={"agency"}))
    terms = request.terms(body.agency, "submit-registration", body)
    outcome = await run_transition(registry.commands, SUBMIT_REGISTRATION, command, terms)
    return accepted(response, outcome)


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
    await require_readable(principal, connection, agency)
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
    await require_readable(principal, connection, agency)
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
    await require_readable(principal, connection, found.agency)
    response.headers["ETag"] = etag(found.version)
    return found


@router.post("/{registration_id}/approve", summary="Approve a registration")
async def approve(
    registration_id: str,
    request: ConditionalCommandRequestDep,
    registry: RegistryDep,
    response: Response,
    body: RegistrationApproval | None = None,
) -> RegistrationAccepted:
    """Approve a submitted registration; emits **RegistrationApproved**.

    409 with the current state unless it is submitted, or if `If-Match` is stale.

    After a merger the successor (transitively) acts on its predecessors' records in its own
    name from its first day (403 for a date before it); the record stays the predecessor's.
    """
    approval = body or RegistrationApproval()
    on = approval.approved_on or today()
    command = ApproveRegistration(registration_id=registration_id, approved_on=on)
    found = await agency_of_registration(registry.engine, registration_id)
    agency = await acting_agency(
        request, registry.engine, found, f"registration {registration_id}", on
    )
    terms = request.terms(agency, "approve", registration_id, approval)
    outcome = await run_transition(registry.commands, APPROVE_REGISTRATION, command, terms)
    return accepted(response, outcome)


@router.post("/{registration_id}/return", summary="Return a registration for correction")
async def return_(
    registration_id: str,
    body: RegistrationReturn,
    request: ConditionalCommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> RegistrationAccepted:
    """Return a submitted registration with a reason; emits **RegistrationReturned**.

    409 with the current state unless it is submitted, or if `If-Match` is stale.

    After a merger the successor (transitively) acts on its predecessors' records in its own
    name from its first day (403 for a date before it); the record stays the predecessor's.
    """
    on = body.returned_on or today()
    command = ReturnRegistration(
        registration_id=registration_id, reason=body.reason, returned_on=on
    )
    found = await agency_of_registration(registry.engine, registration_id)
    agency = await acting_agency(
        request, registry.engine, found, f"registration {registration_id}", on
    )
    terms = request.terms(agency, "return", registration_id, body)
    outcome = await run_transition(registry.commands, RETURN_REGISTRATION, command, terms)
    return accepted(response, outcome)


@router.post("/{registration_id}/resubmit", summary="Resubmit a returned registration")
async def resubmit(
    registration_id: str,
    body: RegistrationResubmission,
    request: ConditionalCommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> RegistrationAccepted:
    """Send a returned registration again, possibly with other titles; emits
    **RegistrationSubmitted** again on the same stream (back to *submitted*).

    409 with the current state unless it is returned, if its campaign has closed, or if
    `If-Match` is stale; 422 naming `body.award_codes` as for a new registration.

    After a merger the successor (transitively) acts on its predecessors' records in its own
    name from its first day (403 for a date before it); the record stays the predecessor's.
    """
    on = body.submitted_on or today()
    command = ResubmitRegistration(
        registration_id=registration_id, award_codes=tuple(body.award_codes), submitted_on=on
    )
    found = await agency_of_registration(registry.engine, registration_id)
    agency = await acting_agency(
        request, registry.engine, found, f"registration {registration_id}", on
    )
    terms = request.terms(agency, "resubmit", registration_id, body)
    outcome = await run_transition(registry.commands, RESUBMIT_REGISTRATION, command, terms)
    return accepted(response, outcome)
