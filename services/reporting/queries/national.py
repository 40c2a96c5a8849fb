"""The national view: sums per agency from the counter tables, grouped by agency or province.

Each counter table is read once, grouped by agency (rows per agency × dimension: the cost
grows with agencies and years, not with events); grouping, sorting and paging happen here.

**Across the 2025 reorganisation** each agency's history goes to exactly one row, so the
totals by agency, by the 63 and by the 34 are the same sums. By the 34, a department goes
to the province of the agency that continues it today (its last successor, else its own
province's successor on the 34 list): a merged department's years before the merger are
rolled into its successor's row, and a continued one (Hà Nội, 01 on both lists) is one agency
under one row. By the 63, a department of the 63 list stays under its 63-list code, a
continued one included (same territory, same history); an agency established on the 34 list
(a successor) is set apart (``post_merger``), never under a 63-list code.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, Table, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.dimensions import level_class
from services.reporting.projections.proposals import PENDING
from services.reporting.projections.registrations import LIVE
from services.reporting.projections.tables import (
    award_counts,
    award_totals,
    campaign_counts,
    initiative_counts,
    proposal_counts,
    registration_counts,
)
from services.reporting.queries.agency_awards import code_order, recipient_class
from services.reporting.queries.common import YearRange, all_agencies
from services.reporting.queries.lineage import by_code, last_successor
from services.reporting.queries.models import AgencyInfo, YearBasis
from services.reporting.queries.national_models import (
    COUNT_COLUMNS,
    GroupBy,
    NationalColumn,
    NationalReport,
    NationalRow,
    Order,
)
from services.reporting.queries.together import (
    FIRST_DAY,
    LAST_DAY,
    YEAR_FROM,
    YEAR_TO,
    range_parameters,
)
from shared.database.together import Rows, Together
from shared.reference.provinces import provinces_2008, provinces_2025

Metrics = Counter[str]
"""Counts of one agency: column names, and ``code:<award code>`` per award code."""

UNKNOWN_PROVINCE = "unknown"


@dataclass(frozen=True)
class NationalTable:
    provincial: list[NationalRow]
    ministry_units: list[NationalRow]
    post_merger: list[NationalRow]
    """Grouped by the 63 provinces: departments of the 34-province list, one row each."""


async def national_table(
    connection: AsyncConnection, years: YearRange, basis: YearBasis, group_by: GroupBy
) -> NationalTable:
    """Every agency's counts for ``years``, provincial ones grouped by ``group_by``."""
    metrics = await agency_metrics(connection, years, basis)
    known = await all_agencies(connection)
    ministry = [a for a in known if a.kind == "ministry_unit"]
    provincial = [a for a in known if a.kind != "ministry_unit"]
    post_merger: list[AgencyInfo] = []
    if group_by is GroupBy.PROVINCE63:  # a 34-list code must not stand in a 63-list column
        post_merger = [a for a in provincial if _established_on_34(a)]
        provincial = [a for a in provincial if not _established_on_34(a)]
    return NationalTable(
        provincial=_grouped(provincial, metrics, group_by, by_code(known)),
        ministry_units=[_row(a.agency_code, a.name, a, [a], metrics) for a in ministry],
        post_merger=[_row(a.agency_code, a.name, a, [a], metrics) for a in post_merger],
    )


async def agency_metrics(
    connection: AsyncConnection, years: YearRange, basis: YearBasis
) -> defaultdict[str, Metrics]:
    """Every agency's counts over ``years``: each counter table summed by agency, all in one
    statement (:mod:`~services.reporting.queries.together`)."""
    parameters = range_parameters((), years)
    parts = await _metrics_statement(basis).read(connection, parameters)
    metrics: defaultdict[str, Metrics] = defaultdict(Counter)
    for agency, n in parts["campaigns"]:
        metrics[agency]["campaigns"] += n
    _add_awards(metrics, parts["awards"])
    for agency, n in parts["registrations"]:
        metrics[agency]["registrations"] += n
    for agency, stage, n in parts["initiatives"]:
        metrics[agency][f"initiatives_{stage}"] += n
    for agency, state, n in parts["proposals"]:
        metrics[agency]["proposals_submitted"] += n
        if state in PENDING:
            metrics[agency]["proposals_pending"] += n
    return metrics


@cache
def _metrics_statement(basis: YearBasis) -> Together:
    span = (YEAR_FROM, YEAR_TO)
    t = campaign_counts
    campaigns = select(t.c.agency, func.sum(t.c.campaigns)).where(t.c.year.between(*span))
    r = registration_counts
    registrations = select(r.c.agency, func.sum(r.c.registrations))
    registrations = registrations.where(r.c.year.between(*span), r.c.status.in_(LIVE))
    i = initiative_counts
    initiatives = select(i.c.agency, i.c.stage, func.sum(i.c.initiatives))
    initiatives = initiatives.where(i.c.year.between(*span))
    p = proposal_counts
    proposals = select(p.c.agency, p.c.state, func.sum(p.c.proposals))
    proposals = proposals.where(p.c.submitted_on.between(FIRST_DAY, LAST_DAY))
    return Together(
        {
            "campaigns": campaigns.group_by(t.c.agency),
            "awards": _awards_query(basis),
            "registrations": registrations.group_by(r.c.agency),
            "initiatives": initiatives.group_by(i.c.agency, i.c.stage),
            "proposals": proposals.group_by(p.c.agency, p.c.state),
        }
    )


def _awards_query(basis: YearBasis) -> Select[Any]:
    """Awards by agency, recipient kind and code: by achievement year from ``award_totals``
    (already at that grain, a fraction of ``award_counts``' rows), by decision year from
    ``award_counts``. The level class is the code's (:func:`level_class`)."""
    t: Table = award_totals if basis is YearBasis.ACHIEVEMENT else award_counts
    year = t.c.year if basis is YearBasis.ACHIEVEMENT else t.c.decision_year
    dimensions = (t.c.agency, t.c.recipient_kind, t.c.award_code)
    return (
        select(*dimensions, func.sum(t.c.awards))
        .where(year.between(YEAR_FROM, YEAR_TO))
        .group_by(*dimensions)
    )


def _add_awards(metrics: dict[str, Metrics], rows: Rows) -> None:
    for agency, kind, code, n in rows:
        counts = metrics[agency]
        counts["awards"] += n
        counts[_level_column(code)] += n
        counts[f"awards_{recipient_class(kind)}"] += n
        counts[f"code:{code}"] += n


@cache
def _level_column(code: str) -> str:
    return f"awards_{level_class(code).value}"


def _established_on_34(agency: AgencyInfo) -> bool:
    return agency.province_code_63 is None and agency.province_list == "34"


def _grouped(
    provincial: list[AgencyInfo],
    metrics: dict[str, Metrics],
    group_by: GroupBy,
    known: Mapping[str, AgencyInfo],
) -> list[NationalRow]:
    if group_by is GroupBy.AGENCY:
        return [_row(a.agency_code, a.name, a, [a], metrics) for a in provincial]
    target = "63" if group_by is GroupBy.PROVINCE63 else "34"
    members: defaultdict[tuple[str, str], list[AgencyInfo]] = defaultdict(list)
    for province in _provinces(target):
        members[target, province] = []
    for agency in provincial:
        members[_province_of(agency, target, known)].append(agency)
    return [
        _province_row(list_, code, agencies, metrics) for (list_, code), agencies in members.items()
    ]


def _provinces(list_: str) -> Iterable[str]:
    return provinces_2008() if list_ == "63" else provinces_2025()


def _province_of(
    agency: AgencyInfo, target: str, known: Mapping[str, AgencyInfo]
) -> tuple[str, str]:
    """(list, code) of the agency's row on ``target`` (see the module docstring)."""
    if target == "63":
        code = agency.province_code_63
    else:
        code = last_successor(agency, known).province_code_34 or agency.province_code_34
    return ("", UNKNOWN_PROVINCE) if code is None else (target, code)


def _province_row(
    list_: str, code: str, agencies: list[AgencyInfo], metrics: dict[str, Metrics]
) -> NationalRow:
    name = None
    if list_ == "63":
        name = provinces_2008()[code].name
    elif list_ == "34":
        name = provinces_2025()[code].name
    row = _row(code, name, None, agencies, metrics)
    return row.model_copy(
        update={"province_code": code if list_ else None, "province_list": list_ or None}
    )


def _row(
    key: str,
    name: str | None,
    agency: AgencyInfo | None,
    agencies: list[AgencyInfo],
    metrics: dict[str, Metrics],
) -> NationalRow:
    counts: Metrics = Counter()
    for member in agencies:
        counts.update(metrics.get(member.agency_code, Counter()))
    return _with_counts(
        NationalRow(
            key=key,
            name=name,
            province_code=agency.province_code if agency else None,
            province_list=agency.province_list if agency else None,
            agencies=[a.agency_code for a in agencies],
        ),
        counts,
    )


def _with_counts(row: NationalRow, counts: Metrics) -> NationalRow:
    by_code = {k.removeprefix("code:"): n for k, n in counts.items() if k.startswith("code:") and n}
    ordered = dict(sorted(by_code.items(), key=lambda item: code_order(item[0])))
    values = {column: counts[column] for column in COUNT_COLUMNS}
    return row.model_copy(update={**values, "awards_by_code": ordered})


def total_row(key: str, name: str, rows: Iterable[NationalRow]) -> NationalRow:
    """The sum of ``rows``."""
    counts: Metrics = Counter()
    agencies: list[str] = []
    for row in rows:
        agencies += row.agencies
        counts.update({column: getattr(row, column) for column in COUNT_COLUMNS})
        counts.update({f"code:{code}": n for code, n in row.awards_by_code.items()})
    empty = NationalRow(
        key=key, name=name, province_code=None, province_list=None, agencies=agencies
    )
    return _with_counts(empty, counts)


def sorted_rows(rows: list[NationalRow], column: NationalColumn, order: Order) -> list[NationalRow]:
    """``rows`` sorted by ``column``, ties by key ascending; rows without a name sort last."""

    def value(row: NationalRow) -> int | str:
        if column is NationalColumn.NAME:
            return row.name or "\uffff"
        if column is NationalColumn.KEY:
            return row.key
        return int(getattr(row, column.value))

    by_key = sorted(rows, key=lambda row: row.key)
    return sorted(by_key, key=value, reverse=order is Order.DESC)


def national_report(
    table: NationalTable,
    years: YearRange,
    basis: YearBasis,
    group_by: GroupBy,
    sort: NationalColumn,
    order: Order,
    *,
    items: slice,
) -> NationalReport:
    """The table sorted, with totals, and the ``items`` slice of the provincial rows."""
    provincial = sorted_rows(table.provincial, sort, order)
    ministry = sorted_rows(table.ministry_units, sort, order)
    post_merger = sorted_rows(table.post_merger, sort, order)
    totals = total_row("total", "Tổng cộng các tỉnh, thành phố", [*provincial, *post_merger])
    ministry_total = total_row("ministry_total", "Tổng cộng các đơn vị thuộc Bộ", ministry)
    return NationalReport(
        year_from=years.year_from,
        year_to=years.year_to,
        year_basis=basis,
        group_by=group_by,
        sort=sort,
        order=order,
        items=provincial[items],
        total=len(provincial),
        limit=items.stop - items.start,
        offset=items.start,
        post_merger_agencies=post_merger,
        totals=totals,
        ministry_units=ministry,
        ministry_units_total=ministry_total,
        grand_total=total_row("grand_total", "Tổng cộng", [totals, ministry_total]),
    )
