"""The dashboard's own read endpoint: the nation page's data in one call."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.reporting.api.params import ReportingDep, ReuseDep, YearsDep
from services.reporting.queries.dashboard import NationDashboard, nation_dashboard
from services.reporting.queries.models import YearBasis
from services.reporting.queries.national_models import GroupBy
from shared.auth import CurrentPrincipal, require_role
from shared.database.engine import connection_for_reads

router = APIRouter(prefix="/v1/dashboard", tags=["dashboard"])


@router.get("/nation", summary="The national dashboard's data for a period")
async def nation(
    principal: CurrentPrincipal,
    reporting: ReportingDep,
    years: YearsDep,
    reuse: ReuseDep,
    group_by: Annotated[GroupBy, Query(description="agency, province63 or province34.")] = (
        GroupBy.PROVINCE63
    ),
    year_basis: Annotated[YearBasis, Query(description="Award year basis.")] = (
        YearBasis.ACHIEVEMENT
    ),
) -> NationDashboard:
    """The national table (as ``GET /v1/national``, ranked by awards, every row), the
    sector's counts year by year and registration's coverage of every directory in the
    period's last year, in one answer. Analysts and admins."""
    require_role(principal, "analyst", "admin")

    async def compute() -> NationDashboard:
        async with connection_for_reads(reporting.engine) as connection:
            return await nation_dashboard(connection, years, year_basis, group_by)

    key = (years, year_basis, group_by)
    dashboards = reporting.nation_dashboards
    return await dashboards.answer(reporting.engine, key, compute, reuse=reuse)
