"""Streaks: runs of consecutive years in which a recipient held a live award of a code.

Read from ``award_recipients_by_year`` (one row per recipient, code and year), so a revoked
award breaks the run it was part of. The *current* run is the one reaching the last year
considered: the range's last year if one is given, else the last year for which the agency
has any live award of that code (this year's titles are decided next year).

Over an agency and its predecessors, a recipient's years under each are one history: a member
moved by a merger with CSTĐCS 2023–2024 from the predecessor and 2025 from the successor has
a run of three years.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.tables import award_recipients_by_year, award_totals
from services.reporting.queries.agency_awards import code_order
from services.reporting.queries.common import YearRange, award_name


class Run(BaseModel):
    """Consecutive years ``year_from`` … ``year_to``."""

    year_from: int
    year_to: int
    years: int


class Streak(BaseModel):
    """One recipient's runs of one award code."""

    award_code: str
    name_vi: str | None
    recipient_kind: str = Field(description="unit, agency, member, household or enterprise.")
    recipient_id: str
    years_held: int = Field(description="Years with the award (not necessarily consecutive).")
    longest: Run
    current: Run | None = Field(description="The run reaching the last year considered.")


def runs(years: Sequence[int]) -> list[Run]:
    """The runs of consecutive years in ``years`` (sorted, distinct), in order."""
    found: list[Run] = []
    for year in years:
        if found and found[-1].year_to == year - 1:
            last = found[-1]
            found[-1] = Run(year_from=last.year_from, year_to=year, years=last.years + 1)
        else:
            found.append(Run(year_from=year, year_to=year, years=1))
    return found


async def agency_streaks(
    connection: AsyncConnection,
    codes: Sequence[str],
    *,
    code: str | None,
    recipient_kind: str | None,
    min_years: int,
    years: YearRange | None,
) -> list[Streak]:
    """Streaks of at least ``min_years`` consecutive years, longest first, of the agencies
    ``codes`` together."""
    t = award_recipients_by_year
    query = select(t.c.award_code, t.c.recipient_kind, t.c.recipient_id, t.c.year).where(
        t.c.agency.in_(codes), t.c.awards > 0
    )
    if code is not None:
        query = query.where(t.c.award_code == code)
    if recipient_kind is not None:
        query = query.where(t.c.recipient_kind == recipient_kind)
    if years is not None:
        query = query.where(t.c.year.between(years.year_from, years.year_to))
    held: defaultdict[tuple[str, str, str], set[int]] = defaultdict(set)
    for award_code, kind, recipient, year in (await connection.execute(query)).all():
        held[award_code, kind, recipient].add(year)
    last_year = _last_years(held, years)
    found = [_streak(key, sorted(held[key]), last_year[key[0]]) for key in held]
    found = [streak for streak in found if streak.longest.years >= min_years]
    return sorted(found, key=_rank)


def _last_years(
    held: dict[tuple[str, str, str], set[int]], years: YearRange | None
) -> dict[str, int]:
    last: dict[str, int] = {}
    for (code, _, _), held_years in held.items():
        last[code] = years.year_to if years else max(last.get(code, 0), *held_years)
    return last


def _streak(key: tuple[str, str, str], years: list[int], last_year: int) -> Streak:
    code, kind, recipient = key
    found = runs(years)
    longest = max(found, key=lambda run: (run.years, run.year_to))
    current = found[-1] if found[-1].year_to == last_year else None
    return Streak(
        award_code=code,
        name_vi=award_name(code),
        recipient_kind=kind,
        recipient_id=recipient,
        years_held=len(years),
        longest=longest,
        current=current,
    )


def _rank(streak: Streak) -> tuple[int, int, tuple[int, str], str]:
    current = streak.current.years if streak.current else 0
    return -streak.longest.years, -current, code_order(streak.award_code), streak.recipient_id


async def years_held_by_agency(
    connection: AsyncConnection, agency: str, years: YearRange
) -> dict[str, list[int]]:
    """Per award code, the years in ``years`` the agency itself held a live award of it.

    From ``award_totals``: the agency is its own only recipient of kind ``agency``.
    """
    t = award_totals
    query = select(t.c.award_code, t.c.year).where(
        t.c.agency == agency,
        t.c.year.between(years.year_from, years.year_to),
        t.c.recipient_kind == "agency",
        t.c.awards > 0,
    )
    held: defaultdict[str, set[int]] = defaultdict(set)
    for code, year in (await connection.execute(query)).all():
        held[code].add(year)
    return {code: sorted(held[code]) for code in sorted(held, key=code_order)}
