"""Lineage routes (admins only): an agency continues, takes over merged departments, or
ceases; a member is transferred to another agency."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from services.registry.api.agencies import accepted as agency_accepted
from services.registry.api.agencies_schemas import AgencyAccepted
from services.registry.api.dependencies import RegistryDep
from services.registry.api.directory import member_accepted
from services.registry.api.directory_schemas import MemberAccepted
from services.registry.api.lineage_schemas import (
    AgencyCessation,
    AgencyCodePath,
    AgencyContinuation,
    AgencyMerger,
    MemberTransferCreate,
    MergerAccepted,
)
from services.registry.application.lineage import CEASE_AGENCY, CONTINUE_AGENCY, TRANSFER_MEMBER
from services.registry.application.mergers import merge_agencies
from services.registry.commands.agencies import CeaseAgency, ContinueAgency, MergeAgencies
from services.registry.commands.directory import TransferMember
from shared.application.commands import Outcome
from shared.application.transitions import CommandTerms, run_transition
from shared.auth import require_role
from shared.http.accepted import version_headers
from shared.http.commands import CommandRequest, CommandRequestDep

router = APIRouter()


def admin_terms(request: CommandRequest, agency: str, *request_parts: object) -> CommandTerms:
    """An admin's command written in ``agency``'s name, under the admin's own key space."""
    require_role(request.principal, "admin")
    return CommandTerms(
        context=request.context(agency),
        idempotency=request.idempotency(request.principal.agency, *request_parts),
    )


@router.post(
    "/v1/agencies/{agency_code}/continuation",
    status_code=status.HTTP_201_CREATED,
    tags=["agencies"],
    summary="Record that a department continues",
)
async def continue_agency(
    agency_code: AgencyCodePath,
    body: AgencyContinuation,
    request: CommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> AgencyAccepted:
    """The department continues across the reorganisation (admins only); emits
    **AgencyContinued** in its name. Same agency, same history: from `on` its province is
    `province_code` on `province_list`, which must be the list in force on `on` and name its
    own province's successor (422 naming the field). 404 for an unknown agency; 409 if it
    ceased, already continued or is not a provincial department."""
    terms = admin_terms(request, agency_code, "continue-agency", agency_code, body)
    command = ContinueAgency(agency_code=agency_code, **body.model_dump())
    outcome = await run_transition(registry.commands, CONTINUE_AGENCY, command, terms)
    return agency_accepted(response, outcome)


@router.post(
    "/v1/agencies/{agency_code}/merger",
    status_code=status.HTTP_201_CREATED,
    tags=["agencies"],
    summary="Record a merger of departments",
)
async def merge(
    agency_code: AgencyCodePath,
    body: AgencyMerger,
    request: CommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> MergerAccepted:
    """The agency in the path (the successor) takes over `predecessor_codes` from `on`
    (admins only), in one transaction: **AgencyCeased** in each predecessor's name dated the
    day before `on`, **AgencyMerged** in the successor's, and in the successor's name one
    **UnitTransferred** per unit and one **MemberTransferred** per member of the
    predecessors, ids kept (a member stays in their unit, which moves with them).

    404 for an unknown agency; 409 if one ceased already or the successor merged already;
    422 naming `body.predecessor_codes` if the successor is among them, one is not a
    provincial department or not of the successor's province, and `body.on` if it is not the
    successor's founding day. Nothing is written then."""
    terms = admin_terms(request, agency_code, "merge-agencies", agency_code, body)
    command = MergeAgencies(successor_code=agency_code, **body.model_dump())
    outcomes = await merge_agencies(registry.commands, command, terms.context, terms.idempotency)
    return _merger_accepted(response, command, outcomes)


def _merger_accepted(
    response: Response, command: MergeAgencies, outcomes: list[Outcome]
) -> MergerAccepted:
    successor = outcomes[len(command.predecessor_codes)]
    version_headers(response, successor, f"/v1/agencies/{successor.resource_id}")
    moved = [outcome.resource_id.split("/")[0] for outcome in outcomes]
    return MergerAccepted(
        agency_code=successor.resource_id,
        version=successor.version,
        event_ids=[event_id for outcome in outcomes for event_id in outcome.event_ids],
        predecessor_codes=list(command.predecessor_codes),
        units_transferred=moved.count("units"),
        members_transferred=moved.count("members"),
    )


@router.post(
    "/v1/agencies/{agency_code}/cessation",
    status_code=status.HTTP_201_CREATED,
    tags=["agencies"],
    summary="Record that an agency ceased",
)
async def cease(
    agency_code: AgencyCodePath,
    body: AgencyCessation,
    request: CommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> AgencyAccepted:
    """The agency ceases with no successor (admins only); emits **AgencyCeased**. Nothing
    dated after `ceased_on` is recorded in its name any more (409); corrections of what
    happened until then stay possible. 404 for an unknown agency, 409 if it ceased already."""
    terms = admin_terms(request, agency_code, "cease-agency", agency_code, body)
    command = CeaseAgency(agency_code=agency_code, **body.model_dump())
    outcome = await run_transition(registry.commands, CEASE_AGENCY, command, terms)
    return agency_accepted(response, outcome)


@router.post(
    "/v1/members/{member_id}/transfer",
    status_code=status.HTTP_201_CREATED,
    tags=["members"],
    summary="Transfer a member to another agency",
)
async def transfer_member(
    member_id: str,
    body: MemberTransferCreate,
    request: CommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> MemberAccepted:
    """The member joins `to_unit_id` of `to_agency` from `on` (admins only); emits
    **MemberTransferred** on the member's stream in the receiving agency's name. The member
    keeps their id, so their ratings, streaks and awards run on. 404 for an unknown member or
    agency; 422 naming `body.to_unit_id` if the unit is not the receiving agency's,
    `body.to_agency` if it is the member's agency already."""
    terms = admin_terms(request, body.to_agency, "transfer-member", member_id, body)
    command = TransferMember(member_id=member_id, **body.model_dump())
    outcome = await run_transition(registry.commands, TRANSFER_MEMBER, command, terms)
    return member_accepted(response, outcome)
