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
from services.registry.application.blocs import agency_of_bloc, form_bloc, sign_pact
from services.registry.bootstrap import Registry
from services.registry.commands.blocs import FormBloc, SignPact
from services.registry.readmodel import blocs as queries
from shared.auth import CurrentPrincipal, Principal, require_agency
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

router = APIRouter()

AgencyQuery = Annotated[AgencyCode, Query(description="The agency that formed the blocs.")]


@router.post(
    "/v1/blocs", status_code=status.HTTP_201_CREATED, tags=["blocs"], summary="Form a bloc"
)
async def form(
    body: BlocCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> BlocAccepted:
    """Form a bloc in the caller's agency; emits **BlocFormed**. Members are units of that
    agency (kind `units`) or registered agencies (kind `agencies`); 422 naming
    `body.member_ids` otherwise."""
    require_agency(principal, body.agency)
    outcome = await form_bloc(
        registry.commands,
        registry.engine,
        FormBloc(bloc_id=str(uuid.uuid4()), **body.model_dump()),
        append_context(principal, body.agency, correlation_id),
        idempotency_request(body.agency, idempotency_key, "form-bloc", body),
    )
    response.headers["ETag"] = etag(outcome.version)
    response.headers["Location"] = f"/v1/blocs/{outcome.resource_id}"
    return BlocAccepted(
        bloc_id=outcome.resource_id, version=outcome.version, event_ids=outcome.event_ids
    )


@router.post(
    "/v1/blocs/{bloc_id}/pacts",
    status_code=status.HTTP_201_CREATED,
    tags=["blocs"],
    summary="Record a bloc's pact",
)
async def sign(
    bloc_id: str,
    body: PactCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    if_match: IfMatchHeader = None,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> PactAccepted:
    """Record the pact (giao ước thi đua) the bloc's members signed for a year; emits
    **PactSigned**. One pact per bloc and year: a second is refused with 409."""
    agency = await _writable_agency(registry, principal, bloc_id)
    outcome = await sign_pact(
        registry.commands,
        SignPact(pact_id=str(uuid.uuid4()), bloc_id=bloc_id, **body.model_dump()),
        append_context(principal, agency, correlation_id),
        expected_version(if_match),
        idempotency_request(agency, idempotency_key, "sign-pact", bloc_id, body, if_match),
    )
    response.headers["ETag"] = etag(outcome.version)
    response.headers["Location"] = f"/v1/blocs/{bloc_id}"
    return PactAccepted(
        pact_id=outcome.resource_id,
        bloc_id=bloc_id,
        version=outcome.version,
        event_ids=outcome.event_ids,
    )


async def _writable_agency(registry: Registry, principal: Principal, bloc_id: str) -> str:
    """The bloc's agency, if the bloc exists (404) and the caller may write there (403)."""
    agency = await agency_of_bloc(registry.engine, bloc_id)
    if agency is None:
        raise NotFoundProblem(f"no bloc {bloc_id}")
    require_agency(principal, agency)
    return agency


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
