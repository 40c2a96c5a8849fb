"""The shared model of a form: counted things land in row 01, the total column and their own
rows and column; the check of totals catches a section or a column that does not add up, and
lets a "trong đó" breakdown add up to less; the reporting period is 1/12 to 30/11."""

from __future__ import annotations

from datetime import date

from services.reporting.forms.model import (
    TOTAL,
    FormColumn,
    FormHeader,
    Layout,
    RowSpec,
    StatisticalForm,
    fill,
    heading,
    inconsistencies,
    tally,
)
from services.reporting.forms.period import reporting_period

COLUMNS = [
    FormColumn(key=TOTAL, label="Tổng số", headings=[], number="1", part_of=None, award_codes=[]),
    FormColumn(key="a", label="A", headings=["Chia ra"], number="2", part_of=TOTAL, award_codes=[]),
    FormColumn(key="b", label="B", headings=["Chia ra"], number="3", part_of=TOTAL, award_codes=[]),
]
LAYOUT = Layout(
    form="0000.N",
    title="THỬ",
    basis="Thử",
    unit="Cái",
    columns=COLUMNS,
    rows=[
        RowSpec("01", "Tổng số", None),
        heading("1. Chia theo x"),
        RowSpec("02", "X1"),
        RowSpec("03", "Trong đó: X1 mới", "02", adds_up=False),
        RowSpec("04", "X2"),
        heading("2. Chia theo y"),
        RowSpec("05", "Y1"),
        RowSpec("06", "Y2", recorded=False),
    ],
)


def form_of(cells: list[tuple[list[str], str]]) -> StatisticalForm:
    return fill(LAYOUT, FormHeader(None, 2020, 2020), tally(cells))


def test_each_thing_counts_in_row_01_the_total_and_its_own_rows_and_column() -> None:
    form = form_of([(["02", "05"], "a"), (["02", "03", "05"], "b"), (["04", "05"], "b")])

    assert [(row.code, row.values) for row in form.rows] == [
        ("01", {"total": 3, "a": 1, "b": 2}),
        (None, {}),
        ("02", {"total": 2, "a": 1, "b": 1}),
        ("03", {"total": 1, "a": 0, "b": 1}),
        ("04", {"total": 1, "a": 0, "b": 1}),
        (None, {}),
        ("05", {"total": 3, "a": 1, "b": 2}),
        ("06", {"total": None, "a": None, "b": None}),
    ]
    assert [row.indent for row in form.rows] == [0, 0, 1, 2, 1, 0, 1, 1]
    assert inconsistencies(form) == []


def test_a_section_that_does_not_add_up_is_reported_and_a_trong_do_may_add_up_to_less() -> None:
    form = form_of([(["02", "03", "05"], "a"), (["04", "05"], "b")])
    assert inconsistencies(form) == []  # 06 is not recorded: its section is not checked

    broken = form.model_copy(deep=True)
    broken.row("03").values["a"] = 2
    broken.row("04").values["total"] = 5
    assert inconsistencies(broken) == [
        "row 03: columns add up to 2, total is 1",
        "row 04: columns add up to 1, total is 5",
        "column total: rows 02, 04 add up to 6, 01 is 2",
        "column a: rows 03 add up to 2, 02 is 1",
    ]


def test_the_header_block_and_the_signatures() -> None:
    form = form_of([])

    assert form.form_code == "Biểu số: 0000.N/BNV-TĐKT"
    assert (
        form.legal_basis == "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ Nội vụ"
    )
    assert form.received_on == "Ngày 15 tháng 12 năm báo cáo"
    assert (form.reporting_unit, form.receiving_unit) == (
        "Toàn ngành Công Thương",
        "Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương)",
    )
    assert (form.period_from, form.period_to) == (date(2019, 12, 1), date(2020, 11, 30))
    assert [(s.role, s.note) for s in form.signatures] == [
        ("Người lập biểu", "(Ký, họ tên)"),
        ("Thủ trưởng đơn vị", "(Ký, đóng dấu, họ tên)"),
    ]


def test_a_named_receiver_replaces_the_default() -> None:
    header = FormHeader(None, 2020, 2020, receiving_unit="Ủy ban nhân dân Thành phố Hà Nội")

    assert header.receiver == "Ủy ban nhân dân Thành phố Hà Nội"


def test_the_reporting_period_runs_from_1_december_to_30_november() -> None:
    period = reporting_period(2016, 2020)

    assert (period.first_day, period.last_day) == (date(2015, 12, 1), date(2020, 11, 30))
    assert date(2015, 11, 30) not in period
    assert date(2015, 12, 1) in period
    assert date(2020, 11, 30) in period
    assert date(2020, 12, 1) not in period
    assert period.label == "Từ ngày 01/12/2015 đến ngày 30/11/2020"
