"""Reading registration spreadsheets: files, headers, cells (no database, no HTTP)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook

from services.registry.imports.columns import header_key, locate_columns
from services.registry.imports.report import BulkRejected
from services.registry.imports.rows import RowValues, parse_row
from services.registry.imports.spreadsheet import Sheet, SheetRow, read_sheet
from shared.events.vocabulary import SubjectKind
from shared.text import fold

HEADER = "Loại (đơn vị/cá nhân),Mã đối tượng,Năm,Mã phong trào,Danh hiệu đăng ký"


def sheet_of(text: str) -> Sheet:
    return read_sheet(text.encode())


def parsed(*cells: str) -> tuple[RowValues | None, list[tuple[str | None, str]]]:
    columns = locate_columns(sheet_of(HEADER + "\nx").header)
    row = parse_row(SheetRow(2, list(cells)), columns)
    return row.values, [(error.field, error.code) for error in row.errors]


def test_fold_ignores_case_spacing_and_diacritics() -> None:
    assert fold("  Mã  ĐỐI tượng ") == "ma doi tuong"
    assert header_key("Loại (đơn vị / cá nhân)") == header_key("loai (don vi/ca nhan)")


def test_csv_with_bom_semicolons_and_blank_rows_keeps_row_numbers() -> None:
    content = "\ufeffLoại;Mã đối tượng\r\n;\r\ncá nhân;bk-m1\r\n".encode()
    sheet = read_sheet(content)
    assert sheet.header == SheetRow(1, ["Loại", "Mã đối tượng"])
    assert sheet.rows == [SheetRow(3, ["cá nhân", "bk-m1"])]


def test_xlsx_cells_become_text_and_rows_keep_their_numbers() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (["Tiêu đề"], [], ["Năm", "Ngày"], [2021.0, date(2021, 1, 15)]):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)

    read = read_sheet(buffer.getvalue())

    assert read.header == SheetRow(1, ["Tiêu đề"])  # no empty cells after the last value
    assert read.rows == [SheetRow(3, ["Năm", "Ngày"]), SheetRow(4, ["2021", "2021-01-15"])]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\xd0\xcf\x11\xe0rest", "legacy_xls"),
        (b"PK\x03\x04broken", "unreadable_file"),
        ("Năm".encode("utf-16"), "not_utf8"),
        (b"only,a,header\n", "empty_file"),
    ],
)
def test_unreadable_files_are_refused_with_a_code(content: bytes, code: str) -> None:
    with pytest.raises(BulkRejected) as refused:
        read_sheet(content)
    assert [error.code for error in refused.value.errors] == [code]


def test_columns_by_vietnamese_or_english_names_others_ignored() -> None:
    columns = locate_columns(
        SheetRow(1, ["STT", "registrant_kind", "MÃ ĐỐI TƯỢNG", "Họ và tên", "year", "awards"])
    )
    assert dict(columns.index) == {
        "registrant_kind": 1,
        "registrant_id": 2,
        "year": 4,
        "award_codes": 5,
    }
    assert columns.name("registrant_id") == "MÃ ĐỐI TƯỢNG"
    assert columns.name("campaign_id") == "Mã phong trào"


def test_missing_and_repeated_columns_are_reported_on_row_1() -> None:
    with pytest.raises(BulkRejected) as refused:
        locate_columns(SheetRow(1, ["Loại", "Năm", "year", "Danh hiệu"]))
    errors = [(e.position, e.column, e.code) for e in refused.value.errors]
    assert errors == [(1, "year", "duplicate_column"), (1, "Mã đối tượng", "missing_column")]


def test_a_good_row_with_codes_and_names() -> None:
    values, errors = parsed("Cá nhân", "bk-m1", "2021", "", "LĐTT; Chiến sĩ thi đua cơ sở")
    assert errors == []
    assert values is not None
    assert values.registrant_kind is SubjectKind.MEMBER
    assert values.award_codes == ("LDTT", "CSTDCS")
    assert values.campaign_id is None


def test_unknown_codes_are_kept_for_the_domain_to_name() -> None:
    values, _ = parsed("tập thể", "bk-p1", "2021", "c-1", "TTLDTT;Cờ lạ")
    assert values is not None
    assert values.award_codes == ("TTLDTT", "Cờ lạ")
    assert values.registrant_kind is SubjectKind.UNIT


def test_every_bad_cell_of_a_row_is_reported() -> None:
    values, errors = parsed("nhóm", "bk m1", "20x1", "", "")
    assert values is None
    assert errors == [
        ("registrant_kind", "invalid_kind"),
        ("registrant_id", "invalid_id"),
        ("year", "invalid_year"),
        ("award_codes", "missing_value"),
    ]


def test_dates_in_vietnamese_or_iso_form() -> None:
    columns = locate_columns(SheetRow(1, [*HEADER.split(","), "Ngày đăng ký"]))
    good = parse_row(SheetRow(2, ["cá nhân", "m", "2021", "", "LDTT", "15/01/2021"]), columns)
    bad = parse_row(SheetRow(3, ["cá nhân", "m", "2021", "", "LDTT", "2021/15/01"]), columns)
    assert good.values is not None
    assert good.values.submitted_on == date(2021, 1, 15)
    assert [error.code for error in bad.errors] == ["invalid_date"]
