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
from services.registry.application import directory as transitions
from services.registry.commands.directory import (
    AddMember,
    AddUnit,
    EraseMember,
    MemberProfile,
    MoveMember,
    RenameUnit,
)
from services.registry.readmodel import directory_queries as queries
from shared.application.transitions import run_transition
from shared.auth import CurrentPrincipal, require_agency
from shared.events.vocabulary import AgencyCode, EntityId
from shared.http.accepted import AcceptedResponse
from shared.http.commands import CommandRequestDep, ConditionalCommandRequestDep, etag
from shared.http.pagination import Limit, Offset, Page
from shared.http.problems import NotFoundProblem

router = APIRouter()

AgencyQuery = Annotated[AgencyCode, Query(description="The agency whose directory to list.")]


unit_accepted = AcceptedResponse(UnitAccepted, "unit_id", "/v1/units")
member_accepted = AcceptedResponse(MemberAccepted, "member_id", "/v1/members")


@router.post("/v1/units", status_code=status.HTTP_201_CREATED, tags=["units"], summary="Add a unit")
async def add_unit(
    body: UnitCreate, request: CommandRequestDep, registry: RegistryDep, response: Response
) -> UnitAccepted:
    """Add a unit to the caller's agency; emits **UnitAdded**. The parent, if given, must be
    a unit of the same agency (422 naming `body.parent_unit_id` otherwise)."""
    require_agency(request.principal, body.agency)
    command = AddUnit(unit_id=str(uuid.uuid4()), **body.model_dump())
    terms = request.terms(body.agency, "add-unit", body)
    outcome = await run_transition(registry.commands, transitions.ADD_UNIT, command, terms)
    return unit_accepted(response, outcome)


@router.patch("/v1/units/{unit_id}", tags=["units"], summary="Rename a unit")
async def rename_unit(
    unit_id: str,
    body: UnitRename,
    request: ConditionalCommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> UnitAccepted:
    """Rename a unit; emits **UnitRenamed** (nothing if the name is unchanged). With
    `If-Match`, 409 if the unit changed since that version."""
    found = await transitions.agency_of_unit(registry.engine, unit_id)
    agency = request.writable_agency(found, f"unit {unit_id}")
    command = RenameUnit(unit_id=unit_id, name=body.name)
    terms = request.terms(agency, "rename-unit", unit_id, body)
    outcome = await run_transition(registry.commands, transitions.RENAME_UNIT, command, terms)
    return unit_accepted(response, outcome, located=False)


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
    body: MemberCreate, request: CommandRequestDep, registry: RegistryDep, response: Response
) -> MemberAccepted:
    """Add a person to a unit of the caller's agency; emits **MemberAdded** (ids only). The
    personal details are stored beside the event, in the same transaction."""
    require_agency(request.principal, body.agency)
    personal = set(MemberProfile.model_fields)
    profile = MemberProfile(**body.model_dump(include=personal))
    command = AddMember(member_id=str(uuid.uuid4()), **body.model_dump(exclude=personal))
    terms = request.terms(body.agency, "add-member", body)
    outcome = await transitions.add_member(registry.commands, command, profile, terms)
    return member_accepted(response, outcome)


@router.post("/v1/members/{member_id}/move", tags=["members"], summary="Move a member")
async def move_member(
    member_id: str,
    body: MemberMove,
    request: ConditionalCommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> MemberAccepted:
    """Move a member to another unit of the same agency; emits **MemberMoved**. Erased members
    can move too (erasure removes personal data, not the membership)."""
    found = await transitions.agency_of_member(registry.engine, member_id)
    agency = request.writable_agency(found, f"member {member_id}")
    command = MoveMember(member_id=member_id, **body.model_dump())
    terms = request.terms(agency, "move-member", member_id, body)
    outcome = await run_transition(registry.commands, transitions.MOVE_MEMBER, command, terms)
    return member_accepted(response, outcome, located=False)


@router.delete(
    "/v1/members/{member_id}/personal-data", tags=["members"], summary="Erase personal data"
)
async def erase_member(
    member_id: str, request: ConditionalCommandRequestDep, registry: RegistryDep, response: Response
) -> MemberAccepted:
    """Erase the member's personal data on request (Decree 13/2023); emits **MemberErased**.
    The member id stays valid everywhere; a second erasure is refused with 409."""
    found = await transitions.agency_of_member(registry.engine, member_id)
    agency = request.writable_agency(found, f"member {member_id}")
    command = EraseMember(member_id=member_id)
    terms = request.terms(agency, "erase-member", member_id)
    outcome = await run_transition(registry.commands, transitions.ERASE_MEMBER, command, terms)
    return member_accepted(response, outcome, located=False)


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
