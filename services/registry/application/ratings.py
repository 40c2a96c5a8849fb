"""Rating transitions: record a member's yearly rating, or correct it."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.application.directory import agency_of_member
from services.registry.commands.ratings import RecordRating
from services.registry.domain import ratings
from shared.application.transitions import Transition
from shared.vietnam_time import business_time, today_in_vietnam


def rating_stream(member_id: str, year: int) -> str:
    return f"rating-{member_id}-{year}"


def rating_resource(member_id: str, year: int) -> str:
    """The rating's address under /v1/ratings."""
    return f"{member_id}/{year}"


async def _member_agency(engine: AsyncEngine, command: RecordRating) -> str | None:
    return await agency_of_member(engine, command.member_id)


RECORD_RATING = Transition(
    RecordRating,
    stream=lambda c: rating_stream(c.member_id, c.year),
    resource=lambda c: rating_resource(c.member_id, c.year),
    # Ratings are given at the year-end review: they count for the year they rate.
    occurred_at=lambda c: business_time(date(c.year, 12, 31)),
    look_up=_member_agency,
    decide=lambda history, c, member_agency: ratings.decide_record(
        ratings.fold(history), c, member_agency, today_in_vietnam()
    ),
)
"""Record (or, with the command's ``expected_version``, correct) a member's rating for the year:
the route sends that version as the terms' expected version too."""
