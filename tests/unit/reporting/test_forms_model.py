"""The shared model of a form: parents roll up from their children, and the check of totals
catches a row or a column group that does not add up."""

from __future__ import annotations

from collections import Counter

from services.reporting.forms.form_0601 import campaign_form
from services.reporting.forms.model import (
    FormColumn,
    FormHeader,
    RowSpec,
    StatisticalForm,
    assemble,
    inconsistencies,
)

COLUMNS = [
    FormColumn(key="total", label="Tổng số", group=None, part_of=None),
    FormColumn(key="a", label="A", group="Nhóm", part_of="total"),
    FormColumn(key="b", label="B", group="Nhóm", part_of="total"),
]
SPECS = [
    RowSpec("01", "Tổng số", None),
    RowSpec("02", "Nhóm 1", "01"),
    RowSpec("02.1", "Mục 1", "02", ("X",)),
    RowSpec("02.2", "Mục 2", "02", ("Y",)),
    RowSpec("03", "Nhóm 2", "01", ("Z",)),
]


def test_parents_are_the_sums_of_their_children() -> None:
    leaves = {
        "02.1": Counter(total=3, a=1, b=2),
        "02.2": Counter(total=1, a=1),
        "03": Counter(total=5, b=5),
    }

    rows = assemble(COLUMNS, SPECS, leaves)

    assert [row.values for row in rows] == [
        {"total": 9, "a": 2, "b": 7},
        {"total": 4, "a": 2, "b": 2},
        {"total": 3, "a": 1, "b": 2},
        {"total": 1, "a": 1, "b": 0},
        {"total": 5, "a": 0, "b": 5},
    ]
    assert [row.award_codes for row in rows] == [["X", "Y", "Z"], ["X", "Y"], ["X"], ["Y"], ["Z"]]


def campaigns() -> StatisticalForm:
    counts = [
        ("central", "national", "thematic", "5y_plus", 2),
        ("unit", "unit", "regular", "open_ended", 3),
    ]
    return campaign_form(FormHeader(None, 2020, 2020), counts)


def test_a_consistent_form_has_no_inconsistencies() -> None:
    form = campaigns()

    assert form.row("01").values["total"] == 5
    assert inconsistencies(form) == []


def test_a_column_group_that_does_not_add_up_is_reported() -> None:
    form = campaigns()
    form.row("02").values["scope.national"] = 1

    assert inconsistencies(form) == [
        "row 02: Chia theo phạm vi adds up to 1, total is 2",
        "column scope.national: rows under 01 add up to 1, row 01 has 2",
    ]


def test_a_parent_that_is_not_the_sum_of_its_rows_is_reported() -> None:
    form = campaigns()
    form.row("01").values.update({"total": 6, "form.regular": 4})

    assert inconsistencies(form) == [
        "row 01: Chia theo phạm vi adds up to 5, total is 6",
        "row 01: Chia theo thời gian adds up to 5, total is 6",
        "column total: rows under 01 add up to 5, row 01 has 6",
        "column form.regular: rows under 01 add up to 3, row 01 has 4",
    ]
