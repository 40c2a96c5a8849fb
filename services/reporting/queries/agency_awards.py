"""One agency's awards over a range of years, from ``award_counts``, ``award_totals`` and
``award_recipient_firsts`` (rows per dimension and year: the cost grows with neither events
nor recipients).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import CompoundSelect, Integer, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.tables import (
    award_counts,
    award_recipient_firsts,
    award_recipients_by_year,
    award_totals,
)
from services.reporting.queries.common import YearRange, award_name
from services.reporting.queries.models import (
    AwardBreakdownRow,
    AwardSummary,
    YearBasis,
    YearCount,
)
from services.reporting.queries.together import (
    CODES,
    YEAR_FROM,
    YEAR_TO,
    range_parameters,
)
from shared.database.together import Query, Rows, Together
from shared.reference.awards import AWARDS

_CLASS_OF_KIND = {
    "unit": "collective",
    "agency": "collective",
    "member": "individual",
    "household": "household",
    "enterprise": "collective",
}
_DIMENSIONS = (
    "award_code",
    "level_class",
    "recipient_kind",
    "position_group",
    "commendation_kind",
    "granting_level",
)
_CATALOGUE_ORDER = {code: index for index, code in enumerate(AWARDS)}


def recipient_class(kind: str) -> str:
    """collective (units, the agency, enterprises), individual (members) or household."""
    return _CLASS_OF_KIND.get(kind, "collective")


def code_order(code: str) -> tuple[int, str]:
    """Catalogue order; codes the catalogue does not know come last, by code."""
    return _CATALOGUE_ORDER.get(code, len(_CATALOGUE_ORDER)), code


@dataclass(frozen=True)
class PeriodAwards:
    total: int
    by_level_class: dict[str, int]
    summaries: list[AwardSummary]
    breakdown: list[AwardBreakdownRow]


@cache
def award_queries(basis: YearBasis, several: bool) -> dict[str, Query]:
    """The awards by dimension (a GROUP BY of ``award_counts``), then by code and year with
    the distinct recipients (one read of ``award_totals`` and ``award_recipient_firsts``,
    :func:`award_year_totals`; across ``several`` agencies, :func:`_across_agencies`) or, by
    decision year, a GROUP BY of ``award_counts``; over the parameters of
    :mod:`~services.reporting.queries.together`."""
    t = award_counts
    year = t.c.year if basis is YearBasis.ACHIEVEMENT else t.c.decision_year
    in_range = (t.c.agency.in_(CODES), year.between(YEAR_FROM, YEAR_TO))
    dimensions = [t.c[name] for name in _DIMENSIONS]
    awards = func.sum(t.c.awards)
    queries: dict[str, Query] = {
        "award_breakdown": select(*dimensions, awards).where(*in_range).group_by(*dimensions)
    }
    if basis is YearBasis.ACHIEVEMENT:
        queries["award_year_totals"] = _ACROSS_AGENCIES if several else _YEAR_TOTALS
    else:
        by_year = select(t.c.award_code, year, awards).where(*in_range)
        queries["award_code_years"] = by_year.group_by(t.c.award_code, year)
    return queries


def awards_from(parts: dict[str, Rows]) -> PeriodAwards:
    """The awards of the rows of :func:`award_queries`."""
    breakdown = [_Counted._make(row) for row in parts["award_breakdown"] if row[-1]]
    if "award_year_totals" in parts:
        totals = _year_totals_from(parts["award_year_totals"])
        code_years = [(code, y, n) for code, _, y, n in totals.by_year]
        return _summarised(breakdown, code_years, totals.recipients)
    code_years = [(code, y, n) for code, y, n in parts["award_code_years"] if n]
    return _summarised(breakdown, code_years, None)


async def agency_awards(
    connection: AsyncConnection, codes: Sequence[str], years: YearRange, basis: YearBasis
) -> PeriodAwards:
    """The live awards of ``years`` (achievement or decision years) of the agencies
    ``codes`` together (an agency, or an agency and its predecessors), read in one statement
    (:func:`award_queries`). The database sums, Python only arranges a hundred-odd rows."""
    statement = _alone(basis, len(codes) > 1)
    return awards_from(await statement.read(connection, range_parameters(codes, years)))


@cache
def _alone(basis: YearBasis, several: bool) -> Together:
    return Together(award_queries(basis, several))


@dataclass(frozen=True)
class AwardYearTotals:
    """The agency's live awards by achievement year and its distinct recipients."""

    by_year: list[tuple[str, str, int, int]]
    """(award code, recipient kind, achievement year, live awards), nonzero ones only."""
    recipients: Counter[tuple[str, str]]
    """Distinct recipients holding a live award by (award code, recipient class): each counts
    at its first held year in the range (see
    :mod:`services.reporting.projections.recipient_firsts`)."""


# The statements are built once: building one per call costs more than running it.
_firsts = award_recipient_firsts
_FIRSTS_IN_RANGE = (
    _firsts.c.agency.in_(CODES),
    _firsts.c.year.between(YEAR_FROM, YEAR_TO),
    _firsts.c.previous_year < YEAR_FROM,
)
"""Each recipient at its first held year in the range (a held year in the range, the one
before it earlier than the range)."""
_FIRSTS_BY_KIND = (_firsts.c.award_code, _firsts.c.recipient_kind)

_TOTALS, _RECIPIENTS = 0, 1
"""Which part of ``_YEAR_TOTALS`` a row comes from."""
_totals = award_totals
_YEAR_TOTALS = union_all(
    select(
        literal(_TOTALS, Integer).label("part"),
        _totals.c.award_code,
        _totals.c.recipient_kind,
        _totals.c.year,
        _totals.c.awards,
    ).where(_totals.c.agency.in_(CODES), _totals.c.year.between(YEAR_FROM, YEAR_TO)),
    select(
        literal(_RECIPIENTS, Integer),
        *_FIRSTS_BY_KIND,
        literal(0, Integer),
        func.sum(_firsts.c.recipients),
    )
    .where(*_FIRSTS_IN_RANGE)
    .group_by(*_FIRSTS_BY_KIND),
)


async def award_year_totals(
    connection: AsyncConnection, codes: Sequence[str], years: YearRange
) -> AwardYearTotals:
    """Awards by code, recipient kind and achievement year, and the distinct recipients, of
    ``years``: for one agency one statement, ``award_totals`` rows (already at this grain)
    UNION ALL the summed ``award_recipient_firsts``; for several, the recipients are counted
    across them (:func:`_across_agencies`)."""
    statement = _YEAR_TOTALS if len(codes) == 1 else _ACROSS_AGENCIES
    result = await connection.execute(statement, range_parameters(codes, years))
    return _year_totals_from(result.tuples().all())


def _year_totals_from(rows: Iterable[Sequence[Any]]) -> AwardYearTotals:
    by_year: list[tuple[str, str, int, int]] = []
    counted: Counter[tuple[str, str]] = Counter()
    for part, code, kind, year, count in rows:
        if part == _RECIPIENTS:
            counted[code, recipient_class(kind)] += int(count)
        elif count:
            by_year.append((code, kind, year, count))
    return AwardYearTotals(by_year=by_year, recipients=counted)


def _across_agencies() -> CompoundSelect[Any]:
    """``_YEAR_TOTALS`` for several agencies: a recipient that held an award under a
    predecessor and under its successor (a member moved by a merger) is one recipient, so
    the distinct ones are counted from ``award_recipients_by_year``, where each agency's
    ``award_recipient_firsts`` would count it once per agency."""
    t, r = award_totals, award_recipients_by_year
    totals = select(
        literal(_TOTALS, Integer), t.c.award_code, t.c.recipient_kind, t.c.year, t.c.awards
    ).where(t.c.agency.in_(CODES), t.c.year.between(YEAR_FROM, YEAR_TO))
    distinct = (
        select(
            literal(_RECIPIENTS, Integer),
            r.c.award_code,
            r.c.recipient_kind,
            literal(0, Integer),
            func.count(func.distinct(r.c.recipient_id)),
        )
        .where(
            r.c.agency.in_(CODES),
            r.c.year.between(YEAR_FROM, YEAR_TO),
            r.c.awards > 0,
        )
        .group_by(r.c.award_code, r.c.recipient_kind)
    )
    return union_all(totals, distinct)


_ACROSS_AGENCIES = _across_agencies()


class _Counted(NamedTuple):
    """One row of the breakdown: the dimensions and their live awards over the range."""

    award_code: str
    level_class: str
    recipient_kind: str
    position_group: str
    commendation_kind: str
    granting_level: str
    awards: int


def _summarised(
    breakdown: Sequence[_Counted],
    code_years: Sequence[tuple[str, int, int]],
    recipients: Counter[tuple[str, str]] | None,
) -> PeriodAwards:
    by_code: defaultdict[str, Counter[str]] = defaultdict(Counter)
    by_code_year: defaultdict[str, Counter[int]] = defaultdict(Counter)
    level_of: dict[str, str] = {}
    for row in breakdown:
        by_code[row.award_code][recipient_class(row.recipient_kind)] += row.awards
        if row.recipient_kind == "agency":
            by_code[row.award_code]["agency_itself"] += row.awards
        level_of[row.award_code] = row.level_class
    for code, year, awards in code_years:
        by_code_year[code][year] += awards
    summaries = [
        _summary(code, level_of[code], by_code[code], by_code_year[code], recipients)
        for code in sorted(by_code, key=code_order)
    ]
    by_level: Counter[str] = Counter()
    for summary in summaries:
        by_level[summary.level_class] += summary.awards
    return PeriodAwards(
        total=sum(by_level.values()),
        by_level_class=dict(by_level),
        summaries=summaries,
        breakdown=[_breakdown_row(row) for row in sorted(breakdown)],
    )


def _summary(
    code: str,
    level: str,
    classes: Counter[str],
    years: Counter[int],
    recipients: Counter[tuple[str, str]] | None,
) -> AwardSummary:
    def distinct(class_: str) -> int | None:
        return recipients[code, class_] if recipients is not None else None

    return AwardSummary(
        award_code=code,
        name_vi=award_name(code),
        level_class=level,
        awards=classes["collective"] + classes["individual"] + classes["household"],
        collective=classes["collective"],
        individual=classes["individual"],
        household=classes["household"],
        agency_itself=classes["agency_itself"],
        recipients_collective=distinct("collective"),
        recipients_individual=distinct("individual"),
        recipients_household=distinct("household"),
        by_year=[YearCount(year=y, count=n) for y, n in sorted(years.items()) if n],
    )


def _breakdown_row(row: _Counted) -> AwardBreakdownRow:
    return AwardBreakdownRow(
        award_code=row.award_code,
        level_class=row.level_class,
        recipient_kind=row.recipient_kind,
        position_group=row.position_group or None,
        commendation_kind=row.commendation_kind,
        granting_level=row.granting_level,
        awards=row.awards,
    )
