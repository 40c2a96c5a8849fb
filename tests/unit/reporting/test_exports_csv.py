"""The CSV writer: UTF-8 with a BOM, Vietnamese headings, numbers as plain numbers, several
tables one after another under their titles, produced in chunks."""

from __future__ import annotations

import csv
import io

from services.reporting.exports.csv_writer import BOM, csv_chunks
from services.reporting.exports.table import Column, Part, Style, Table

AWARDS = Table(
    name="Khen thưởng",
    title="Khen thưởng theo danh hiệu",
    columns=[Column("Mã"), Column("Danh hiệu"), Column("Tập thể", "Số lượt"), Column("Tỷ lệ")],
    rows=[
        ["LDTT", "Lao động tiên tiến", 601, 0.3333],
        ["CSTDCS", "Chiến sĩ thi đua cơ sở", 164, None],
    ],
)
INITIATIVES = Table(
    name="Sáng kiến",
    title="Sáng kiến",
    columns=[Column("Năm"), Column("Đăng ký")],
    rows=[[2019, 3]],
)


def parsed(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_one_table_is_its_heading_row_and_rows_after_a_bom() -> None:
    data = b"".join(csv_chunks([AWARDS]))

    assert data.startswith(BOM.encode("utf-8"))
    assert parsed(data) == [
        ["Mã", "Danh hiệu", "Số lượt – Tập thể", "Tỷ lệ"],
        ["LDTT", "Lao động tiên tiến", "601", "0.3333"],
        ["CSTDCS", "Chiến sĩ thi đua cơ sở", "164", ""],
    ]


def test_several_tables_follow_each_other_under_their_titles() -> None:
    data = b"".join(csv_chunks([AWARDS, INITIATIVES]))

    lines = parsed(data)
    assert lines[0] == ["Khen thưởng theo danh hiệu"]
    assert lines[1][0] == "Mã"
    assert lines[4:] == [[], ["Sáng kiến"], ["Năm", "Đăng ký"], ["2019", "3"]]


def test_rows_come_in_chunks_with_a_single_bom() -> None:
    many = Table(
        name="t", title="t", columns=[Column("Năm")], rows=[[year] for year in range(1000)]
    )

    chunks = list(csv_chunks([many], rows_per_chunk=100))

    assert len(chunks) == 11
    assert sum(chunk.count(BOM.encode("utf-8")) for chunk in chunks) == 1
    assert len(parsed(b"".join(chunks))) == 1001


def test_text_that_starts_like_a_formula_is_quoted_and_numbers_are_not() -> None:
    table = Table(
        name="Chuỗi",
        title="Chuỗi",
        columns=[Column("Mã"), Column("Số")],
        rows=[['=HYPERLINK("http://evil.invalid/x","Bam")', -1], ["@A1", 2], ["-x", 0], ["a=b", 3]],
    )

    assert parsed(b"".join(csv_chunks([table]))) == [
        ["Mã", "Số"],
        ['\'=HYPERLINK("http://evil.invalid/x","Bam")', "-1"],
        ["'@A1", "2"],
        ["'-x", "0"],
        ["a=b", "3"],
    ]


def test_a_form_has_its_header_block_numbering_and_signatures() -> None:
    table = Table(
        name="Biểu",
        title="Biểu",
        columns=[Column("Chỉ tiêu"), Column("Mã số"), Column("Tổng số"), Column("A", "Chia ra")],
        rows=[["Tổng số", "01", 3, 3], ["    Toàn quốc", "02", 3, 3]],
        above=[
            [Part("Biểu số: 0601.N/BNV-TĐKT", 2, Style.BOLD), Part("Đơn vị báo cáo: X", 0)],
            [],
            [Part("-1 lượt", 0)],
        ],
        numbering=["A", "B", "1", "2"],
        below=[[Part("Người lập biểu", 2), Part("Thủ trưởng đơn vị", 0)]],
    )

    assert parsed(b"".join(csv_chunks([table]))) == [
        ["Biểu số: 0601.N/BNV-TĐKT", "", "Đơn vị báo cáo: X"],
        [],
        ["'-1 lượt"],
        ["Chỉ tiêu", "Mã số", "Tổng số", "Chia ra – A"],
        ["A", "B", "1", "2"],
        ["Tổng số", "01", "3", "3"],
        ["    Toàn quốc", "02", "3", "3"],
        ["Người lập biểu", "", "Thủ trưởng đơn vị"],
    ]
