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

Departures = list[tuple[date, str, int]]


async def directory_sizes(
    connection: AsyncConnection, codes: Sequence[str], years: YearRange, ceased_on: date | None
) -> dict[int, Counter[str]]:
    """Units and members of ``codes`` together in each year of ``years`` (see the module)."""
    t = directory_counts
    query = (
        select(t.c.year, t.c.subject_kind, func.sum(t.c.added))
        .where(t.c.agency.in_(codes), t.c.year <= years.year_to)
        .group_by(t.c.year, t.c.subject_kind)
    )
    added: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for year, kind, count in (await connection.execute(query)).all():
        added[year][kind] += int(count)
    d = directory_departures
    query = (
        select(d.c.left_on, d.c.subject_kind, func.sum(d.c.departed))
        .where(d.c.agency.in_(codes), d.c.left_on <= date(years.year_to, 12, 31))
        .group_by(d.c.left_on, d.c.subject_kind)
    )
    departures = [(day, kind, int(n)) for day, kind, n in (await connection.execute(query)).all()]
    return sizes_by_year(added, departures, years, ceased_on)


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
