"""Instances: the ministry assigns an agency to the instance that serves it (admins, on the
national instance); any caller reads what this instance serves."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from services.registry.api.dependencies import RegistryDep
from services.registry.api.lineage import admin_terms
from services.registry.api.lineage_schemas import AgencyCodePath
from services.registry.api.ownership_schemas import (
    AssignmentView,
    InstanceView,
    OwnershipAccepted,
    OwnershipAssignment,
)
from services.registry.application.ownership import assign_ownership
from services.registry.commands.ownership import AssignOwnership
from shared.auth import CurrentPrincipal
from shared.http.accepted import AcceptedResponse
from shared.http.commands import CommandRequestDep

router = APIRouter()

accepted = AcceptedResponse(OwnershipAccepted, "agency_code", "/v1/instance")


@router.post(
    "/v1/agencies/{agency_code}/ownership",
    status_code=status.HTTP_201_CREATED,
    tags=["instances"],
    summary="Assign an agency to the instance that serves it",
)
async def assign(
    agency_code: AgencyCodePath,
    body: OwnershipAssignment,
    request: CommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> OwnershipAccepted:
    """From now on the agency is served by `instance` (admins only, on the national instance;
    409 on a province's); emits **AgencyOwnershipAssigned** on the ownership topic. The
    agency need not be registered: a province's instance registers it once assigned.

    422 naming `body.instance` if that instance serves it already; 409 if the agency is to
    leave the national instance while the national store holds events in its name (moving
    history between instances is not supported yet)."""
    terms = admin_terms(request, agency_code, "assign-ownership", agency_code, body)
    command = AssignOwnership(agency_code=agency_code, **body.model_dump())
    outcome = await assign_ownership(
        registry.commands,
        registry.store,
        registry.scope.source,
        registry.settings.instance,
        command,
        terms,
    )
    return accepted(response, outcome, located=False)


@router.get("/v1/instance", tags=["instances"], summary="What this instance serves")
async def this_instance(principal: CurrentPrincipal, registry: RegistryDep) -> InstanceView:
    """This instance's name, the agencies its settings name, the agencies assigned to it and
    every assignment learnt so far (any authenticated caller)."""
    scope = registry.scope
    ledger = scope.source.ledger
    return InstanceView(
        instance=scope.instance,
        agencies=sorted(scope.agencies),
        served=ledger.assigned_to(scope.instance),
        assignments=[
            AssignmentView(
                agency_code=item.agency,
                sequence=item.sequence,
                effective_at=item.effective_at,
                instance=item.instance,
            )
            for _, items in sorted(ledger.history().items())
            for item in items
        ],
    )
