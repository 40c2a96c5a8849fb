"""The statistical forms of Circular 02/2023/TT-BNV (0601.N, 0602.N, 0603.N) for an agency or
the whole sector and a year: each counts what was decided within its reporting period,
1 December of the year before to 30 November of the year
(``services/reporting/forms/period.py``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from services.reporting.api.params import ReportingDep, agency_in_scope
from services.reporting.forms import build_form
from services.reporting.forms.model import FormCode, FormHeader, StatisticalForm
from shared.auth import CurrentPrincipal, require_agency, require_role
from shared.database.engine import connection_for_reads
from shared.events.vocabulary import AgencyCode
from shared.http.problems import NotFoundProblem

router = APIRouter(prefix="/v1", tags=["forms"])

FormYear = Annotated[int, Query(ge=1945, le=2100, description="The form's year, e.g. 2019.")]
FormAgency = Annotated[
    AgencyCode | None,
    Query(description="Agency code; omit for the whole sector (analysts and admins only)."),
]
FormReceiver = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=200,
        description="Đơn vị nhận báo cáo; by default the ministry's emulation department for "
        "an agency's form, the central council for the sector's.",
    ),
]


async def form_code(
    form: Annotated[str, Path(description="Form number: 0601, 0602 or 0603.")],
) -> FormCode:
    """The form named in the path (``0602`` or ``0602.N``), or a 404."""
    try:
        return FormCode(form.removesuffix(".N"))
    except ValueError:
        known = ", ".join(code.value for code in FormCode)
        raise NotFoundProblem(f"unknown form {form!r}; the forms are {known}") from None


async def form_header(
    principal: CurrentPrincipal,
    reporting: ReportingDep,
    year: FormYear,
    agency: FormAgency = None,
    receiving_unit: FormReceiver = None,
    include_predecessors: Annotated[
        bool,
        Query(
            description="An agency's form: count the history of the agencies it continues "
            "(merged into it) too; a note says which were counted."
        ),
    ] = False,
) -> FormHeader:
    """Whose form and which year: the whole sector needs the analyst or admin role; an
    agency's form, read access to it (its own officers, analysts, admins)."""
    if agency is None:
        require_role(principal, "analyst", "admin")
        return FormHeader(None, year, year, receiving_unit)
    require_agency(principal, agency, access="read")
    scope = await agency_in_scope(reporting, agency, include_predecessors)
    return FormHeader(scope.agency, year, year, receiving_unit, scope=scope)


FormDep = Annotated[FormCode, Depends(form_code)]
FormHeaderDep = Annotated[FormHeader, Depends(form_header)]


@router.get("/forms/{form}", summary="A statistical form of Circular 02/2023/TT-BNV")
async def statistical_form(
    form: FormDep, header: FormHeaderDep, reporting: ReportingDep
) -> StatisticalForm:
    """Form 0601.N (campaigns), 0602.N (state-level awards) or 0603.N (ministry- and
    province-level awards) of an agency, or of the whole sector when ``agency`` is omitted,
    laid out as Circular 02/2023/TT-BNV lays it out: header block, rows with their codes (mã
    số), columns with their headings and numbers (A, B, C, 1, 2…), notes and signatures.

    **Year basis.** The form of ``year`` counts its reporting period, 1 December of the year
    before to 30 November of ``year`` (the circular's "thời kỳ báo cáo" for emulation and
    commendation): awards whose decision was signed within it (yearly titles for the year
    before, signed early in ``year``, are in this form), campaigns started within it. Counting
    by achievement year stays available in ``GET /v1/agencies/{agency}/stats`` and
    ``GET /v1/national`` (``year_basis=achievement``).

    Each column but the total adds up to the total; each section of rows ("1. Chia theo …")
    adds up to the row it is ``part_of`` ("trong đó" rows, ``adds_up`` false, may add up to
    less). Revoked awards count nowhere. 404 for an unknown form or agency, 422 for a year
    outside 1945–2100."""
    async with connection_for_reads(reporting.engine) as connection:
        return await build_form(connection, form, header)
