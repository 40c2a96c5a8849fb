"""Statistics of one agency over a range of years, read from precomputed projection rows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from services.reporting.api.params import (
    IncludePredecessors,
    ReportingDep,
    ReuseDep,
    YearsDep,
    known_agency,
    registered_period_stats,
)
from services.reporting.queries.agency_stats import (
    AgencyStats,
    agency_stats,
)
from services.reporting.queries.models import AgencyPeriodStats, YearBasis
from shared.auth import CurrentPrincipal, require_agency
from shared.events.vocabulary import AgencyCode, BusinessDate
from shared.vietnam_time import today_in_vietnam

router = APIRouter(prefix="/v1", tags=["statistics"])

AgencyPath = Annotated[AgencyCode, Path(description="Agency code, e.g. 01 for Hà Nội.")]


@router.get("/stats", summary="Campaigns of one agency over a range of years")
async def stats(
    principal: CurrentPrincipal,
    reporting: ReportingDep,
    agency: Annotated[AgencyCode, Query(description="Agency code, e.g. 01 for Hà Nội.")],
    years: YearsDep,
) -> AgencyStats:
    """Campaigns by start year (the compact first report; every count is in
    ``/v1/agencies/{agency}/stats``). 404 for an agency not registered."""
    require_agency(principal, agency, access="read")
    await known_agency(reporting, agency)
    return await agency_stats(reporting.engine, agency, years)


@router.get("/agencies/{agency}/stats", summary="Every count of one agency over a period")
async def agency_period(
    principal: CurrentPrincipal,
    reporting: ReportingDep,
    agency: AgencyPath,
    years: YearsDep,
    reuse: ReuseDep,
    year_basis: Annotated[
        YearBasis, Query(description="Count awards by achievement year or decision year.")
    ] = YearBasis.ACHIEVEMENT,
    as_of: Annotated[
        BusinessDate | None,
        Query(description="Date the age of pending proposals is measured on."),
    ] = None,
    include_predecessors: IncludePredecessors = False,
) -> AgencyPeriodStats:
    """Awards (instances and distinct recipients, per code and per form dimension), campaigns
    (form 0601.N breakdowns), registration and its coverage of the directory per year,
    initiatives, and proposals with the age of the pending ones.

    Awards count in their achievement year (the last year of a period award) unless
    ``year_basis=decision``; revoked awards count nowhere.

    ``include_predecessors=true`` counts under a successor the history of the departments
    merged into it (transitively) for the period, each recipient once
    (``agencies_counted`` lists them); by default only what the agency itself recorded."""
    require_agency(principal, agency, access="read")
    today = as_of or today_in_vietnam()
    return await registered_period_stats(
        reporting, agency, years, year_basis, today, include_predecessors, reuse=reuse
    )
