"""The statistical forms of Circular 02/2023/TT-BNV (0601.N, 0602.N, 0603.N) for an agency or
the whole sector and a year."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from services.reporting.api.params import ReportingDep, known_agency
from services.reporting.forms import build_form
from services.reporting.forms.model import FormCode, FormHeader, StatisticalForm
from services.reporting.queries.models import YearBasis
from shared.auth import CurrentPrincipal, require_agency, require_role
from shared.events.vocabulary import AgencyCode
from shared.http.problems import NotFoundProblem

router = APIRouter(prefix="/v1", tags=["forms"])

FormYear = Annotated[int, Query(ge=1945, le=2100, description="The form's year, e.g. 2019.")]
FormAgency = Annotated[
    AgencyCode | None,
    Query(description="Agency code; omit for the whole sector (analysts and admins only)."),
]
FormYearBasis = Annotated[
    YearBasis,
    Query(description="Count awards by achievement year (default) or decision year."),
]


def form_code(
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
    year_basis: FormYearBasis = YearBasis.ACHIEVEMENT,
) -> FormHeader:
    """Whose form and which year: the whole sector needs the analyst or admin role; an
    agency's form, read access to it (its own officers, analysts, admins)."""
    if agency is None:
        require_role(principal, "analyst", "admin")
        return FormHeader(None, year, year, year_basis)
    require_agency(principal, agency, access="read")
    return FormHeader(await known_agency(reporting, agency), year, year, year_basis)


FormDep = Annotated[FormCode, Depends(form_code)]
FormHeaderDep = Annotated[FormHeader, Depends(form_header)]


@router.get("/forms/{form}", summary="A statistical form of Circular 02/2023/TT-BNV")
async def statistical_form(
    form: FormDep, header: FormHeaderDep, reporting: ReportingDep
) -> StatisticalForm:
    """Form 0601.N (campaigns by launching level × scope, duration and form), 0602.N
    (state-level awards) or 0603.N (ministry/province-level awards; both by award × recipient,
    the individuals' position group and the kind of commendation) of an agency, or of the
    whole sector when ``agency`` is omitted, for one year.

    Rows carry a code (mã số), a Vietnamese label and a number per column; each column group
    adds up to the column it is ``part_of`` and each row's children to the row. Revoked awards
    count nowhere. 404 for an unknown form or agency, 422 for a year outside 1945–2100."""
    async with reporting.engine.connect() as connection:
        return await build_form(connection, form, header)
