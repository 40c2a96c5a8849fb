"""Period statistics of an agency, read from precomputed projection rows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from services.reporting.bootstrap import Reporting
from services.reporting.queries import AgencyStats, agency_stats
from shared.auth import CurrentPrincipal, require_agency
from shared.events.vocabulary import AgencyCode
from shared.http.problems import ProblemError

router = APIRouter(prefix="/v1", tags=["statistics"])

MAX_YEARS = 50


def get_reporting(request: Request) -> Reporting:
    reporting: Reporting = request.app.state.reporting
    return reporting


ReportingDep = Annotated[Reporting, Depends(get_reporting)]


@router.get("/stats", summary="Statistics of one agency over a range of years")
async def stats(
    principal: CurrentPrincipal,
    reporting: ReportingDep,
    agency: Annotated[AgencyCode, Query(description="Agency code, e.g. 01 for Hà Nội.")],
    year_from: Annotated[int, Query(alias="from", ge=1945, le=2100, description="First year.")],
    year_to: Annotated[int, Query(alias="to", ge=1945, le=2100, description="Last year.")],
) -> AgencyStats:
    """Counts by business time (e.g. a campaign's start year), for the years given."""
    require_agency(principal, agency, access="read")
    if year_to < year_from or year_to - year_from >= MAX_YEARS:
        raise ProblemError(
            status=422,
            title="Invalid year range",
            detail=f"'to' must be between 'from' and 'from' + {MAX_YEARS - 1}.",
            extra={"errors": [{"field": "query.to", "message": "out of range"}]},
        )
    return await agency_stats(reporting.engine, agency, year_from, year_to)
