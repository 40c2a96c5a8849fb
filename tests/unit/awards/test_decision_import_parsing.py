"""Parsing a decisions spreadsheet: columns, cells, and rows grouped into decisions."""

from __future__ import annotations

from datetime import date

import pytest

from services.awards.imports.columns import locate_columns
from services.awards.imports.grouping import Group, group_rows
from services.awards.imports.report import BulkRejected, ItemError
from services.awards.imports.rows import ParsedRow, parse_row
from services.awards.imports.spreadsheet import read_sheet
from shared.events.vocabulary import CommendationKind, GrantingLevel, RecipientKind

HEADER = (
    "STT,Số quyết định,Ngày ký,Cơ quan ban hành,Cấp khen,Loại khen thưởng,"
    "Loại đối tượng,Mã đối tượng,Họ và tên,Danh hiệu/hình thức,Năm thành tích"
)
SO = "Giám đốc Sở Công Thương Hà Nội"
BO = "Bộ Công Thương"


def parsed(*rows: str, header: str = HEADER) -> list[ParsedRow]:
    sheet = read_sheet("\n".join((header, *rows)).encode())
    columns = locate_columns(sheet.header)
    return [parse_row(row, columns) for row in sheet.rows]


def codes(errors: list[ItemError]) -> list[tuple[int | None, str | None, str]]:
    return [(e.position, e.field, e.code) for e in errors]


def test_a_row_reads_vietnamese_names_codes_and_dates() -> None:
    row = parsed(
        f"1,125/QĐ-SCT,20/01/2020,{SO},,,Cá nhân,01-member-001,Trần Văn A,"
        "Chiến sỹ thi đua cơ sở,2019"
    )[0]

    assert row.errors == []
    assert row.values is not None
    assert (row.values.award_code, row.values.signed_on) == ("CSTDCS", date(2020, 1, 20))
    assert row.values.recipient_kind is RecipientKind.MEMBER
    assert row.values.authority_level is None
    assert row.values.commendation_kind is CommendationKind.REGULAR
    assert (row.values.year_from, row.values.year_to) == (2019, 2019)


@pytest.mark.parametrize("signed_on", ["20/01/1900", "31/12/9999"])
def test_a_signing_date_outside_the_business_window_is_that_rows_error(signed_on: str) -> None:
    """Not a 422 on the whole file without a row: the officer is shown the row to fix."""
    row = parsed(
        f"1,125/QĐ-SCT,{signed_on},{SO},,,Cá nhân,01-member-001,Trần Văn A,"
        "Chiến sỹ thi đua cơ sở,2019"
    )[0]

    assert row.values is None
    assert [(e.code, e.position) for e in row.errors] == [("date_out_of_range", 2)]


def test_a_period_a_level_and_a_kind_in_words() -> None:
    row = parsed(
        f"1,88/QĐ-BCT,2021-02-03,{BO},bộ/tỉnh,chuyên đề,Tập thể,01-unit-02,,"
        "Bằng khen của Bộ Công Thương,2016-2020"
    )[0]

    assert row.values is not None
    assert (row.values.award_code, row.values.year_from, row.values.year_to) == (
        "BK_BO",
        2016,
        2020,
    )
    assert row.values.authority_level is GrantingLevel.MINISTRY_PROVINCE
    assert row.values.commendation_kind is CommendationKind.THEMATIC


def test_bad_cells_are_each_reported_with_their_row() -> None:
    rows = parsed(
        f"1,,32/13/2020,{SO},,,Cá nhân,m1,,LĐTT,2019",
        f"2,12/QĐ,20/01/2020,{SO},cấp xã,,Ông,m2,,Huy hiệu,năm ngoái",
    )

    assert codes(rows[0].errors) == [
        (2, "number", "missing_value"),
        (2, "signed_on", "invalid_date"),
    ]
    assert codes(rows[1].errors) == [
        (3, "authority_level", "invalid_level"),
        (3, "recipient_kind", "invalid_kind"),
        (3, "award_code", "unknown_award_code"),
        (3, "achievement_year", "invalid_year"),
    ]
    assert rows[1].errors[2].message == "Không có danh hiệu, hình thức “Huy hiệu” trong danh mục."


def test_missing_columns_are_named() -> None:
    with pytest.raises(BulkRejected) as rejected:
        parsed("1,2", header="Số quyết định,Mã đối tượng")
    missing = {e.column for e in rejected.value.errors}
    assert missing == {
        "Ngày ký",
        "Cơ quan ban hành",
        "Loại đối tượng",
        "Danh hiệu/hình thức",
        "Năm thành tích",
    }


def grouped(*rows: str) -> tuple[list[Group], list[ItemError]]:
    return group_rows("01", parsed(*rows))


def test_rows_of_one_number_form_one_decision_with_ids_from_their_content() -> None:
    rows = (
        f"1,125/QĐ-SCT,20/01/2020,{SO},,,Cá nhân,m1,,LĐTT,2019",
        f"2,125/QD-SCT,20/01/2020,{SO},,,Cá nhân,m1,,CSTĐCS,2019",
        f"3,126/QĐ-SCT,20/01/2020,{SO},,,Tập thể,u1,,TTLĐTT,2019",
    )
    groups, errors = grouped(*rows)
    again, _ = grouped(*rows)

    assert errors == []
    assert [(g.rows, len(g.command.awards)) for g in groups] == [((2, 3), 2), ((4,), 1)]
    assert [g.command for g in groups] == [g.command for g in again]
    assert all(g.command.imported for g in groups)


def test_the_level_left_blank_is_the_highest_of_the_decisions_awards() -> None:
    groups, _ = grouped(
        f"1,5/QĐ-BCT,10/02/2016,{BO},,,Tập thể,u1,,TTLĐXS,2015",
        f"2,5/QĐ-BCT,10/02/2016,{BO},,,Cá nhân,m1,,CSTĐCS,2015",
    )
    assert groups[0].command.authority_level is GrantingLevel.MINISTRY_PROVINCE


def test_repeats_and_disagreements_within_a_decision_are_row_errors() -> None:
    _, errors = grouped(
        f"1,125/QĐ-SCT,20/01/2020,{SO},,,Cá nhân,m1,,LĐTT,2019",
        f"2,125/QĐ-SCT,20/01/2020,{SO},,,Cá nhân,m1,,Lao động tiên tiến,2019",
        f"3,125/QĐ-SCT,21/01/2020,{SO},,,Cá nhân,m2,,LĐTT,2019",
    )
    assert codes(errors) == [
        (4, "signed_on", "decision_fields_differ"),
        (3, "recipient_id", "duplicate_in_file"),
    ]
    assert errors[1].message == "Trùng đối tượng, danh hiệu và năm với dòng 2 của cùng quyết định."


def test_an_award_beyond_the_authoritys_power_is_an_error_of_its_row() -> None:
    _, errors = grouped(
        f"1,125/QĐ-SCT,20/01/2020,{SO},cơ sở,,Cá nhân,m1,,LĐTT,2019",
        f"2,125/QĐ-SCT,20/01/2020,{SO},,,Cá nhân,m2,,Bằng khen Bộ,2019",
        f"3,125/QĐ-SCT,20/01/2020,{SO},,,Tập thể,u1,,CSTĐCS,2019",
    )
    assert codes(errors) == [
        (3, "award_code", "level_cannot_grant"),
        (4, "award_code", "award_not_for_unit"),
    ]
    assert errors[0].message == (
        "BK_BO do cấp bộ, tỉnh quyết định, không thuộc thẩm quyền cấp cơ sở."
    )
