"""Directory routes: an agency's units (a tree) and members (with erasable personal data)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.registry.api.dependencies import ReadConnection, RegistryDep
from services.registry.api.directory_schemas import (
    AgencyTree,
    MemberAccepted,
    MemberCreate,
    MemberMove,
    MemberPublic,
    UnitAccepted,
    UnitCreate,
    UnitPublic,
    UnitRename,
)
from services.registry.application import directory as commands
from services.registry.commands.directory import (
    AddMember,
    AddUnit,
    EraseMember,
    MemberProfile,
    MoveMember,
    RenameUnit,
)
from services.registry.readmodel import directory_queries as queries
from shared.application.commands import Outcome
from shared.auth import CurrentPrincipal, Principal, require_agency
from shared.events.vocabulary import AgencyCode, EntityId
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

AgencyQuery = Annotated[AgencyCode, Query(description="The agency whose directory to list.")]


def _accepted(response: Response, outcome: Outcome, location: str) -> None:
    response.headers["ETag"] = etag(outcome.version)
    response.headers["Location"] = location


@router.post("/v1/units", status_code=status.HTTP_201_CREATED, tags=["units"], summary="Add a unit")
async def add_unit(
    body: UnitCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> UnitAccepted:
    """Add a unit to the caller's agency; emits **UnitAdded**. The parent, if given, must be
    a unit of the same agency (422 naming `body.parent_unit_id` otherwise)."""
    require_agency(principal, body.agency)
    outcome = await commands.add_unit(
        registry.commands,
        registry.engine,
        AddUnit(unit_id=str(uuid.uuid4()), **body.model_dump()),
        append_context(principal, body.agency, correlation_id),
        idempotency_request(body.agency, idempotency_key, "add-unit", body),
    )
    _accepted(response, outcome, f"/v1/units/{outcome.resource_id}")
    return UnitAccepted(
        unit_id=outcome.resource_id, version=outcome.version, event_ids=outcome.event_ids
    )


@router.patch("/v1/units/{unit_id}", tags=["units"], summary="Rename a unit")
async def rename_unit(
    unit_id: str,
    body: UnitRename,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    if_match: IfMatchHeader = None,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> UnitAccepted:
    """Rename a unit; emits **UnitRenamed** (nothing if the name is unchanged). With
    `If-Match`, 409 if the unit changed since that version."""
    agency = _writable(
        principal, await commands.agency_of_unit(registry.engine, unit_id), f"unit {unit_id}"
    )
    outcome = await commands.rename_unit(
        registry.commands,
        RenameUnit(unit_id=unit_id, name=body.name),
        append_context(principal, agency, correlation_id),
        expected_version(if_match),
        idempotency_request(agency, idempotency_key, "rename-unit", unit_id, body, if_match),
    )
    response.headers["ETag"] = etag(outcome.version)
    return UnitAccepted(unit_id=unit_id, version=outcome.version, event_ids=outcome.event_ids)


def _writable(principal: Principal, agency: str | None, resource: str) -> str:
    """The resource's agency, if it exists (404) and the caller may write there (403)."""
    if agency is None:
        raise NotFoundProblem(f"no {resource}")
    require_agency(principal, agency)
    return agency


@router.get("/v1/units", tags=["units"], summary="List an agency's units")
async def list_units(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: AgencyQuery,
    parent_unit_id: Annotated[
        EntityId | None, Query(description="Only the direct sub-units of this unit.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[UnitPublic]:
    """The agency's units, by name."""
    require_agency(principal, agency, access="read")
    return await queries.list_units(connection, agency, parent_unit_id, limit, offset)


@router.get("/v1/units/{unit_id}", tags=["units"], summary="One unit")
async def get_unit(
    unit_id: str, principal: CurrentPrincipal, connection: ReadConnection, response: Response
) -> UnitPublic:
    """A unit; its `ETag` is the version to send as `If-Match`."""
    found = await queries.get_unit(connection, unit_id)
    if found is None:
        raise NotFoundProblem(f"no unit {unit_id}")
    require_agency(principal, found.agency, access="read")
    response.headers["ETag"] = etag(found.version)
    return found


@router.get("/v1/agencies/{agency_code}/tree", tags=["units"], summary="An agency's unit tree")
async def unit_tree(
    agency_code: str, principal: CurrentPrincipal, connection: ReadConnection
) -> AgencyTree:
    """The agency's units as nested JSON: top-level units, each with its sub-units."""
    require_agency(principal, agency_code, access="read")
    tree = await queries.unit_tree(connection, agency_code)
    if tree is None:
        raise NotFoundProblem(f"no agency {agency_code}")
    return tree


@router.post(
    "/v1/members", status_code=status.HTTP_201_CREATED, tags=["members"], summary="Add a member"
)
async def add_member(
    body: MemberCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> MemberAccepted:
    """Add a person to a unit of the caller's agency; emits **MemberAdded** (ids only). The
    personal details are stored beside the event, in the same transaction."""
    require_agency(principal, body.agency)
    profile = MemberProfile(**body.model_dump(include=set(MemberProfile.model_fields)))
    outcome = await commands.add_member(
        registry.commands,
        registry.engine,
        AddMember(
            member_id=str(uuid.uuid4()), **body.model_dump(exclude=set(MemberProfile.model_fields))
        ),
        profile,
        append_context(principal, body.agency, correlation_id),
        idempotency_request(body.agency, idempotency_key, "add-member", body),
    )
    _accepted(response, outcome, f"/v1/members/{outcome.resource_id}")
    return _member_accepted(outcome)


def _member_accepted(outcome: Outcome) -> MemberAccepted:
    return MemberAccepted(
        member_id=outcome.resource_id, version=outcome.version, event_ids=outcome.event_ids
    )


@router.post("/v1/members/{member_id}/move", tags=["members"], summary="Move a member")
async def move_member(
    member_id: str,
    body: MemberMove,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    if_match: IfMatchHeader = None,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> MemberAccepted:
    """Move a member to another unit of the same agency; emits **MemberMoved**. Erased members
    can move too (erasure removes personal data, not the membership)."""
    agency = _writable(
        principal,
        await commands.agency_of_member(registry.engine, member_id),
        f"member {member_id}",
    )
    outcome = await commands.move_member(
        registry.commands,
        registry.engine,
        MoveMember(member_id=member_id, **body.model_dump()),
        append_context(principal, agency, correlation_id),
        expected_version(if_match),
        idempotency_request(agency, idempotency_key, "move-member", member_id, body, if_match),
    )
    response.headers["ETag"] = etag(outcome.version)
    return _member_accepted(outcome)


@router.delete(
    "/v1/members/{member_id}/personal-data", tags=["members"], summary="Erase personal data"
)
async def erase_member(
    member_id: str,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    if_match: IfMatchHeader = None,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> MemberAccepted:
    """Erase the member's personal data on request (Decree 13/2023); emits **MemberErased**.
    The member id stays valid everywhere; a second erasure is refused with 409."""
    agency = _writable(
        principal,
        await commands.agency_of_member(registry.engine, member_id),
        f"member {member_id}",
    )
    outcome = await commands.erase_member(
        registry.commands,
        EraseMember(member_id=member_id),
        append_context(principal, agency, correlation_id),
        expected_version(if_match),
        idempotency_request(agency, idempotency_key, "erase-member", member_id, if_match),
    )
    response.headers["ETag"] = etag(outcome.version)
    return _member_accepted(outcome)


@router.get("/v1/members", tags=["members"], summary="List an agency's members")
async def list_members(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: AgencyQuery,
    unit_id: Annotated[EntityId | None, Query(description="Only members of this unit.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[MemberPublic]:
    """The agency's members with their personal details (none for erased members)."""
    require_agency(principal, agency, access="read")
    return await queries.list_members(connection, agency, unit_id, limit, offset)


@router.get("/v1/members/{member_id}", tags=["members"], summary="One member")
async def get_member(
    member_id: str, principal: CurrentPrincipal, connection: ReadConnection, response: Response
) -> MemberPublic:
    """A member; after erasure `erased` is true and the personal fields are null."""
    found = await queries.get_member(connection, member_id)
    if found is None:
        raise NotFoundProblem(f"no member {member_id}")
    require_agency(principal, found.agency, access="read")
    response.headers["ETag"] = etag(found.version)
    return found
