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
from services.registry.api.succession import acting_agency, require_readable
from services.registry.application.initiatives import (
    RECOGNISE_INITIATIVE,
    REGISTER_INITIATIVE,
    agency_of_initiative,
)
from services.registry.commands.initiatives import RecogniseInitiative, RegisterInitiative
from services.registry.readmodel import initiative_queries
from shared.application.transitions import run_transition
from shared.auth import CurrentPrincipal, require_agency
from shared.events.vocabulary import AgencyCode, InitiativeLevel
from shared.http.accepted import AcceptedResponse
from shared.http.commands import CommandRequestDep, ConditionalCommandRequestDep, etag
from shared.http.pagination import Limit, Offset, Page
from shared.http.problems import NotFoundProblem

router = APIRouter(prefix="/v1/initiatives", tags=["initiatives"])

accepted = AcceptedResponse(InitiativeAccepted, "initiative_id", "/v1/initiatives")


@router.post("", status_code=status.HTTP_201_CREATED, summary="Register an initiative")
async def register(
    body: InitiativeCreate, request: CommandRequestDep, registry: RegistryDep, response: Response
) -> InitiativeAccepted:
    """Register an initiative of the caller's agency; emits **InitiativeRegistered**.

    Every author must be a member of the agency (422 naming `body.author_ids` otherwise).
    """
    require_agency(request.principal, body.agency)
    command = RegisterInitiative(initiative_id=str(uuid.uuid4()), **body.model_dump())
    terms = request.terms(body.agency, "register-initiative", body)
    outcome = await run_transition(registry.commands, REGISTER_INITIATIVE, command, terms)
    return accepted(response, outcome)


@router.post(
    "/{initiative_id}/recognitions",
    status_code=status.HTTP_201_CREATED,
    summary="Recognise an initiative at a level",
)
async def recognise(
    initiative_id: str,
    body: RecognitionCreate,
    request: ConditionalCommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> InitiativeAccepted:
    """Record a recognition; emits **InitiativeRecognised**.

    Each level at most once (409 with the levels recognised); levels in any order.

    After a merger the successor (transitively) acts on its predecessors' records in its own
    name from its first day (403 for a date before it); the record stays the predecessor's.
    """
    found = await agency_of_initiative(registry.engine, initiative_id)
    resource = f"initiative {initiative_id}"
    agency = await acting_agency(request, registry.engine, found, resource, body.recognised_on)
    command = RecogniseInitiative(initiative_id=initiative_id, **body.model_dump())
    terms = request.terms(agency, "recognise", initiative_id, body)
    outcome = await run_transition(registry.commands, RECOGNISE_INITIATIVE, command, terms)
    return accepted(response, outcome)


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
    await require_readable(principal, connection, agency)
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
    await require_readable(principal, connection, found.agency)
    response.headers["ETag"] = etag(found.version)
    return found
