"""A statistical form as an export table: Mã số, Chỉ tiêu, then its columns under their group
headings; one sheet per form, the total and group rows in bold."""

from __future__ import annotations

from services.reporting.exports.table import Cell, Column, Table
from services.reporting.forms.model import StatisticalForm
from services.reporting.queries.models import YearBasis

_BASIS = {
    YearBasis.ACHIEVEMENT: "tính theo năm đạt thành tích",
    YearBasis.DECISION: "tính theo năm ký quyết định",
}


def period_label(year_from: int, year_to: int) -> str:
    """ "năm 2019" or "giai đoạn 2016 – 2020"."""
    if year_from == year_to:
        return f"năm {year_from}"
    return f"giai đoạn {year_from} – {year_to}"


def form_table(form: StatisticalForm) -> Table:
    """The form's grid with its title and header lines."""
    columns = [Column("Mã số"), Column("Chỉ tiêu")]
    columns += [Column(column.label, column.group) for column in form.columns]
    rows: list[list[Cell]] = [
        [row.code, row.label, *(row.values[column.key] for column in form.columns)]
        for row in form.rows
    ]
    parents = {row.part_of for row in form.rows}
    return Table(
        name=f"Biểu {form.form}",
        title=f"Biểu {form.form}: {form.title}",
        subtitle=_subtitle(form),
        columns=columns,
        rows=rows,
        frozen_columns=2,
        strong_rows=frozenset(i for i, row in enumerate(form.rows) if row.code in parents),
    )


def _subtitle(form: StatisticalForm) -> str:
    parts = [
        f"Đơn vị báo cáo: {form.reporting_unit}",
        period_label(form.year_from, form.year_to),
        f"đơn vị tính: {form.unit.lower()}",
    ]
    if form.unit == "Lượt":
        parts.append(_BASIS[form.year_basis])
    return "; ".join(parts) + f" ({form.legal_basis})"
