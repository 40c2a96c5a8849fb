"""Reads of the projections for the query API."""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.tables import campaign_counts


class YearCount(BaseModel):
    year: int
    campaigns: int


class AgencyStats(BaseModel):
    """Statistics of one agency over a range of years (by business time)."""

    agency: str = Field(description="Agency code.")
    year_from: int = Field(description="First year of the range (inclusive).")
    year_to: int = Field(description="Last year of the range (inclusive).")
    campaigns: int = Field(description="Campaigns launched with a start date in the range.")
    campaigns_by_year: list[YearCount] = Field(description="The same count, year by year.")


async def agency_stats(
    engine: AsyncEngine, agency: str, year_from: int, year_to: int
) -> AgencyStats:
    query = (
        select(campaign_counts.c.year, func.sum(campaign_counts.c.campaigns))
        .where(
            campaign_counts.c.agency == agency,
            campaign_counts.c.year.between(year_from, year_to),
        )
        .group_by(campaign_counts.c.year)
        .order_by(campaign_counts.c.year)
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).all()
    by_year = [YearCount(year=int(year), campaigns=int(count)) for year, count in rows]
    return AgencyStats(
        agency=agency,
        year_from=year_from,
        year_to=year_to,
        campaigns=sum(item.campaigns for item in by_year),
        campaigns_by_year=by_year,
    )
