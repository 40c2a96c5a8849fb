"""Agency routes: register a tenant (admins), list and read agencies (any caller)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.registry.api.agencies_schemas import AgencyAccepted, AgencyCreate, AgencyPublic
from services.registry.api.dependencies import ReadConnection, RegistryDep
from services.registry.application.agencies import REGISTER_AGENCY
from services.registry.commands.agencies import RegisterAgency
from services.registry.readmodel import directory
from shared.application.transitions import CommandTerms, run_transition
from shared.auth import CurrentPrincipal, require_role
from shared.events.vocabulary import AgencyKind, ProvinceList
from shared.http.accepted import AcceptedResponse
from shared.http.commands import CommandRequestDep, etag
from shared.http.pagination import Limit, Offset, Page
from shared.http.problems import NotFoundProblem

router = APIRouter(prefix="/v1/agencies", tags=["agencies"])

accepted = AcceptedResponse(AgencyAccepted, "agency_code", "/v1/agencies")


@router.post("", status_code=status.HTTP_201_CREATED, summary="Register an agency")
async def register(
    body: AgencyCreate, request: CommandRequestDep, registry: RegistryDep, response: Response
) -> AgencyAccepted:
    """Register an agency (admins only); emits **AgencyRegistered** in the new agency's name.

    Registering a code twice is refused with 409.
    """
    require_role(request.principal, "admin")
    terms = CommandTerms(
        # The new agency's event, under the key space of the admin's own agency.
        context=request.context(body.agency_code),
        idempotency=request.idempotency(request.principal.agency, "register-agency", body),
    )
    command = RegisterAgency(**body.model_dump())
    outcome = await run_transition(registry.commands, REGISTER_AGENCY, command, terms)
    return accepted(response, outcome)


@router.get("", summary="List agencies")
async def list_agencies(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    kind: Annotated[AgencyKind | None, Query(description="Only agencies of this kind.")] = None,
    province_list: Annotated[
        ProvinceList | None, Query(description="Only agencies whose province is on this list.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[AgencyPublic]:
    """Every registered agency, by code. Agencies are public to every authenticated caller."""
    kind_value = None if kind is None else kind.value
    return await directory.list_agencies(connection, kind_value, province_list, limit, offset)


@router.get("/{agency_code}", summary="One agency")
async def get_agency(
    agency_code: str,
    principal: CurrentPrincipal,
    connection: ReadConnection,
    response: Response,
) -> AgencyPublic:
    """An agency with its province's name and, for a 63-list province, today's 34-list code."""
    found = await directory.get_agency(connection, agency_code)
    if found is None:
        raise NotFoundProblem(f"no agency {agency_code}")
    response.headers["ETag"] = etag(found.version)
    return found
