"""A statistical form as an export table, laid out as Circular 02/2023/TT-BNV prints it.

Above the grid: the header block (Biểu số …/BNV-TĐKT, the circular, Ngày nhận báo cáo on the
left; Đơn vị báo cáo, Đơn vị nhận báo cáo on the right), the title, the year and the period it
counts. The grid: A (the row's label), B Mã số, C Đơn vị tính (forms 0602.N, 0603.N) and the
form's columns under their merged headings, then the column-numbering row (A, B, C, 1, 2…).
Below it: the notes, and the signature block (Người lập biểu, Thủ trưởng đơn vị). One sheet
per form, printed A4 landscape, fit to the page's width.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from services.reporting.exports.table import Cell, Column, HeadingCell, Line, Part, Style, Table
from services.reporting.forms.model import FormColumn, StatisticalForm

_PLACE_AND_DATE = "……, ngày … tháng … năm ……"
_INDENT = "    "


def period_label(year_from: int, year_to: int) -> str:
    """ "năm 2019" or "giai đoạn 2016 – 2020"."""
    if year_from == year_to:
        return f"năm {year_from}"
    return f"giai đoạn {year_from} – {year_to}"


def form_table(form: StatisticalForm) -> Table:
    """The form as a printable table."""
    leading = _leading(form)
    columns = [Column(label) for label, _ in leading]
    columns += [Column(c.label, " – ".join(c.headings) or None) for c in form.columns]
    width = len(columns)
    return Table(
        name=f"Biểu {form.form}",
        title=f"Biểu {form.form}: {form.title}",
        columns=columns,
        rows=[_cells(form, row_index) for row_index in range(len(form.rows))],
        frozen_columns=len(leading),
        strong_rows=frozenset(i for i, r in enumerate(form.rows) if r.code in (None, "01")),
        above=_above(form, width),
        headings=list(headings([label for label, _ in leading], form.columns)),
        numbering=[number for _, number in leading] + [c.number for c in form.columns],
        below=_below(form, width),
        printed=True,
    )


def _leading(form: StatisticalForm) -> list[tuple[str, str]]:
    found = [("Chỉ tiêu", "A"), ("Mã số", "B")]
    return found if form.unit else [*found, ("Đơn vị tính", "C")]


def _cells(form: StatisticalForm, index: int) -> list[Cell]:
    row = form.rows[index]
    leading: list[Cell] = [_INDENT * row.indent + row.label, row.code]
    if not form.unit:
        leading.append(row.unit)
    return [*leading, *(row.values.get(c.key) for c in form.columns)]


def headings(leading: Sequence[str], columns: Sequence[FormColumn]) -> Iterator[HeadingCell]:
    """The merged headings: the leading columns over every heading row; each form column's
    headings (outermost first) then its label, neighbours with the same path sharing a cell,
    the label reaching down to the last heading row."""
    paths = [[*c.headings, c.label] for c in columns]
    depth = max(len(path) for path in paths)
    for index, label in enumerate(leading):
        yield HeadingCell(label, 0, index, rows=depth)
    for level in range(depth):
        start = 0
        while start < len(paths):
            end = start + 1
            while end < len(paths) and _same(paths[start], paths[end], level):
                end += 1
            path = paths[start]
            if level < len(path):
                rows = depth - level if level == len(path) - 1 else 1
                yield HeadingCell(path[level], level, len(leading) + start, rows, end - start)
            start = end


def _same(one: list[str], other: list[str], level: int) -> bool:
    """Whether two columns share their heading cell at ``level``."""
    leaf = len(one) - 1 == level
    return (
        len(one) > level
        and len(other) > level
        and not leaf
        and len(other) - 1 != level
        and one[: level + 1] == other[: level + 1]
    )


def _above(form: StatisticalForm, width: int) -> list[Line]:
    left = max(2, width // 2)
    return [
        [Part(form.form_code, left, Style.BOLD), Part(f"Đơn vị báo cáo: {form.reporting_unit}", 0)],
        [Part(form.legal_basis, left), Part(f"Đơn vị nhận báo cáo: {form.receiving_unit}", 0)],
        [Part(f"Ngày nhận báo cáo: {form.received_on}", left)],
        [],
        [Part(form.title, 0, Style.TITLE, centred=True)],
        [Part(period_label(form.year_from, form.year_to).capitalize(), 0, Style.BOLD, True)],
        [Part(_period(form), 0, Style.ITALIC, centred=True)],
        [Part(f"Đơn vị tính: {form.unit}" if form.unit else "", 0, Style.ITALIC)],
    ]


def _period(form: StatisticalForm) -> str:
    return f"({form.basis}: từ ngày {form.period_from:%d/%m/%Y} đến ngày {form.period_to:%d/%m/%Y})"


def _below(form: StatisticalForm, width: int) -> list[Line]:
    left = max(2, width // 2)
    notes: list[Line] = [[Part("Ghi chú:", 0, Style.BOLD)]] if form.notes else []
    notes += [[Part(f"- {note}", 0)] for note in form.notes]
    first, second = form.signatures
    return [
        [],
        *notes,
        [Part("", left), Part(_PLACE_AND_DATE, 0, Style.ITALIC, centred=True)],
        [Part(first.role, left, Style.BOLD, True), Part(second.role, 0, Style.BOLD, True)],
        [Part(first.note, left, Style.ITALIC, True), Part(second.note, 0, Style.ITALIC, True)],
    ]
