"""The national dashboard's data: the national table and its trend by year in one answer,
and registration's coverage of the whole sector in a year.

The table is the one ``GET /v1/national`` answers (every row, ranked by awards); the trend
adds up the same per-agency counts year by year, over the registered agencies only, so the
years of the trend sum to the table's grand total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.tables import registrants_by_year
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


async def nation_dashboard(
    connection: AsyncConnection, years: YearRange, basis: YearBasis, group_by: GroupBy
) -> NationDashboard:
    table = await national_table(connection, years, basis, group_by)
    report = national_report(
        table, years, basis, group_by, NationalColumn.AWARDS, Order.DESC, items=EVERY_ROW
    )
    registered = {agency.agency_code for agency in await all_agencies(connection)}
    trend = [await nation_year(connection, year, basis, registered) for year in years.years]
    return NationDashboard(national=report, trend=trend)


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


async def nation_coverage(connection: AsyncConnection, year: int) -> NationCoverage:
    """Registration's coverage of the registered agencies' directories together in ``year``.

    Unlike the counters, this reads every registrant of the year (distinct across agencies):
    its cost grows with registrations, so the dashboard asks for it apart."""
    registered = sorted(agency.agency_code for agency in await all_agencies(connection))
    sizes = (await directory_sizes(connection, registered, YearRange(year, year), None))[year]
    t = registrants_by_year
    # DISTINCT first, then count: a hash aggregate, where count(DISTINCT …) would sort.
    registrants = (
        select(t.c.registrant_kind, t.c.registrant_id)
        .where(t.c.year == year, t.c.registrations > 0, t.c.agency.in_(registered))
        .distinct()
        .subquery()
    )
    query = select(registrants.c.registrant_kind, func.count()).group_by(
        registrants.c.registrant_kind
    )
    found = {kind: int(n) for kind, n in (await connection.execute(query)).all()}
    units, members = found.get("unit", 0), found.get("member", 0)
    return NationCoverage(
        year=year,
        units_in_directory=sizes["unit"],
        registered_units=units,
        unit_coverage=_share(units, sizes["unit"]),
        members_in_directory=sizes["member"],
        registered_members=members,
        member_coverage=_share(members, sizes["member"]),
    )


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
