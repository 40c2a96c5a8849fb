"""Initiative routes (sáng kiến): parse, build a command, call one handler, map the result."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.registry.api.dependencies import ReadConnection, RegistryDep
from services.registry.api.initiatives_schemas import (
    InitiativeAccepted,
    InitiativeCreate,
    InitiativePublic,
    RecognitionCreate,
)
from services.registry.application.initiatives import recognise_initiative, register_initiative
from services.registry.bootstrap import Registry
from services.registry.commands.initiatives import RecogniseInitiative, RegisterInitiative
from services.registry.readmodel import initiative_queries
from services.registry.readmodel.initiatives import initiative_agency
from shared.application.commands import Outcome
from shared.auth import CurrentPrincipal, require_agency
from shared.events.vocabulary import AgencyCode, InitiativeLevel
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

router = APIRouter(prefix="/v1/initiatives", tags=["initiatives"])


def _accepted(outcome: Outcome, response: Response) -> InitiativeAccepted:
    response.headers["ETag"] = etag(outcome.version)
    response.headers["Location"] = f"/v1/initiatives/{outcome.resource_id}"
    return InitiativeAccepted(
        initiative_id=outcome.resource_id, version=outcome.version, event_ids=outcome.event_ids
    )


async def _agency_of(registry: Registry, initiative_id: str) -> str:
    # A connection of its own, closed before the command writes (SQLite locks at BEGIN).
    async with registry.engine.connect() as connection:
        agency = await initiative_agency(connection, initiative_id)
    if agency is None:
        raise NotFoundProblem(f"no initiative {initiative_id}")
    return agency


@router.post("", status_code=status.HTTP_201_CREATED, summary="Register an initiative")
async def register(
    body: InitiativeCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> InitiativeAccepted:
    """Register an initiative of the caller's agency; emits **InitiativeRegistered**.

    Every author must be a member of the agency (422 naming `body.author_ids` otherwise).
    """
    require_agency(principal, body.agency)
    command = RegisterInitiative(initiative_id=str(uuid.uuid4()), **body.model_dump())
    outcome = await register_initiative(
        registry.commands,
        registry.engine,
        command,
        append_context(principal, body.agency, correlation_id),
        idempotency_request(body.agency, idempotency_key, "register-initiative", body),
    )
    return _accepted(outcome, response)


@router.post(
    "/{initiative_id}/recognitions",
    status_code=status.HTTP_201_CREATED,
    summary="Recognise an initiative at a level",
)
async def recognise(
    initiative_id: str,
    body: RecognitionCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    if_match: IfMatchHeader = None,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> InitiativeAccepted:
    """Record a recognition; emits **InitiativeRecognised**.

    Each level at most once (409 with the levels recognised); levels in any order.
    """
    agency = await _agency_of(registry, initiative_id)
    require_agency(principal, agency)
    command = RecogniseInitiative(initiative_id=initiative_id, **body.model_dump())
    outcome = await recognise_initiative(
        registry.commands,
        command,
        append_context(principal, agency, correlation_id),
        expected_version(if_match),
        idempotency_request(agency, idempotency_key, "recognise", initiative_id, body, if_match),
    )
    return _accepted(outcome, response)


@router.get("", summary="List an agency's initiatives")
async def list_initiatives(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: Annotated[AgencyCode, Query(description="Registering agency.")],
    year: Annotated[
        int | None, Query(ge=1945, le=2100, description="Registered that year.")
    ] = None,
    level: Annotated[InitiativeLevel | None, Query(description="Recognised at this level.")] = None,
    author_id: Annotated[str | None, Query(description="Authored by this member.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[InitiativePublic]:
    """An agency's initiatives with their authors and recognitions, by year."""
    require_agency(principal, agency, access="read")
    return await initiative_queries.list_initiatives(
        connection, agency, year=year, level=level, author_id=author_id, limit=limit, offset=offset
    )


@router.get("/{initiative_id}", summary="One initiative")
async def get_initiative(
    initiative_id: str, principal: CurrentPrincipal, connection: ReadConnection, response: Response
) -> InitiativePublic:
    """An initiative with its authors and the levels it was recognised at."""
    found = await initiative_queries.get_initiative(connection, initiative_id)
    if found is None:
        raise NotFoundProblem(f"no initiative {initiative_id}")
    require_agency(principal, found.agency, access="read")
    response.headers["ETag"] = etag(found.version)
    return found
