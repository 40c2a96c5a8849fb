"""Routes of yearly ratings (xếp loại) of members and units and of discipline holds: parse,
command, map the result."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

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
    UnitRatingAccepted,
    UnitRatingCreate,
    UnitRatingPublic,
)
from services.registry.api.succession import acting_agency, require_readable
from services.registry.application.discipline import LIFT_HOLD, PLACE_HOLD, agency_of_hold
from services.registry.application.ratings import (
    RECORD_RATING,
    RECORD_UNIT_RATING,
    unit_rating_resource,
)
from services.registry.commands.discipline import LiftDisciplineHold, PlaceDisciplineHold
from services.registry.commands.ratings import RecordRating, RecordUnitRating
from services.registry.readmodel import rating_queries
from shared.application.commands import Outcome
from shared.application.transitions import run_transition
from shared.auth import CurrentPrincipal, Principal, require_agency
from shared.events.vocabulary import AgencyCode, BusinessDate, Rating, Year
from shared.http.accepted import AcceptedResponse, version_headers
from shared.http.commands import CommandRequestDep, ConditionalCommandRequestDep, etag
from shared.http.pagination import Limit, Offset, Page
from shared.http.problems import NotFoundProblem

ratings_router = APIRouter(prefix="/v1/ratings", tags=["ratings"])
holds_router = APIRouter(prefix="/v1/discipline-holds", tags=["discipline holds"])

AgencyQuery = Annotated[AgencyCode, Query(description="The agency.")]
YearQuery = Annotated[int, Query(ge=1945, le=2100, description="The year.")]
OptionalYear = Annotated[int | None, Query(ge=1945, le=2100, description="The year.")]

hold_accepted = AcceptedResponse(DisciplineHoldAccepted, "hold_id", "/v1/discipline-holds")


@ratings_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Record a rating",
    responses={200: {"model": RatingAccepted, "description": "A correction was recorded."}},
)
async def rate(
    body: RatingCreate,
    request: ConditionalCommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> RatingAccepted:
    """Record a member's rating for a year; emits **RatingRecorded** (201).

    One rating per member-year: sending another is a correction (200), which needs `If-Match`
    with the version read; without it, or with a stale one, the answer is 409.
    """
    require_agency(request.principal, body.agency)
    command = RecordRating(**body.model_dump(), expected_version=request.expected_version)
    terms = request.terms(body.agency, "record-rating", body)
    outcome = await run_transition(registry.commands, RECORD_RATING, command, terms)
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


@ratings_router.post(
    "/units",
    status_code=status.HTTP_201_CREATED,
    summary="Record a unit's own rating",
    responses={200: {"model": UnitRatingAccepted, "description": "A correction was recorded."}},
)
async def rate_unit(
    body: UnitRatingCreate,
    request: ConditionalCommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> UnitRatingAccepted:
    """Record a unit's own rating for a year (Art 27, 28 point a: the collective completed its
    tasks well or excellently); emits **UnitRatingRecorded** (201).

    One rating per unit-year: sending another is a correction (200), which needs `If-Match`
    with the version read; without it, or with a stale one, the answer is 409.
    """
    require_agency(request.principal, body.agency)
    command = RecordUnitRating(**body.model_dump(), expected_version=request.expected_version)
    terms = request.terms(body.agency, "record-unit-rating", body)
    outcome = await run_transition(registry.commands, RECORD_UNIT_RATING, command, terms)
    return _unit_rating_accepted(response, body, outcome)


@ratings_router.get("/units", summary="List the ratings of an agency's units")
async def list_unit_ratings(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: AgencyQuery,
    year: OptionalYear = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[UnitRatingPublic]:
    """The agency's units' own ratings as last recorded, by year then unit."""
    require_agency(principal, agency, access="read")
    return await rating_queries.list_unit_ratings(
        connection, agency, year=year, limit=limit, offset=offset
    )


@ratings_router.get("/units/{unit_id}/{year}", summary="A unit's own rating for a year")
async def get_unit_rating(
    unit_id: str,
    year: Annotated[Year, Path(description="The year rated.")],
    principal: CurrentPrincipal,
    connection: ReadConnection,
    response: Response,
) -> UnitRatingPublic:
    """The unit's rating for the year, as last recorded (ETag: send it to correct it)."""
    found = await rating_queries.get_unit_rating(connection, unit_id, year)
    if found is None:
        raise NotFoundProblem(f"Tập thể {unit_id} chưa có xếp loại năm {year}")
    require_agency(principal, found.agency, access="read")
    response.headers["ETag"] = etag(found.version)
    return found


@ratings_router.get("/{member_id}/{year}", summary="A member's rating for a year")
async def get_rating(
    member_id: str,
    year: Annotated[Year, Path(description="The year rated.")],
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
    request: CommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> DisciplineHoldAccepted:
    """Hold a unit's or member's awards from a date; emits **DisciplineHoldPlaced**.

    The event carries only who and when; the note stays in the registry.
    """
    require_agency(request.principal, body.agency)
    command = PlaceDisciplineHold(hold_id=str(uuid.uuid4()), **body.model_dump())
    terms = request.terms(body.agency, "place-hold", body)
    outcome = await run_transition(registry.commands, PLACE_HOLD, command, terms)
    return hold_accepted(response, outcome)


@holds_router.post("/{hold_id}/lift", summary="Lift a discipline hold")
async def lift(
    hold_id: str,
    body: DisciplineHoldLift,
    request: ConditionalCommandRequestDep,
    registry: RegistryDep,
    response: Response,
) -> DisciplineHoldAccepted:
    """End a hold on `lifted_on` (its last day); emits **DisciplineHoldLifted**.

    After a merger the successor (transitively) acts on its predecessors' records in its own
    name from its first day (403 for a date before it); the record stays the predecessor's.
    """
    found = await agency_of_hold(registry.engine, hold_id)
    resource = f"discipline hold {hold_id}"
    agency = await acting_agency(request, registry.engine, found, resource, body.lifted_on)
    command = LiftDisciplineHold(hold_id=hold_id, lifted_on=body.lifted_on)
    terms = request.terms(agency, "lift-hold", hold_id, body)
    outcome = await run_transition(registry.commands, LIFT_HOLD, command, terms)
    return hold_accepted(response, outcome)


@holds_router.get("", summary="List an agency's discipline holds")
async def list_holds(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: AgencyQuery,
    active_on: Annotated[BusinessDate | None, Query(description="Holding on this day.")] = None,
    year: Annotated[
        int | None, Query(ge=1945, le=2100, description="Holding on some day of this year.")
    ] = None,
    subject_id: Annotated[str | None, Query(description="Of this unit or member.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[DisciplineHoldPublic]:
    """An agency's holds by first day; notes are never listed."""
    await require_readable(principal, connection, agency)
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
    await require_readable(principal, connection, found.agency)
    response.headers["ETag"] = etag(found.version)
    if not _may_read_notes(principal, found.agency):
        return found
    return found.model_copy(update={"note": await rating_queries.hold_note(connection, hold_id)})


def _may_read_notes(principal: Principal, agency: str) -> bool:
    # Notes are personal data: the agency's own officers and admins only.
    return principal.agency == agency and bool(principal.roles & {"officer", "admin"})


def _rating_accepted(response: Response, body: RatingCreate, outcome: Outcome) -> RatingAccepted:
    version_headers(response, outcome, f"/v1/ratings/{body.member_id}/{body.year}")
    if outcome.version > 1:  # a correction replaced the rating: nothing new was created
        response.status_code = status.HTTP_200_OK
    return RatingAccepted(
        member_id=body.member_id,
        year=body.year,
        version=outcome.version,
        event_ids=outcome.event_ids,
    )


def _unit_rating_accepted(
    response: Response, body: UnitRatingCreate, outcome: Outcome
) -> UnitRatingAccepted:
    version_headers(
        response, outcome, f"/v1/ratings/{unit_rating_resource(body.unit_id, body.year)}"
    )
    if outcome.version > 1:  # a correction replaced the rating: nothing new was created
        response.status_code = status.HTTP_200_OK
    return UnitRatingAccepted(
        unit_id=body.unit_id, year=body.year, version=outcome.version, event_ids=outcome.event_ids
    )


router = APIRouter()
router.include_router(ratings_router)
router.include_router(holds_router)
