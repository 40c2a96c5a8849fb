"""Rating transitions: record a member's or a unit's yearly rating, or correct it.

A rating belongs to the agency the member (or unit) belonged to at the end of the year it
rates: after a transfer the former agency still records and corrects the years before it (a
ceased department, its years up to its end), the receiving agency the years from it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.commands.ratings import RecordRating, RecordUnitRating
from services.registry.domain import ratings
from services.registry.readmodel.directory_queries import member_agency_on, unit_agency_on
from shared.application.transitions import Transition
from shared.database.engine import connection_for_reads
from shared.vietnam_time import business_time, today_in_vietnam


def rating_stream(member_id: str, year: int) -> str:
    return f"rating-{member_id}-{year}"


def rating_resource(member_id: str, year: int) -> str:
    """The rating's address under /v1/ratings."""
    return f"{member_id}/{year}"


def unit_rating_stream(unit_id: str, year: int) -> str:
    return f"unit-rating-{unit_id}-{year}"


def unit_rating_resource(unit_id: str, year: int) -> str:
    """The unit rating's address under /v1/ratings."""
    return f"units/{unit_id}/{year}"


def _year_end(year: int) -> date:
    # Ratings are given at the year-end review: they count for the year they rate.
    return date(year, 12, 31)


async def _member_agency(engine: AsyncEngine, command: RecordRating) -> str | None:
    """The member's agency at the end of the rated year (None if no such member)."""
    async with connection_for_reads(engine) as connection:
        return await member_agency_on(connection, command.member_id, _year_end(command.year))


async def _unit_agency(engine: AsyncEngine, command: RecordUnitRating) -> str | None:
    """The unit's agency at the end of the rated year (None if no such unit)."""
    async with connection_for_reads(engine) as connection:
        return await unit_agency_on(connection, command.unit_id, _year_end(command.year))


RECORD_RATING = Transition(
    RecordRating,
    stream=lambda c: rating_stream(c.member_id, c.year),
    resource=lambda c: rating_resource(c.member_id, c.year),
    occurred_at=lambda c: business_time(_year_end(c.year)),
    look_up=_member_agency,
    decide=lambda history, c, member_agency: ratings.decide_record(
        ratings.fold(history), c, member_agency, today_in_vietnam()
    ),
)
"""Record (or, with the command's ``expected_version``, correct) a member's rating for the year:
the route sends that version as the terms' expected version too."""

RECORD_UNIT_RATING = Transition(
    RecordUnitRating,
    stream=lambda c: unit_rating_stream(c.unit_id, c.year),
    resource=lambda c: unit_rating_resource(c.unit_id, c.year),
    occurred_at=lambda c: business_time(_year_end(c.year)),
    look_up=_unit_agency,
    decide=lambda history, c, unit_agency: ratings.decide_record_unit(
        ratings.fold(history), c, unit_agency, today_in_vietnam()
    ),
)
"""Record (or correct, as for a member) a unit's own rating for the year (Art 27, 28 point a)."""
