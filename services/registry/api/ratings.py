"""Routes of yearly ratings (xếp loại) and discipline holds: parse, command, map the result."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.registry.api.dependencies import ReadConnection, RegistryDep
from services.registry.api.ratings_schemas import (
    DisciplineHoldAccepted,
    DisciplineHoldCreate,
    DisciplineHoldLift,
    DisciplineHoldPublic,
    RatingAccepted,
    RatingCreate,
    RatingPublic,
    RatingSummary,
)
from services.registry.application.discipline import lift_hold, place_hold
from services.registry.application.ratings import record_rating
from services.registry.bootstrap import Registry
from services.registry.commands.discipline import LiftDisciplineHold, PlaceDisciplineHold
from services.registry.commands.ratings import RecordRating
from services.registry.readmodel import rating_queries
from services.registry.readmodel.ratings import hold_agency
from shared.application.commands import Outcome
from shared.auth import CurrentPrincipal, Principal, require_agency
from shared.events.vocabulary import AgencyCode, Rating
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

ratings_router = APIRouter(prefix="/v1/ratings", tags=["ratings"])
holds_router = APIRouter(prefix="/v1/discipline-holds", tags=["discipline holds"])

AgencyQuery = Annotated[AgencyCode, Query(description="The agency.")]
YearQuery = Annotated[int, Query(ge=1945, le=2100, description="The year.")]
OptionalYear = Annotated[int | None, Query(ge=1945, le=2100, description="The year.")]


@ratings_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Record a rating",
    responses={200: {"model": RatingAccepted, "description": "A correction was recorded."}},
)
async def rate(
    body: RatingCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    if_match: IfMatchHeader = None,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> RatingAccepted:
    """Record a member's rating for a year; emits **RatingRecorded** (201).

    One rating per member-year: sending another is a correction (200), which needs `If-Match`
    with the version read; without it, or with a stale one, the answer is 409.
    """
    require_agency(principal, body.agency)
    command = RecordRating(**body.model_dump(), expected_version=expected_version(if_match))
    outcome = await record_rating(
        registry.commands,
        registry.engine,
        command,
        append_context(principal, body.agency, correlation_id),
        idempotency_request(body.agency, idempotency_key, "record-rating", body, if_match),
    )
    return _rating_accepted(response, body, outcome)


@ratings_router.get("", summary="List an agency's ratings")
async def list_ratings(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: AgencyQuery,
    year: OptionalYear = None,
    rating: Annotated[Rating | None, Query(description="Only this rating.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[RatingPublic]:
    """An agency's ratings as last recorded, by year then member."""
    require_agency(principal, agency, access="read")
    return await rating_queries.list_ratings(
        connection, agency, year=year, rating=rating, limit=limit, offset=offset
    )


@ratings_router.get("/summary", summary="Members per rating for a year")
async def summary(
    principal: CurrentPrincipal, connection: ReadConnection, agency: AgencyQuery, year: YearQuery
) -> RatingSummary:
    """How many of the agency's members were rated HTXSNV, HTTNV, HTNV and KHTNV that year."""
    require_agency(principal, agency, access="read")
    return await rating_queries.rating_summary(connection, agency, year)


@ratings_router.get("/{member_id}/{year}", summary="A member's rating for a year")
async def get_rating(
    member_id: str,
    year: int,
    principal: CurrentPrincipal,
    connection: ReadConnection,
    response: Response,
) -> RatingPublic:
    """The member's rating for the year, as last recorded (ETag: send it to correct it)."""
    found = await rating_queries.get_rating(connection, member_id, year)
    if found is None:
        raise NotFoundProblem(f"no rating of {member_id} for {year}")
    require_agency(principal, found.agency, access="read")
    response.headers["ETag"] = etag(found.version)
    return found


@holds_router.post("", status_code=status.HTTP_201_CREATED, summary="Place a discipline hold")
async def place(
    body: DisciplineHoldCreate,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> DisciplineHoldAccepted:
    """Hold a unit's or member's awards from a date; emits **DisciplineHoldPlaced**.

    The event carries only who and when; the note stays in the registry.
    """
    require_agency(principal, body.agency)
    command = PlaceDisciplineHold(hold_id=str(uuid.uuid4()), **body.model_dump())
    outcome = await place_hold(
        registry.commands,
        registry.engine,
        command,
        append_context(principal, body.agency, correlation_id),
        idempotency_request(body.agency, idempotency_key, "place-hold", body),
    )
    return _hold_accepted(response, outcome)


@holds_router.post("/{hold_id}/lift", summary="Lift a discipline hold")
async def lift(
    hold_id: str,
    body: DisciplineHoldLift,
    principal: CurrentPrincipal,
    registry: RegistryDep,
    response: Response,
    if_match: IfMatchHeader = None,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> DisciplineHoldAccepted:
    """End a hold on `lifted_on` (its last day); emits **DisciplineHoldLifted**."""
    agency = await _hold_agency(registry, hold_id)
    require_agency(principal, agency)
    outcome = await lift_hold(
        registry.commands,
        LiftDisciplineHold(hold_id=hold_id, lifted_on=body.lifted_on),
        append_context(principal, agency, correlation_id),
        expected_version(if_match),
        idempotency_request(agency, idempotency_key, "lift-hold", hold_id, body, if_match),
    )
    return _hold_accepted(response, outcome)


@holds_router.get("", summary="List an agency's discipline holds")
async def list_holds(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: AgencyQuery,
    active_on: Annotated[date | None, Query(description="Holding on this day.")] = None,
    year: Annotated[
        int | None, Query(ge=1945, le=2100, description="Holding on some day of this year.")
    ] = None,
    subject_id: Annotated[str | None, Query(description="Of this unit or member.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[DisciplineHoldPublic]:
    """An agency's holds by first day; notes are never listed."""
    require_agency(principal, agency, access="read")
    return await rating_queries.list_holds(
        connection,
        agency,
        active_on=active_on,
        year=year,
        subject_id=subject_id,
        limit=limit,
        offset=offset,
    )


@holds_router.get("/{hold_id}", summary="One discipline hold")
async def get_hold(
    hold_id: str, principal: CurrentPrincipal, connection: ReadConnection, response: Response
) -> DisciplineHoldPublic:
    """A hold; its note only for the officers and admins of its agency (not analysts)."""
    found = await rating_queries.get_hold(connection, hold_id)
    if found is None:
        raise NotFoundProblem(f"no discipline hold {hold_id}")
    require_agency(principal, found.agency, access="read")
    response.headers["ETag"] = etag(found.version)
    if not _may_read_notes(principal, found.agency):
        return found
    return found.model_copy(update={"note": await rating_queries.hold_note(connection, hold_id)})


def _may_read_notes(principal: Principal, agency: str) -> bool:
    # Notes are personal data: the agency's own officers and admins only.
    return principal.agency == agency and bool(principal.roles & {"officer", "admin"})


async def _hold_agency(registry: Registry, hold_id: str) -> str:
    # A connection of its own, closed before the command writes (SQLite locks at BEGIN).
    async with registry.engine.connect() as connection:
        agency = await hold_agency(connection, hold_id)
    if agency is None:
        raise NotFoundProblem(f"no discipline hold {hold_id}")
    return agency


def _set_headers(response: Response, outcome: Outcome, location: str) -> None:
    response.headers["ETag"] = etag(outcome.version)
    response.headers["Location"] = location


def _rating_accepted(response: Response, body: RatingCreate, outcome: Outcome) -> RatingAccepted:
    _set_headers(response, outcome, f"/v1/ratings/{body.member_id}/{body.year}")
    if outcome.version > 1:  # a correction replaced the rating: nothing new was created
        response.status_code = status.HTTP_200_OK
    return RatingAccepted(
        member_id=body.member_id,
        year=body.year,
        version=outcome.version,
        event_ids=outcome.event_ids,
    )


def _hold_accepted(response: Response, outcome: Outcome) -> DisciplineHoldAccepted:
    _set_headers(response, outcome, f"/v1/discipline-holds/{outcome.resource_id}")
    return DisciplineHoldAccepted(
        hold_id=outcome.resource_id, version=outcome.version, event_ids=outcome.event_ids
    )


router = APIRouter()
router.include_router(ratings_router)
router.include_router(holds_router)
