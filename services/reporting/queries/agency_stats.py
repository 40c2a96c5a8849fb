"""Every count of one agency over a range of years, in one statement."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import String, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.tables import campaign_counts
from services.reporting.queries.agency_awards import award_queries, awards_from
from services.reporting.queries.agency_records import (
    CAMPAIGN_QUERIES,
    INITIATIVE_QUERIES,
    PROPOSAL_QUERIES,
    REGISTRATION_QUERIES,
    campaigns_from,
    initiatives_from,
    proposals_from,
    registrations_from,
)
from services.reporting.queries.common import (
    AgencyScope,
    YearRange,
    agency_scope,
    registered_among,
    rows_naming,
)
from services.reporting.queries.models import AgencyInfo, AgencyPeriodStats, YearBasis
from services.reporting.queries.together import range_parameters
from shared.database.engine import connection_for_reads
from shared.database.together import Rows, Together


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
    predecessors' history if ``scope`` includes them (by default the agency alone): every
    part's rows read in one statement (one snapshot, one round trip)."""
    scope = scope or AgencyScope(agency)
    statement = _period_statement(basis, len(scope.codes) > 1)
    async with connection_for_reads(engine) as connection:
        parts = await statement.read(connection, range_parameters(scope.codes, years))
    return _period_stats(parts, scope, years, basis, as_of)


async def registered_agency_period_stats(
    engine: AsyncEngine,
    code: str,
    years: YearRange,
    basis: YearBasis,
    as_of: date,
    *,
    include_predecessors: bool = False,
) -> AgencyPeriodStats | None:
    """:func:`agency_period_stats` of the agency ``code``, or None if it is not registered.

    The agency is read in the statement of its counts (counted as if it were alone): one
    round trip where a look-up first would take two. Only when its predecessors are counted
    too does a second statement count them all."""
    statement = _period_statement(basis, False, with_agency=True)
    async with connection_for_reads(engine) as connection:
        parameters = range_parameters([code], years) | {AGENCY.key: code}
        parts = await statement.read(connection, parameters)
        agency = registered_among(_agency_rows(parts.pop(_AGENCY_PART)), code)
        if agency is None:
            return None
        scope = await agency_scope(connection, agency, include_predecessors)
        if len(scope.codes) > 1:
            several = _period_statement(basis, True)
            parts = await several.read(connection, range_parameters(scope.codes, years))
    return _period_stats(parts, scope, years, basis, as_of)


def _period_stats(
    parts: dict[str, Rows], scope: AgencyScope, years: YearRange, basis: YearBasis, as_of: date
) -> AgencyPeriodStats:
    awards = awards_from(parts)
    return AgencyPeriodStats(
        agency=scope.agency,
        include_predecessors=scope.include_predecessors,
        agencies_counted=list(scope.codes),
        year_from=years.year_from,
        year_to=years.year_to,
        year_basis=basis,
        awards_total=awards.total,
        awards_by_level_class=awards.by_level_class,
        awards=awards.summaries,
        award_breakdown=awards.breakdown,
        campaigns=campaigns_from(parts),
        registrations=registrations_from(parts, years, scope.agency.ceased_on),
        initiatives=initiatives_from(parts),
        proposals=proposals_from(parts, as_of),
    )


AGENCY = bindparam("agency_code", type_=String)
"""The agency whose rows :func:`registered_agency_period_stats` reads with its counts."""
_AGENCY_PART = "agency_rows"
_AGENCY_ROWS = rows_naming(AGENCY)
_AGENCY_COLUMNS = [str(column.key) for column in _AGENCY_ROWS.selected_columns]


def _agency_rows(rows: Rows) -> list[dict[str, Any]]:
    """The agency rows read as JSON arrays, as mappings by column (dates stay ISO text:
    :class:`AgencyInfo` reads them)."""
    return [dict(zip(_AGENCY_COLUMNS, row, strict=True)) for row in rows]


@cache
def _period_statement(basis: YearBasis, several: bool, *, with_agency: bool = False) -> Together:
    agency_part = {_AGENCY_PART: _AGENCY_ROWS} if with_agency else {}
    return Together(
        {
            **award_queries(basis, several),
            **CAMPAIGN_QUERIES,
            **REGISTRATION_QUERIES,
            **INITIATIVE_QUERIES,
            **PROPOSAL_QUERIES,
            **agency_part,
        }
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
    async with connection_for_reads(engine) as connection:
        rows = (await connection.execute(query)).all()
    by_year = [CampaignYearCount(year=int(year), campaigns=int(n)) for year, n in rows if n]
    return AgencyStats(
        agency=agency,
        year_from=years.year_from,
        year_to=years.year_to,
        campaigns=sum(item.campaigns for item in by_year),
        campaigns_by_year=by_year,
    )
