"""The size of an agency's directory (units and members) year by year, across transfers.

A unit or member counts for an agency from the year it was added or transferred in, until the
day it was transferred out (``directory_departures``). The size of a year is the one at its
end, or, for the agency the statistics are about, on its last day if it ceased that year
(a department merged on 2025-07-01 is measured on 2025-06-30, before its people moved to its
successor); a year after it ceased has no directory. Counted over an agency and its
predecessors together, a member moved by the merger is out of the predecessor and in the
successor at the end of the year: counted once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.tables import directory_counts, directory_departures
from services.reporting.queries.common import YearRange
from services.reporting.queries.together import (
    CODES,
    LAST_DAY,
    YEAR_TO,
    range_parameters,
)
from shared.database.together import Query, Rows, Together, json_date

Departures = list[tuple[date, str, int]]


def _directory_queries() -> dict[str, Query]:
    """Additions of the agencies by year and kind up to the range's end, departures by day."""
    t = directory_counts
    added = (
        select(t.c.year, t.c.subject_kind, func.sum(t.c.added))
        .where(t.c.agency.in_(CODES), t.c.year <= YEAR_TO)
        .group_by(t.c.year, t.c.subject_kind)
    )
    d = directory_departures
    departed = (
        select(d.c.left_on, d.c.subject_kind, func.sum(d.c.departed))
        .where(d.c.agency.in_(CODES), d.c.left_on <= LAST_DAY)
        .group_by(d.c.left_on, d.c.subject_kind)
    )
    return {"directory_added": added, "directory_departures": departed}


DIRECTORY_QUERIES = _directory_queries()
_DIRECTORY = Together(DIRECTORY_QUERIES)


def directory_sizes_from(
    parts: dict[str, Rows], years: YearRange, ceased_on: date | None
) -> dict[int, Counter[str]]:
    """The sizes, from the rows of :func:`directory_queries`."""
    added: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for year, kind, count in parts["directory_added"]:
        added[year][kind] += count
    departures = [(json_date(on), kind, n) for on, kind, n in parts["directory_departures"]]
    return sizes_by_year(added, departures, years, ceased_on)


async def directory_sizes(
    connection: AsyncConnection, codes: Sequence[str], years: YearRange, ceased_on: date | None
) -> dict[int, Counter[str]]:
    """Units and members of ``codes`` together in each year of ``years`` (see the module)."""
    parts = await _DIRECTORY.read(connection, range_parameters(codes, years))
    return directory_sizes_from(parts, years, ceased_on)


def sizes_by_year(
    added: defaultdict[int, Counter[str]],
    departures: Departures,
    years: YearRange,
    ceased_on: date | None,
) -> dict[int, Counter[str]]:
    """The sizes the module describes, from additions by year and departures by day."""
    sizes: dict[int, Counter[str]] = {}
    running: Counter[str] = Counter()
    for year in range(min([*added, years.year_from]), years.year_to + 1):
        running += added[year]
        if ceased_on is not None and year > ceased_on.year:
            sizes[year] = Counter()
            continue
        cutoff = date(year, 12, 31) if ceased_on is None else min(date(year, 12, 31), ceased_on)
        left: Counter[str] = Counter()
        for day, kind, n in departures:
            if day <= cutoff:
                left[kind] += n
        size = Counter(running)
        size.subtract(left)
        sizes[year] = size
    return sizes
