"""The national dashboard's data in one answer: the national table and its trend by year.

The table is the one ``GET /v1/national`` answers (every row, ranked by awards); the trend
adds up the same per-agency counts year by year, over the registered agencies only, so the
years of the trend sum to the table's grand total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.queries.common import YearRange, all_agencies
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
