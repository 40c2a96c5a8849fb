"""Parameters and checks the query routes share: year ranges, agencies, award codes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, NoReturn

from fastapi import Depends, Header, Query, Request
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.bootstrap import Reporting
from services.reporting.queries.agency_stats import registered_agency_period_stats
from services.reporting.queries.common import (
    AgencyScope,
    YearRange,
    agency_scope,
    find_agency,
)
from services.reporting.queries.models import AgencyInfo, AgencyPeriodStats, YearBasis
from shared.database.engine import connection_for_reads
from shared.http.problems import NotFoundProblem, ValidationProblem
from shared.reference.awards import AWARDS, UnknownAwardCode

MAX_YEARS = 50
"""The longest range a query may ask for."""


async def get_reporting(request: Request) -> Reporting:
    reporting: Reporting = request.app.state.reporting
    return reporting


ReportingDep = Annotated[Reporting, Depends(get_reporting)]

FromYear = Annotated[
    int, Query(alias="from", ge=1945, le=2100, description="First year (inclusive), e.g. 2016.")
]
ToYear = Annotated[
    int, Query(alias="to", ge=1945, le=2100, description="Last year (inclusive), e.g. 2020.")
]
OptionalFromYear = Annotated[
    int | None, Query(alias="from", ge=1945, le=2100, description="First year (inclusive).")
]
OptionalToYear = Annotated[
    int | None, Query(alias="to", ge=1945, le=2100, description="Last year (inclusive).")
]


def checked_range(year_from: int, year_to: int) -> YearRange:
    """The range, or a 422 naming ``to`` when it ends before it starts or spans > 50 years."""
    if year_to < year_from:
        _invalid("to", f"'to' ({year_to}) is before 'from' ({year_from})", "range")
    if year_to - year_from >= MAX_YEARS:
        _invalid("to", f"a range may span at most {MAX_YEARS} years", "range")
    return YearRange(year_from, year_to)


async def year_range(year_from: FromYear, year_to: ToYear) -> YearRange:
    return checked_range(year_from, year_to)


async def optional_year_range(
    year_from: OptionalFromYear = None, year_to: OptionalToYear = None
) -> YearRange | None:
    if year_from is None and year_to is None:
        return None
    if year_from is None or year_to is None:
        missing = "from" if year_from is None else "to"
        _invalid(missing, "give both 'from' and 'to', or neither", "missing")
    return checked_range(year_from, year_to)


YearsDep = Annotated[YearRange, Depends(year_range)]
OptionalYearsDep = Annotated[YearRange | None, Depends(optional_year_range)]


def known_award_code(code: str | None, parameter: str) -> str | None:
    """``code`` if the awards catalogue knows it, else a 422 naming ``parameter``."""
    if code is not None and code not in AWARDS:
        _invalid(parameter, str(UnknownAwardCode(code)), "unknown_award_code")
    return code


async def known_agency(reporting: Reporting, agency: str) -> AgencyInfo:
    """The agency if it is registered, else a 404."""
    async with connection_for_reads(reporting.engine) as connection:
        return await _registered(connection, agency)


async def _registered(connection: AsyncConnection, agency: str) -> AgencyInfo:
    found = await find_agency(connection, agency)
    if found is None:
        raise_unknown_agency(agency)
    return found


async def registered_period_stats(
    reporting: Reporting,
    agency: str,
    years: YearRange,
    basis: YearBasis,
    as_of: date,
    include_predecessors: bool,
    *,
    reuse: bool = True,
) -> AgencyPeriodStats:
    """Every count of the registered ``agency`` over ``years`` (else a 404), read with the
    agency in one statement (:func:`registered_agency_period_stats`), or the same answer
    computed earlier while the database is unchanged (unless not to ``reuse`` it)."""

    async def compute() -> AgencyPeriodStats:
        found = await registered_agency_period_stats(
            reporting.engine, agency, years, basis, as_of, include_predecessors=include_predecessors
        )
        if found is None:
            raise_unknown_agency(agency)
        return found

    key = (agency, years, basis, as_of, include_predecessors)
    return await reporting.period_stats.answer(reporting.engine, key, compute, reuse=reuse)


async def reuse_answers(
    cache_control: Annotated[
        str | None,
        Header(
            description="`no-cache` computes the answer anew; otherwise an answer computed "
            "since the last change of the projections may be given."
        ),
    ] = None,
) -> bool:
    """Whether an answer computed earlier, with the database unchanged since, may be given:
    not when the request says ``Cache-Control: no-cache`` (or ``no-store``, ``max-age=0``)."""
    directives = {part.strip().lower() for part in (cache_control or "").split(",")}
    return not directives & {"no-cache", "no-store", "max-age=0"}


ReuseDep = Annotated[bool, Depends(reuse_answers)]


def raise_unknown_agency(agency: str) -> NoReturn:
    """404: ``agency`` is not registered (no ``AgencyRegistered`` of it arrived)."""
    raise NotFoundProblem(f"unknown agency {agency!r}: no registration of it has been received")


IncludePredecessors = Annotated[
    bool,
    Query(
        description="Count under the agency the history of the agencies it continues "
        "(merged into it, transitively) for the period; the answer lists the agencies counted."
    ),
]


async def agency_in_scope(
    reporting: Reporting, agency: str, include_predecessors: bool
) -> AgencyScope:
    """The registered agency (else a 404) and whose history its answer counts (its
    predecessors read only if it has any)."""
    async with connection_for_reads(reporting.engine) as connection:
        info = await _registered(connection, agency)
        return await agency_scope(connection, info, include_predecessors)


def _invalid(parameter: str, message: str, kind: str) -> NoReturn:
    raise ValidationProblem([{"loc": ("query", parameter), "msg": message, "type": kind}])
