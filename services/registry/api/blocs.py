"""Bloc routes: form blocs (khối / cụm thi đua), record their yearly pacts, read both."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.registry.api.blocs_schemas import (
    BlocAccepted,
    BlocCreate,
    BlocPublic,
    PactAccepted,
    PactCreate,
    PactPublic,
)
from services.registry.api.dependencies import ReadConnection, RegistryDep
from services.registry.application.blocs import FORM_BLOC, SIGN_PACT, agency_of_bloc
from services.registry.commands.blocs import FormBloc, SignPact
from services.registry.readmodel import blocs as queries
from shared.application.transitions import run_transition
from shared.auth import CurrentPrincipal, require_agency
from shared.events.vocabulary import AgencyCode
from shared.http.accepted import AcceptedResponse, version_headers
from shared.http.commands import CommandRequestDep, ConditionalCommandRequestDep, etag
from shared.http.pagination import Limit, Offset, Page
from shared.http.problems import NotFoundProblem

router = APIRouter()

AgencyQuery = Annotated[AgencyCode, Query(description="The agency that formed the blocs.")]

accepted = AcceptedResponse(BlocAccepted, "bloc_id", "/v1/blocs")


@router.post(
    "/v1/blocs", status_code=status.HTTP_201_CREATED, tags=["blocs"], summary="Form a bloc"
)
async def form(
    body: BlocCreate, request: CommandRequestDep, registry: RegistryDep, response: Response
) -> BlocAccepted:
    """Form a bloc in the caller's agency; emits **BlocFormed**. Members are units of that
    agency (kind `units`) or registered agencies (kind `agencies`); 422 naming
    `body.member_ids` otherwise."""
    require_agency(request.principal, body.agency)
    command = FormBloc(bloc_id=str(uuid.uuid4()), **body.model_dump())
    terms = request.terms(body.agency, "form-bloc", body)
    outcome = await run_transition(registry.commands, FORM_BLOC, command, terms)
    return accepted(response, outcome)


@router.post(
    "/v1/blocs/{bloc_id}/pacts",
    status_code=status.HTTP_201_CREATED,
    tags=["blocs"],
    summary="Record a bloc's pact",
)
async def sign(
    bloc_id: str,
    body: PactCreate,
    request: ConditionalCommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> PactAccepted:
    """Record the pact (giao ước thi đua) the bloc's members signed for a year; emits
    **PactSigned**. One pact per bloc and year: a second is refused with 409."""
    found = await agency_of_bloc(registry.engine, bloc_id)
    agency = request.writable_agency(found, f"bloc {bloc_id}")
    command = SignPact(pact_id=str(uuid.uuid4()), bloc_id=bloc_id, **body.model_dump())
    terms = request.terms(agency, "sign-pact", bloc_id, body)
    outcome = await run_transition(registry.commands, SIGN_PACT, command, terms)
    version_headers(response, outcome, f"/v1/blocs/{bloc_id}")
    return PactAccepted(
        pact_id=outcome.resource_id,
        bloc_id=bloc_id,
        version=outcome.version,
        event_ids=outcome.event_ids,
    )


@router.get("/v1/blocs", tags=["blocs"], summary="List an agency's blocs")
async def list_blocs(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: AgencyQuery,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[BlocPublic]:
    """The blocs the agency formed, by name, each with its pacts."""
    require_agency(principal, agency, access="read")
    return await queries.list_blocs(connection, agency, limit, offset)


@router.get("/v1/blocs/{bloc_id}", tags=["blocs"], summary="One bloc")
async def get_bloc(
    bloc_id: str, principal: CurrentPrincipal, connection: ReadConnection, response: Response
) -> BlocPublic:
    """A bloc with its members and its pacts by year."""
    found = await queries.get_bloc(connection, bloc_id)
    if found is None:
        raise NotFoundProblem(f"no bloc {bloc_id}")
    require_agency(principal, found.agency, access="read")
    response.headers["ETag"] = etag(found.version)
    return found


@router.get("/v1/pacts", tags=["blocs"], summary="List an agency's pacts")
async def list_pacts(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: AgencyQuery,
    year: Annotated[int | None, Query(ge=1945, le=2100, description="Only this year's.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[PactPublic]:
    """The pacts of the agency's blocs, by year."""
    require_agency(principal, agency, access="read")
    return await queries.list_pacts(connection, agency, year, limit, offset)
