"""Agency routes: register a tenant (admins), list and read agencies (any caller)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.registry.api.agencies_schemas import AgencyAccepted, AgencyCreate, AgencyPublic
from services.registry.api.dependencies import ReadConnection, RegistryDep
from services.registry.application.agencies import register_agency
from services.registry.commands.agencies import RegisterAgency
from services.registry.readmodel import directory
from shared.auth import CurrentPrincipal, require_role
from shared.events.vocabulary import AgencyKind, ProvinceList
from shared.http.commands import (
    CorrelationId,
    IdempotencyKey,
    append_context,
    etag,
    idempotency_request,
)
from shared.http.pagination import Limit, Offset, Page
from shared.http.problems import NotFoundProblem

router = APIRouter(prefix="/v1/agencies", tags=["agencies"])


@router.post("", status_code=status.HTTP_201_CREATED, summary="Register an agency")
async def register(
    body: AgencyCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> AgencyAccepted:
    """Register an agency (admins only); emits **AgencyRegistered** in the new agency's name.

    Registering a code twice is refused with 409.
    """
    require_role(principal, "admin")
    outcome = await register_agency(
        registry.commands,
        RegisterAgency(**body.model_dump()),
        append_context(principal, body.agency_code, correlation_id),
        idempotency_request(principal.agency, idempotency_key, "register-agency", body),
    )
    response.headers["ETag"] = etag(outcome.version)
    response.headers["Location"] = f"/v1/agencies/{outcome.resource_id}"
    return AgencyAccepted(
        agency_code=outcome.resource_id, version=outcome.version, event_ids=outcome.event_ids
    )


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
