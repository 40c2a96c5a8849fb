"""The XLSX writer: a sheet per table, Vietnamese headings, number cells, frozen headings,
column widths, valid and distinct sheet names, streamed in chunks."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from services.reporting.exports.form_tables import form_table
from services.reporting.exports.table import Column, Table
from services.reporting.exports.xlsx_writer import file_chunks, sheet_name, xlsx_file
from services.reporting.forms.award_form import award_form
from services.reporting.forms.form_0602 import SPEC as SPEC_0602
from services.reporting.forms.model import FormHeader
from services.reporting.queries.form_facts import AwardFact

FORM = Table(
    name="Biểu 0602.N",
    title="Biểu 0602.N: Số lượng khen thưởng cấp Nhà nước",
    subtitle="Đơn vị báo cáo: Sở Công Thương Hà Nội; năm 2019",
    columns=[
        Column("Mã số"),
        Column("Chỉ tiêu"),
        Column("Tổng số"),
        Column("Tập thể", "Chia theo đối tượng"),
        Column("Cá nhân", "Chia theo đối tượng"),
        Column("Tỷ lệ", number_format="0.0%"),
    ],
    rows=[["01", "Tổng số", 5, 2, 3, 0.4], ["02", "Huân chương", 3, 1, 2, None]],
    frozen_columns=2,
    strong_rows=frozenset({0}),
)
PLAIN = Table(name="Sáng kiến", title="Sáng kiến", columns=[Column("Năm")], rows=[[2019]])


def workbook(*tables: Table, chunk_size: int = 1024) -> Workbook:
    data = b"".join(file_chunks(xlsx_file(tables), size=chunk_size))
    return load_workbook(io.BytesIO(data))


def test_a_sheet_per_table_with_titles_and_vietnamese_headings() -> None:
    book = workbook(FORM, PLAIN)

    assert book.sheetnames == ["Biểu 0602.N", "Sáng kiến"]
    rows = list(book["Biểu 0602.N"].iter_rows(values_only=True))
    assert rows[0][0] == "Biểu 0602.N: Số lượng khen thưởng cấp Nhà nước"
    assert rows[1][0] == "Đơn vị báo cáo: Sở Công Thương Hà Nội; năm 2019"
    assert rows[2] == (None, None, None, "Chia theo đối tượng", None, None)
    assert rows[3] == ("Mã số", "Chỉ tiêu", "Tổng số", "Tập thể", "Cá nhân", "Tỷ lệ")
    assert rows[4:] == [("01", "Tổng số", 5, 2, 3, 0.4), ("02", "Huân chương", 3, 1, 2, None)]
    assert list(book["Sáng kiến"].iter_rows(values_only=True)) == [
        ("Sáng kiến",),
        ("Năm",),
        (2019,),
    ]


def test_counts_are_number_cells_and_shares_keep_their_format() -> None:
    sheet = workbook(FORM)["Biểu 0602.N"]

    counts = [sheet.cell(row=5, column=column) for column in (3, 4, 5)]
    assert [(cell.value, cell.data_type) for cell in counts] == [(5, "n"), (2, "n"), (3, "n")]
    assert all(isinstance(cell.value, int) for cell in counts)
    assert sheet["F5"].number_format == "0.0%"
    assert sheet["C5"].font.b
    assert not sheet["C6"].font.b


def test_headings_and_row_labels_are_frozen_and_columns_sized() -> None:
    form, plain = workbook(FORM, PLAIN).worksheets

    assert (form.freeze_panes, plain.freeze_panes) == ("C5", "A3")
    assert form.column_dimensions["B"].width == pytest.approx(13)
    assert form.column_dimensions["A"].width == pytest.approx(7)


def test_sheet_names_are_made_valid_and_distinct() -> None:
    used: set[str] = set()

    names = [
        sheet_name(name, used)
        for name in ("Khen thưởng: 2016/2020", "khen thưởng- 2016-2020", "x" * 40)
    ]

    assert names == ["Khen thưởng- 2016-2020", "khen thưởng- 2016-2020 (2)", "x" * 31]


FORMULAS = ['=HYPERLINK("http://evil.invalid/x","Bam")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


@pytest.mark.parametrize("strong", [False, True])
def test_text_that_starts_like_a_formula_is_written_as_text(strong: bool) -> None:
    """A recipient code imported as ``=HYPERLINK(…)`` must not become a live formula."""
    table = Table(
        name="Chuỗi",
        title="=TITLE()",
        columns=[Column("Mã"), Column("Số")],
        rows=[[value, -1] for value in FORMULAS],
        strong_rows=frozenset(range(len(FORMULAS))) if strong else frozenset(),
    )

    sheet = load_workbook(xlsx_file([table]))["Chuỗi"]

    rows = list(sheet.iter_rows(values_only=False))
    assert rows[0][0].data_type == "s"
    assert rows[0][0].value == "=TITLE()"
    written = [(row[0].value, row[0].data_type, row[1].value) for row in rows[2:]]
    assert written == [(value, "s", -1) for value in FORMULAS]


def printed_form() -> Table:
    facts = [AwardFact("BK_TTG", "member", None, "regular", "provincial_department")]
    header = FormHeader(None, 2020, 2020, receiving_unit='=HYPERLINK("http://evil.invalid")')
    return form_table(award_form(SPEC_0602, header, facts))


def test_a_form_prints_on_a4_landscape_one_page_wide_with_its_headings_on_every_page() -> None:
    sheet = workbook(printed_form())["Biểu 0602.N"]

    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    setup = sheet.sheet_properties.pageSetUpPr
    assert setup is not None
    assert setup.fitToPage
    assert sheet.print_title_rows == "$9:$13"
    assert sheet.freeze_panes == "D14"


def test_a_form_has_its_header_block_merged_headings_numbering_and_signatures() -> None:
    sheet = workbook(printed_form())["Biểu 0602.N"]
    merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}

    assert sheet["A1"].value == "Biểu số: 0602.N/BNV-TĐKT"
    assert sheet["Q1"].value == "Đơn vị báo cáo: Toàn ngành Công Thương"
    assert {"A1:P1", "Q1:AG1", "A5:AG5"} <= merged
    assert sheet["A5"].value == "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC"
    assert [sheet.cell(9, c).value for c in (1, 2, 3, 4, 5)] == [
        "Chỉ tiêu",
        "Mã số",
        "Đơn vị tính",
        "Tổng số",
        "Chia ra",
    ]
    assert {"A9:A12", "D9:D12", "E9:AG9", "E10:U10", "E11:F11"} <= merged
    assert [sheet.cell(13, c).value for c in (1, 2, 3, 4, 5)] == ["A", "B", "C", "1", "2"]
    assert "E13:U13" in merged
    assert [sheet.cell(14, c).value for c in (1, 2, 4)] == ["Tổng số", "01", 1]
    assert sheet["A14"].border.left.style == "thin"
    last = sheet.max_row
    assert (sheet.cell(last - 1, 1).value, sheet.cell(last - 1, 17).value) == (
        "Người lập biểu",
        "Thủ trưởng đơn vị",
    )


def test_text_in_a_forms_header_block_stays_text() -> None:
    sheet = workbook(printed_form())["Biểu 0602.N"]

    assert sheet["Q2"].value == 'Đơn vị nhận báo cáo: =HYPERLINK("http://evil.invalid")'
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_a_forms_columns_are_wide_enough_for_their_headings_to_wrap() -> None:
    sheet = workbook(printed_form())["Biểu 0602.N"]

    assert sheet.column_dimensions["A"].width == pytest.approx(48)
    assert sheet.column_dimensions["E"].width == pytest.approx(9)  # Huân chương Sao vàng, TT
    assert sheet.column_dimensions["AF"].width > 9  # Các hình thức khen thưởng khác, TT
    assert sheet.row_dimensions[10].height == pytest.approx(60)  # four lines
    assert sheet.row_dimensions[12].height == pytest.approx(15)
