"""One agency's awards over a range of years, from ``award_counts`` and
``award_recipient_firsts`` (rows per dimension and year: the cost grows with neither events
nor recipients).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.tables import award_counts, award_recipient_firsts
from services.reporting.queries.common import YearRange, award_name
from services.reporting.queries.models import (
    AwardBreakdownRow,
    AwardSummary,
    YearBasis,
    YearCount,
)
from shared.reference.awards import AWARDS

_CLASS_OF_KIND = {
    "unit": "collective",
    "agency": "collective",
    "member": "individual",
    "household": "household",
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
    """collective (units, the agency), individual (members) or household."""
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


async def agency_awards(
    connection: AsyncConnection, agency: str, years: YearRange, basis: YearBasis
) -> PeriodAwards:
    """The agency's live awards of ``years`` (achievement or decision years)."""
    year = award_counts.c.year if basis is YearBasis.ACHIEVEMENT else award_counts.c.decision_year
    columns = [award_counts.c[name] for name in _DIMENSIONS]
    query = (
        select(year.label("year"), *columns, func.sum(award_counts.c.awards).label("awards"))
        .where(award_counts.c.agency == agency, year.between(years.year_from, years.year_to))
        .group_by(year, *columns)
    )
    rows = [_Counted(*row) for row in (await connection.execute(query)).tuples() if row[-1]]
    recipients = None
    if basis is YearBasis.ACHIEVEMENT:
        recipients = await distinct_recipients(connection, agency, years)
    return _summarised(rows, recipients)


async def distinct_recipients(
    connection: AsyncConnection, agency: str, years: YearRange
) -> Counter[tuple[str, str]]:
    """Distinct recipients holding a live award, by (award code, recipient class).

    Each recipient counts at its first held year in the range (see
    :mod:`services.reporting.projections.recipient_firsts`).
    """
    table = award_recipient_firsts
    query = (
        select(table.c.award_code, table.c.recipient_kind, func.sum(table.c.recipients))
        .where(
            table.c.agency == agency,
            table.c.year.between(years.year_from, years.year_to),
            table.c.previous_year < years.year_from,
        )
        .group_by(table.c.award_code, table.c.recipient_kind)
    )
    counted: Counter[tuple[str, str]] = Counter()
    for code, kind, recipients in (await connection.execute(query)).all():
        counted[code, recipient_class(kind)] += int(recipients)
    return counted


class _Counted(NamedTuple):
    """One row of the awards query: a year, the dimensions, the live awards."""

    year: int
    award_code: str
    level_class: str
    recipient_kind: str
    position_group: str
    commendation_kind: str
    granting_level: str
    awards: int


def _summarised(
    rows: Sequence[_Counted], recipients: Counter[tuple[str, str]] | None
) -> PeriodAwards:
    breakdown: Counter[tuple[str, ...]] = Counter()
    by_code: defaultdict[str, Counter[str]] = defaultdict(Counter)
    by_code_year: defaultdict[str, Counter[int]] = defaultdict(Counter)
    level_of: dict[str, str] = {}
    for row in rows:
        breakdown[row[1:-1]] += row.awards
        by_code[row.award_code][recipient_class(row.recipient_kind)] += row.awards
        if row.recipient_kind == "agency":
            by_code[row.award_code]["agency_itself"] += row.awards
        by_code_year[row.award_code][row.year] += row.awards
        level_of[row.award_code] = row.level_class
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
        breakdown=[_breakdown_row(key, n) for key, n in sorted(breakdown.items()) if n],
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


def _breakdown_row(key: tuple[str, ...], awards: int) -> AwardBreakdownRow:
    values = dict(zip(_DIMENSIONS, key, strict=True))
    return AwardBreakdownRow(
        award_code=values["award_code"],
        level_class=values["level_class"],
        recipient_kind=values["recipient_kind"],
        position_group=values["position_group"] or None,
        commendation_kind=values["commendation_kind"],
        granting_level=values["granting_level"],
        awards=awards,
    )
