"""Reads of ratings and discipline holds."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel.rating_views import (
    DisciplineHoldPublic,
    RatingPublic,
    RatingSummary,
    UnitRatingPublic,
)
from services.registry.readmodel.ratings import (
    discipline_hold_notes,
    discipline_holds,
    ratings,
    unit_ratings,
)
from shared.events.vocabulary import Rating
from shared.http.pagination import Page


async def list_ratings(
    connection: AsyncConnection,
    agency: str,
    *,
    year: int | None,
    rating: Rating | None,
    limit: int,
    offset: int,
) -> Page[RatingPublic]:
    """A page of an agency's ratings, by year then member."""
    condition: ColumnElement[bool] = ratings.c.agency == agency
    if year is not None:
        condition = and_(condition, ratings.c.year == year)
    if rating is not None:
        condition = and_(condition, ratings.c.rating == rating.value)
    total = await connection.scalar(select(func.count()).select_from(ratings).where(condition))
    rows = await connection.execute(
        select(ratings)
        .where(condition)
        .order_by(ratings.c.year, ratings.c.member_id)
        .limit(limit)
        .offset(offset)
    )
    items = [RatingPublic.model_validate(row._mapping) for row in rows]
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)


async def get_rating(connection: AsyncConnection, member_id: str, year: int) -> RatingPublic | None:
    query = select(ratings).where(ratings.c.member_id == member_id, ratings.c.year == year)
    row = (await connection.execute(query)).first()
    return None if row is None else RatingPublic.model_validate(row._mapping)


async def list_unit_ratings(
    connection: AsyncConnection, agency: str, *, year: int | None, limit: int, offset: int
) -> Page[UnitRatingPublic]:
    """A page of the ratings of an agency's units, by year then unit."""
    condition: ColumnElement[bool] = unit_ratings.c.agency == agency
    if year is not None:
        condition = and_(condition, unit_ratings.c.year == year)
    total = await connection.scalar(select(func.count()).select_from(unit_ratings).where(condition))
    rows = await connection.execute(
        select(unit_ratings)
        .where(condition)
        .order_by(unit_ratings.c.year, unit_ratings.c.unit_id)
        .limit(limit)
        .offset(offset)
    )
    items = [UnitRatingPublic.model_validate(row._mapping) for row in rows]
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)


async def get_unit_rating(
    connection: AsyncConnection, unit_id: str, year: int
) -> UnitRatingPublic | None:
    query = select(unit_ratings).where(
        unit_ratings.c.unit_id == unit_id, unit_ratings.c.year == year
    )
    row = (await connection.execute(query)).first()
    return None if row is None else UnitRatingPublic.model_validate(row._mapping)


async def rating_summary(connection: AsyncConnection, agency: str, year: int) -> RatingSummary:
    """Members per rating for the agency and year (zero for ratings nobody received)."""
    rows = await connection.execute(
        select(ratings.c.rating, func.count())
        .where(ratings.c.agency == agency, ratings.c.year == year)
        .group_by(ratings.c.rating)
    )
    counts = {rating: 0 for rating in Rating}
    for rating, count in rows.tuples():
        counts[Rating(rating)] = int(count)
    return RatingSummary(agency=agency, year=year, counts=counts, total=sum(counts.values()))


def _active_between(first: date, last: date) -> ColumnElement[bool]:
    return and_(
        discipline_holds.c.from_date <= last,
        or_(discipline_holds.c.to_date.is_(None), discipline_holds.c.to_date >= first),
    )


async def list_holds(
    connection: AsyncConnection,
    agency: str,
    *,
    active_on: date | None,
    year: int | None,
    subject_id: str | None,
    limit: int,
    offset: int,
) -> Page[DisciplineHoldPublic]:
    """A page of an agency's holds, by first day; never with their notes."""
    condition: ColumnElement[bool] = discipline_holds.c.agency == agency
    if active_on is not None:
        condition = and_(condition, _active_between(active_on, active_on))
    if year is not None:
        condition = and_(condition, _active_between(date(year, 1, 1), date(year, 12, 31)))
    if subject_id is not None:
        condition = and_(condition, discipline_holds.c.subject_id == subject_id)
    total = await connection.scalar(
        select(func.count()).select_from(discipline_holds).where(condition)
    )
    rows = await connection.execute(
        select(discipline_holds)
        .where(condition)
        .order_by(discipline_holds.c.from_date, discipline_holds.c.hold_id)
        .limit(limit)
        .offset(offset)
    )
    items = [DisciplineHoldPublic.model_validate(row._mapping) for row in rows]
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)


async def get_hold(connection: AsyncConnection, hold_id: str) -> DisciplineHoldPublic | None:
    """One hold, without its note."""
    query = select(discipline_holds).where(discipline_holds.c.hold_id == hold_id)
    row = (await connection.execute(query)).first()
    return None if row is None else DisciplineHoldPublic.model_validate(row._mapping)


async def hold_note(connection: AsyncConnection, hold_id: str) -> str | None:
    """The hold's private note (personal data: check who asks first)."""
    query = select(discipline_hold_notes.c.note).where(discipline_hold_notes.c.hold_id == hold_id)
    note = await connection.scalar(query)
    return None if note is None else str(note)
