"""The national dashboard's data in one answer: the national table, its trend by year, and
registration's coverage of the whole sector in the period's last year.

The table is the one ``GET /v1/national`` answers (every row, ranked by awards); the trend
adds up the same per-agency counts year by year, over the registered agencies only, so the
years of the trend sum to the table's grand total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.registrations import LIVE
from services.reporting.projections.tables import (
    registrants_by_year,
    registration_counts,
    sector_registrant_counts,
    sector_registrants,
)
from services.reporting.queries.common import YearRange, all_agencies
from services.reporting.queries.directory_sizes import directory_sizes
from services.reporting.queries.models import YearBasis
from services.reporting.queries.national import agency_metrics, national_report, national_table
from services.reporting.queries.national_models import (
    GroupBy,
    NationalColumn,
    NationalReport,
    Order,
)

EVERY_ROW = slice(0, 1000)
"""More rows than there are provinces and agencies: the dashboard ranks them all."""


class NationYear(BaseModel):
    """The whole sector's counts in one year (provinces and ministry units together)."""

    year: int
    campaigns: int = 0
    registrations: int = Field(default=0, description="Live registrations (not returned).")
    awards: int = Field(default=0, description="Live award instances (lượt).")
    awards_state: int = 0
    awards_ministry_province: int = 0
    awards_unit: int = 0
    initiatives_recognised: int = 0
    proposals_submitted: int = 0


class NationCoverage(BaseModel):
    """Registration's coverage of the whole sector's directory in one year: distinct units and
    members with a live registration, over the units and members on the directories at the
    end of the year (a member moved by a merger counts once)."""

    year: int
    units_in_directory: int
    registered_units: int
    unit_coverage: float | None = Field(description="registered_units / units_in_directory.")
    members_in_directory: int
    registered_members: int
    member_coverage: float | None = Field(description="registered_members / members_in_directory.")


class NationDashboard(BaseModel):
    """What the dashboard's nation page shows, in one answer."""

    national: NationalReport = Field(
        description="As GET /v1/national for the same period, grouping and year basis, "
        "sorted by awards (descending), every provincial row on one page."
    )
    trend: list[NationYear] = Field(description="One per year of the period, oldest first.")
    coverage: NationCoverage = Field(
        description="Registration's coverage of every registered agency's directory in the "
        "period's last year."
    )


async def nation_dashboard(
    connection: AsyncConnection, years: YearRange, basis: YearBasis, group_by: GroupBy
) -> NationDashboard:
    table = await national_table(connection, years, basis, group_by)
    report = national_report(
        table, years, basis, group_by, NationalColumn.AWARDS, Order.DESC, items=EVERY_ROW
    )
    registered = sorted(agency.agency_code for agency in await all_agencies(connection))
    trend = [await nation_year(connection, year, basis, registered) for year in years.years]
    coverage = await nation_coverage(connection, years.year_to, registered)
    return NationDashboard(national=report, trend=trend, coverage=coverage)


async def nation_year(
    connection: AsyncConnection, year: int, basis: YearBasis, registered: Collection[str]
) -> NationYear:
    """The registered agencies' counts in ``year``, added up."""
    metrics = await agency_metrics(connection, YearRange(year, year), basis)
    summed: Counter[str] = Counter()
    for agency, counts in metrics.items():
        if agency in registered:
            summed.update(counts)
    fields = NationYear.model_fields.keys() - {"year"}
    return NationYear(year=year, **{name: summed[name] for name in fields})


async def nation_coverage(
    connection: AsyncConnection, year: int, registered: Sequence[str]
) -> NationCoverage:
    """Registration's coverage of the ``registered`` agencies' directories together in
    ``year``, from the sector's registrant counts (a few rows whatever the registrations)."""
    sizes = (await directory_sizes(connection, registered, YearRange(year, year), None))[year]
    counted = await sector_registrants_counted(connection, year)
    counted.subtract(await registered_only_outside(connection, year, registered))
    units, members = counted["unit"], counted["member"]
    return NationCoverage(
        year=year,
        units_in_directory=sizes["unit"],
        registered_units=units,
        unit_coverage=_share(units, sizes["unit"]),
        members_in_directory=sizes["member"],
        registered_members=members,
        member_coverage=_share(members, sizes["member"]),
    )


async def sector_registrants_counted(connection: AsyncConnection, year: int) -> Counter[str]:
    """Registrants with a live registration in any agency in ``year``, by kind."""
    t = sector_registrant_counts
    query = select(t.c.registrant_kind, t.c.registrants).where(t.c.year == year)
    return Counter({kind: int(n) for kind, n in (await connection.execute(query)).all()})


async def registered_only_outside(
    connection: AsyncConnection, year: int, registered: Sequence[str]
) -> Counter[str]:
    """Registrants of ``year`` counted by the sector only through agencies not (yet)
    registered (events of an agency before its AgencyRegistered): left out of coverage, as
    their agency is of the directories. Usually none, found on the small registration counters."""
    outside = await _outside_agencies_registering(connection, year, registered)
    if not outside:
        return Counter()
    r = registrants_by_year
    theirs = (
        select(r.c.registrant_kind, r.c.registrant_id, func.sum(r.c.registrations).label("n"))
        .where(r.c.agency.in_(outside), r.c.year == year)
        .group_by(r.c.registrant_kind, r.c.registrant_id)
        .subquery()
    )
    s = sector_registrants
    query = (
        select(theirs.c.registrant_kind, func.count())
        .join_from(
            theirs,
            s,
            (s.c.year == year)
            & (s.c.registrant_kind == theirs.c.registrant_kind)
            & (s.c.registrant_id == theirs.c.registrant_id),
        )
        .where(theirs.c.n > 0, s.c.registrations == theirs.c.n)
        .group_by(theirs.c.registrant_kind)
    )
    return Counter({kind: int(n) for kind, n in (await connection.execute(query)).all()})


async def _outside_agencies_registering(
    connection: AsyncConnection, year: int, registered: Sequence[str]
) -> list[str]:
    c = registration_counts
    query = (
        select(c.c.agency)
        .where(c.c.year == year, c.c.status.in_(LIVE), c.c.registrations > 0)
        .where(c.c.agency.not_in(registered))
        .distinct()
    )
    return list((await connection.execute(query)).scalars())


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
