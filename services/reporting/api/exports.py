"""Downloads of the reporting tables as CSV or XLSX: the forms, an agency's statistics, the
national comparison and streaks. Same parameters and permissions as the JSON routes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import StreamingResponse

from services.reporting.api.forms import FormDep, FormHeaderDep
from services.reporting.api.params import (
    IncludePredecessors,
    OptionalYearsDep,
    ReportingDep,
    YearsDep,
    agency_in_scope,
    known_award_code,
    registered_period_stats,
)
from services.reporting.exports.form_tables import form_table
from services.reporting.exports.national_tables import national_table, streaks_table
from services.reporting.exports.stats_tables import agency_stats_tables
from services.reporting.exports.streaming import ExportFormat, export_response, file_name
from services.reporting.exports.xlsx_writer import MEDIA_TYPE as XLSX
from services.reporting.forms import build_form, build_forms
from services.reporting.forms.model import FormHeader
from services.reporting.queries.models import YearBasis
from services.reporting.queries.national import national_report
from services.reporting.queries.national import national_table as national_rows
from services.reporting.queries.national_models import GroupBy, NationalColumn, Order
from services.reporting.queries.streaks import agency_streaks
from shared.auth import CurrentPrincipal, require_agency, require_role
from shared.database.engine import connection_for_reads
from shared.events import RecipientKind
from shared.events.vocabulary import AgencyCode
from shared.vietnam_time import today_in_vietnam

router = APIRouter(prefix="/v1/exports", tags=["exports"])

Format = Annotated[ExportFormat, Path(description="csv or xlsx.")]
Agency = Annotated[AgencyCode, Query(description="Agency code, e.g. 01 for Hà Nội.")]
Basis = Annotated[YearBasis, Query(description="Count awards by achievement or decision year.")]
_FILE = {"schema": {"type": "string", "format": "binary"}}
_XLSX: dict[int | str, dict[str, Any]] = {
    200: {"description": "The workbook, as an attachment.", "content": {XLSX: _FILE}}
}
_DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {"description": "The file, as an attachment.", "content": {"text/csv": _FILE, XLSX: _FILE}}
}


def _whose(header: FormHeader) -> str:
    return header.agency.agency_code if header.agency else "toan-nganh"


@router.get(
    "/forms.xlsx",
    summary="The three forms in one workbook",
    responses=_XLSX,
    response_class=StreamingResponse,
)
async def forms_workbook(header: FormHeaderDep, reporting: ReportingDep) -> StreamingResponse:
    """Forms 0601.N, 0602.N and 0603.N of an agency (or the sector) for a year, one sheet
    each. Parameters and permissions as ``GET /v1/forms/{form}``."""
    async with connection_for_reads(reporting.engine) as connection:
        forms = await build_forms(connection, header)
    name = file_name("bieu-0601-0603", _whose(header), header.year_to, extension=ExportFormat.XLSX)
    return await export_response([form_table(f) for f in forms], ExportFormat.XLSX, name)


@router.get(
    "/agency-stats.{fmt}",
    summary="An agency's period statistics",
    responses=_DOWNLOAD,
    response_class=StreamingResponse,
)
async def agency_stats_export(
    principal: CurrentPrincipal,
    reporting: ReportingDep,
    fmt: Format,
    agency: Agency,
    years: YearsDep,
    year_basis: Basis = YearBasis.ACHIEVEMENT,
    include_predecessors: IncludePredecessors = False,
) -> StreamingResponse:
    """Awards per code and per year, campaigns by the form 0601.N breakdowns, registration,
    initiatives and proposals, as ``GET /v1/agencies/{agency}/stats`` counts them (with
    ``include_predecessors`` as there): six sheets, or six sections of the CSV each under its
    title."""
    require_agency(principal, agency, access="read")
    stats = await registered_period_stats(
        reporting, agency, years, year_basis, today_in_vietnam(), include_predecessors
    )
    name = file_name("thong-ke", agency, years.year_from, years.year_to, extension=fmt)
    return await export_response(agency_stats_tables(stats), fmt, name)


@router.get(
    "/national.{fmt}",
    summary="Every agency side by side",
    responses=_DOWNLOAD,
    response_class=StreamingResponse,
)
async def national_export(
    principal: CurrentPrincipal,
    reporting: ReportingDep,
    fmt: Format,
    years: YearsDep,
    group_by: Annotated[GroupBy, Query(description="agency, province63 or province34.")] = (
        GroupBy.AGENCY
    ),
    sort: Annotated[NationalColumn, Query(description="Column to sort by.")] = NationalColumn.KEY,
    order: Annotated[Order, Query(description="asc or desc.")] = Order.ASC,
    year_basis: Basis = YearBasis.ACHIEVEMENT,
) -> StreamingResponse:
    """The whole of ``GET /v1/national`` (every row, no paging): provinces, their total, the
    ministry's units, their total and the grand total, with a column per award code.
    Analysts and admins."""
    require_role(principal, "analyst", "admin")
    async with connection_for_reads(reporting.engine) as connection:
        table = await national_rows(connection, years, year_basis, group_by)
    every = slice(0, len(table.provincial))
    report = national_report(table, years, year_basis, group_by, sort, order, items=every)
    name = file_name("toan-quoc", years.year_from, years.year_to, extension=fmt)
    return await export_response([national_table(report)], fmt, name)


@router.get(
    "/streaks.{fmt}",
    summary="Consecutive years per recipient",
    responses=_DOWNLOAD,
    response_class=StreamingResponse,
)
async def streaks_export(
    principal: CurrentPrincipal,
    reporting: ReportingDep,
    fmt: Format,
    agency: Agency,
    years: OptionalYearsDep,
    code: Annotated[str | None, Query(description="Award code, e.g. CO_THI_DUA_BO.")] = None,
    recipient_kind: Annotated[RecipientKind | None, Query(description="Only these.")] = None,
    min_years: Annotated[int, Query(ge=1, le=100, description="Shortest run listed.")] = 2,
    include_predecessors: IncludePredecessors = False,
) -> StreamingResponse:
    """Every streak ``GET /v1/streaks`` lists (no paging), longest first."""
    require_agency(principal, agency, access="read")
    known_award_code(code, "code")
    scope = await agency_in_scope(reporting, agency, include_predecessors)
    async with connection_for_reads(reporting.engine) as connection:
        found = await agency_streaks(
            connection,
            scope.codes,
            code=code,
            recipient_kind=recipient_kind.value if recipient_kind else None,
            min_years=min_years,
            years=years,
        )
    span = [years.year_from, years.year_to] if years else []
    name = file_name("chuoi-nam-lien", agency, *span, extension=fmt)
    return await export_response([streaks_table(agency, found)], fmt, name)


@router.get(
    "/{form}.{fmt}",
    summary="A statistical form",
    responses=_DOWNLOAD,
    response_class=StreamingResponse,
)
async def form_export(
    form: FormDep, fmt: Format, header: FormHeaderDep, reporting: ReportingDep
) -> StreamingResponse:
    """Form 0601, 0602 or 0603 laid out as Circular 02/2023/TT-BNV prints it, counting its
    reporting period (1 December of the year before to 30 November of ``year``): header block,
    merged column headings, column numbers, rows, notes and signatures; the XLSX prints on A4
    landscape, one page wide. Parameters and permissions as ``GET /v1/forms/{form}``; 404 for
    any other name."""
    async with connection_for_reads(reporting.engine) as connection:
        found = await build_form(connection, form, header)
    name = file_name(f"bieu-{form.value}N", _whose(header), header.year_to, extension=fmt)
    return await export_response([form_table(found)], fmt, name)
