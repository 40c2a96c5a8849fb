"""Every count of one agency over a range of years, in one read-only transaction."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.tables import campaign_counts
from services.reporting.queries.agency_awards import agency_awards
from services.reporting.queries.agency_records import (
    agency_campaigns,
    agency_initiatives,
    agency_proposals,
    agency_registrations,
)
from services.reporting.queries.common import AgencyScope, YearRange
from services.reporting.queries.models import AgencyInfo, AgencyPeriodStats, YearBasis


async def agency_period_stats(
    engine: AsyncEngine,
    agency: AgencyInfo,
    years: YearRange,
    basis: YearBasis,
    as_of: date,
    *,
    scope: AgencyScope | None = None,
) -> AgencyPeriodStats:
    """Awards, campaigns, registrations, initiatives and proposals of ``agency``, with its
    predecessors' history if ``scope`` includes them (by default the agency alone)."""
    scope = scope or AgencyScope(agency)
    code = list(scope.codes)
    async with engine.connect() as connection:
        awards = await agency_awards(connection, code, years, basis)
        return AgencyPeriodStats(
            agency=agency,
            include_predecessors=scope.include_predecessors,
            agencies_counted=code,
            year_from=years.year_from,
            year_to=years.year_to,
            year_basis=basis,
            awards_total=awards.total,
            awards_by_level_class=awards.by_level_class,
            awards=awards.summaries,
            award_breakdown=awards.breakdown,
            campaigns=await agency_campaigns(connection, code, years),
            registrations=await agency_registrations(connection, code, years, agency.ceased_on),
            initiatives=await agency_initiatives(connection, code, years),
            proposals=await agency_proposals(connection, code, years, as_of),
        )


class CampaignYearCount(BaseModel):
    """Campaigns started in one year."""

    year: int
    campaigns: int


class AgencyStats(BaseModel):
    """Campaigns of one agency over a range of years (the first, compact statistics)."""

    agency: str = Field(description="Agency code.")
    year_from: int = Field(description="First year of the range (inclusive).")
    year_to: int = Field(description="Last year of the range (inclusive).")
    campaigns: int = Field(description="Campaigns launched with a start date in the range.")
    campaigns_by_year: list[CampaignYearCount] = Field(description="The same, year by year.")


async def agency_stats(engine: AsyncEngine, agency: str, years: YearRange) -> AgencyStats:
    t = campaign_counts
    query = (
        select(t.c.year, func.sum(t.c.campaigns))
        .where(t.c.agency == agency, t.c.year.between(years.year_from, years.year_to))
        .group_by(t.c.year)
        .order_by(t.c.year)
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).all()
    by_year = [CampaignYearCount(year=int(year), campaigns=int(n)) for year, n in rows if n]
    return AgencyStats(
        agency=agency,
        year_from=years.year_from,
        year_to=years.year_to,
        campaigns=sum(item.campaigns for item in by_year),
        campaigns_by_year=by_year,
    )
