"""The national view: every agency side by side, and the list of agencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.reporting.api.params import ReportingDep, ReuseDep, YearsDep
from services.reporting.queries.common import all_agencies
from services.reporting.queries.models import AgencyInfo, YearBasis
from services.reporting.queries.national import NationalTable, national_report, national_table
from services.reporting.queries.national_models import (
    GroupBy,
    NationalColumn,
    NationalReport,
    Order,
)
from shared.auth import CurrentPrincipal, require_role
from shared.database.engine import connection_for_reads
from shared.http.pagination import Limit, Offset, Page

router = APIRouter(prefix="/v1", tags=["national"])


@router.get("/national", summary="Every agency side by side for a year or a period")
async def national(
    principal: CurrentPrincipal,
    reporting: ReportingDep,
    years: YearsDep,
    reuse: ReuseDep,
    group_by: Annotated[GroupBy, Query(description="agency, province63 or province34.")] = (
        GroupBy.AGENCY
    ),
    sort: Annotated[NationalColumn, Query(description="Column to sort by.")] = NationalColumn.KEY,
    order: Annotated[Order, Query(description="asc or desc.")] = Order.ASC,
    year_basis: Annotated[YearBasis, Query(description="Award year basis.")] = (
        YearBasis.ACHIEVEMENT
    ),
    limit: Limit = 100,
    offset: Offset = 0,
) -> NationalReport:
    """Provincial departments (per agency, or per province of the 63 or today's 34, every
    province listed) with totals; units of the ministry listed apart. Analysts and admins."""
    require_role(principal, "analyst", "admin")

    async def compute() -> NationalTable:
        async with connection_for_reads(reporting.engine) as connection:
            return await national_table(connection, years, year_basis, group_by)

    key = (years, year_basis, group_by)
    tables = reporting.national_tables
    table = await tables.answer(reporting.engine, key, compute, reuse=reuse)
    return national_report(
        table, years, year_basis, group_by, sort, order, items=slice(offset, offset + limit)
    )


@router.get("/agencies", summary="Registered agencies")
async def agencies(
    _principal: CurrentPrincipal, reporting: ReportingDep, limit: Limit = 100, offset: Offset = 0
) -> Page[AgencyInfo]:
    """Every registered agency, by code (events of an agency never registered are held
    out of every answer), with its lifecycle across the 2025 reorganisation: when it was
    established, continued under its province on the 34 list or ceased, its successor and its
    predecessors (a ceased agency stays listed; its history stays)."""
    async with connection_for_reads(reporting.engine) as connection:
        found = await all_agencies(connection)
    return Page(items=found[offset : offset + limit], total=len(found), limit=limit, offset=offset)
