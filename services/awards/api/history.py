"""A recipient's award history (hồ sơ thành tích)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from services.awards.api.decisions_schemas import RecipientHistory
from services.awards.api.dependencies import ReadConnection
from services.awards.readmodel import decision_queries
from shared.auth import CurrentPrincipal, require_agency
from shared.events.vocabulary import AgencyCode, EntityId, RecipientKind

router = APIRouter(prefix="/v1/recipients", tags=["award history"])


@router.get("/{recipient_kind}/{recipient_id}/awards", summary="A recipient's award history")
async def award_history(
    recipient_kind: Annotated[
        RecipientKind, Path(description="member, unit, agency, household, enterprise.")
    ],
    recipient_id: Annotated[EntityId, Path(description="Id as the decisions recorded it.")],
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: Annotated[
        AgencyCode | None, Query(description="Recording agency (default: the caller's).")
    ] = None,
) -> RecipientHistory:
    """Hồ sơ thành tích: every award the agency recorded for the recipient, grouped by
    achievement year (the last year of a period), oldest first. Revoked awards are listed
    with the date and reason of the revocation, and are not counted in `standing` or in the
    per-award `totals`. A recipient without awards has an empty history.

    The history runs across the 2025 reorganisation and across transfers: it also holds what
    the agencies the agency continues recorded (a merger's predecessors), and, for a unit or a
    member transferred into it, what the agencies it came from recorded; `agencies` lists
    them, `transfers` the recipient's moves, and each award names its recording `agency`."""
    agency = agency or principal.agency
    require_agency(principal, agency, access="read")
    return await decision_queries.recipient_history(
        connection, agency, recipient_kind, recipient_id
    )
