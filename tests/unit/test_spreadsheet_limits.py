"""Reading a spreadsheet within limits: rows, columns, cells, unpacked size (issue 12, item 4).

A file beyond a limit is refused as soon as reading reaches the limit: these tests count what
was read (rows pulled from openpyxl, bytes pulled out of the zip) rather than time it.
"""

from __future__ import annotations

import asyncio
import io
import threading
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from services.registry.imports.report import ItemError
from shared.spreadsheets import reading
from shared.spreadsheets.limits import DEFAULT_LIMITS, MIB, SheetLimits, UnreadableSpreadsheet
from shared.spreadsheets.reading import Sheet, SheetRow, read_sheet, read_sheet_off_loop
from shared.spreadsheets.xlsx_guard import OTHER_ELEMENTS, RECORD_ELEMENTS
from tests.harness.xlsx_packages import (
    MAIN,
    SHEET,
    STRINGS,
    STYLES,
    cell,
    package,
    repeated_cells,
    rows_of,
    with_declared_size,
)

SMALL = SheetLimits(rows=10, columns=5, cells=30, unpacked_bytes=DEFAULT_LIMITS.unpacked_bytes)


def refused(content: bytes, limits: SheetLimits = DEFAULT_LIMITS) -> UnreadableSpreadsheet:
    with pytest.raises(UnreadableSpreadsheet) as raised:
        read_sheet(content, limits)
    return raised.value


class Pulled:
    """What reading pulled: rows out of openpyxl, bytes out of each zip part, workbooks."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.rows = 0
        self.bytes: dict[str, int] = {}
        self.workbooks = 0
        rows_of_sheet = ReadOnlyWorksheet._cells_by_row
        read_part = zipfile.ZipExtFile.read
        load = reading.load_workbook

        def counted_rows(*args: Any, **kwargs: Any) -> Iterator[Any]:
            for row in rows_of_sheet(*args, **kwargs):
                self.rows += 1
                yield row

        def counted_bytes(stream: zipfile.ZipExtFile, n: int = -1) -> bytes:
            data = read_part(stream, n)
            self.bytes[stream.name] = self.bytes.get(stream.name, 0) + len(data)
            return data

        def counted_load(*args: Any, **kwargs: Any) -> Any:
            self.workbooks += 1
            return load(*args, **kwargs)

        monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counted_rows)
        monkeypatch.setattr(zipfile.ZipExtFile, "read", counted_bytes)
        monkeypatch.setattr(reading, "load_workbook", counted_load)


@pytest.fixture
def pulled(monkeypatch: pytest.MonkeyPatch) -> Pulled:
    return Pulled(monkeypatch)


def declared(content: bytes, name: str) -> int:
    return zipfile.ZipFile(io.BytesIO(content)).getinfo(name).file_size


# --- The file of issue 12: two million cells in half a megabyte --------------------------------


def test_two_million_cells_are_refused_at_the_cell_limit_having_read_a_seventh(
    pulled: Pulled,
) -> None:
    content = repeated_cells(100_000, 20)
    assert len(content) < 600_000  # as small as the file measured (528 kB)

    error = refused(content)

    assert (error.code, dict(error.details)) == (
        "too_many_cells",
        {"limit": 300_000, "row": 15_001},
    )
    assert pulled.bytes[SHEET] < declared(content, SHEET) / 5  # the rest was never unzipped
    assert pulled.workbooks == 0  # openpyxl never saw it
    assert ItemError.of_file(error).as_row() == {
        "row": None,
        "column": None,
        "field": None,
        "code": "too_many_cells",
        "message": "Tệp có hơn 300000 ô (kể cả ô trống có định dạng), vượt quá giới hạn: "
        "đã dừng đọc ở dòng 15001.",
        "msg": "more than 300000 cells (reading stopped at row 15001)",
    }


# --- Each limit, on XLSX and CSV ------------------------------------------------------------------


def grid(rows: int, columns: int) -> list[tuple[int, list[tuple[int, str]]]]:
    return [(r, [(c, f"{r}.{c}") for c in range(1, columns + 1)]) for r in range(1, rows + 1)]


def csv_of(rows: int, columns: int) -> bytes:
    lines = (",".join(f"{r}.{c}" for c in range(1, columns + 1)) for r in range(1, rows + 1))
    return "\n".join(lines).encode()


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_sheet_exactly_at_every_limit_is_read_whole(kind: str) -> None:
    # 10 rows; the header reaches column 5 (two empty cells in between), then 3 cells a row
    table = grid(10, 3)
    table[0] = (1, [(1, "a"), (2, "b"), (5, "e")])
    limits = SheetLimits(rows=10, columns=5, cells=5 + 9 * 3)
    if kind == "xlsx":
        content = package(rows_of(table))
    else:
        content = ("a,b,,,e\n" + csv_of(10, 3).decode().split("\n", 1)[1]).encode()

    sheet = read_sheet(content, limits)

    assert sheet.header == SheetRow(1, ["a", "b", "", "", "e"])
    assert [row.number for row in sheet.rows] == list(range(2, 11))
    assert sheet.rows[-1] == SheetRow(10, ["10.1", "10.2", "10.3"])


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_one_row_too_many_is_refused(kind: str) -> None:
    content = package(rows_of(grid(11, 2))) if kind == "xlsx" else csv_of(11, 2)

    error = refused(content, SMALL)

    assert (error.code, error.details) == ("too_many_sheet_rows", {"limit": 10})


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_value_in_one_column_too_many_is_refused(kind: str) -> None:
    content = package(rows_of(grid(4, 6))) if kind == "xlsx" else csv_of(4, 6)

    error = refused(content, SMALL)

    assert (error.code, error.details) == ("too_many_columns", {"limit": 5, "row": 1, "column": 6})


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_one_cell_too_many_is_refused(kind: str) -> None:
    content = package(rows_of(grid(7, 5))) if kind == "xlsx" else csv_of(7, 5)  # 35 cells

    error = refused(content, SMALL)

    assert (error.code, error.details) == ("too_many_cells", {"limit": 30, "row": 7})


def test_empty_cells_after_the_last_value_count_as_cells_not_as_columns() -> None:
    # A template formatted far to the right: empty cells cost reading, but hold nothing.
    empty = "".join(f'<c r="{letter}2"/>' for letter in ("F", "G", "H"))
    content = package(
        [
            f'<row r="1">{cell(1, 1, "a")}</row>'.encode(),
            f'<row r="2">{cell(2, 1, "b")}{empty}</row>'.encode(),
        ]
    )

    sheet = read_sheet(content, SheetLimits(rows=10, columns=5, cells=9))

    assert sheet.rows == [SheetRow(2, ["b"])]
    assert refused(content, SheetLimits(rows=10, columns=5, cells=8)).code == "too_many_cells"


def test_reading_stops_at_the_row_past_the_limit(pulled: Pulled) -> None:
    # Within the package's limits: openpyxl reads it, and the reader stops at row 3.
    table = grid(2_000, 3)
    table[2] = (3, [(1, "a"), (61, "một ghi chú ở cột 61")])

    error = refused(package(rows_of(table)))

    assert (error.code, error.details) == (
        "too_many_columns",
        {"limit": 60, "row": 3, "column": 61},
    )
    assert pulled.rows == 3


def test_a_csv_stops_at_the_record_past_the_limit() -> None:
    lines = (f"{n},x" for n in range(1, 200_001))
    content = "\n".join(lines).encode()  # 200,000 rows; bad UTF-8 at the very end:
    content += b"\xff"

    error = refused(content)  # the row limit is met long before the end is decoded

    assert error.code == "too_many_sheet_rows"


def test_a_csv_record_may_span_lines() -> None:
    content = 'Loại;Danh hiệu\ncá nhân;"LĐTT\nCSTĐCS"\n'.encode()

    assert read_sheet(content).rows == [SheetRow(2, ["cá nhân", "LĐTT\nCSTĐCS"])]


# --- What the package declares, before anything is parsed -----------------------------------------


def test_a_zip_bomb_is_refused_by_its_declared_size_unzipping_nothing(pulled: Pulled) -> None:
    filler = b" " * (1 << 20)
    content = package([filler] * 60)  # 60 MB of spaces between two rows, zipped to ~60 kB
    assert len(content) < 200_000

    error = refused(content)

    assert (error.code, error.details) == ("unpacked_too_large", {"size_mb": 61, "limit_mb": 48})
    assert pulled.bytes == {}
    assert pulled.workbooks == 0


def test_a_part_lying_about_its_size_is_read_no_further_than_it_says() -> None:
    content = package([b" " * (60 << 20), *rows_of(grid(3, 2))])
    lying = with_declared_size(content, SHEET, 4096)  # claims 4 kB, holds 60 MB

    error = refused(lying)

    assert error.code == "unreadable_file"
    assert "CRC" in error.msg


def test_a_part_compressed_otherwise_than_by_deflate_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")

    assert refused(buffer.getvalue()).code == "unreadable_file"


# --- What openpyxl would hold whole ---------------------------------------------------------------


def test_a_single_row_of_a_million_cells_is_refused_within_the_row(pulled: Pulled) -> None:
    # openpyxl would hold the whole row: the row may not hold more than 16,384 cells' worth
    content = package([b'<row r="1">', b"<c/>" * 1_000_000, b"</row>"])

    error = refused(content)

    assert (error.code, error.details) == ("too_complex_file", {"part": SHEET})
    assert pulled.bytes[SHEET] < 1_000_000  # of 4 MB
    assert pulled.workbooks == 0


def test_a_cell_of_countless_runs_is_refused() -> None:
    runs = b"<r><t>x</t></r>" * (RECORD_ELEMENTS // 2 + 1)
    content = package([b'<row r="1"><c r="A1" t="inlineStr"><is>', runs, b"</is></c></row>"])

    assert refused(content).code == "too_complex_file"


def test_a_swollen_stylesheet_is_refused() -> None:
    fonts = "<font/>" * (OTHER_ELEMENTS + 1)
    styles = f'<styleSheet xmlns="{MAIN}"><fonts>{fonts}</fonts></styleSheet>'

    error = refused(package(rows_of(grid(3, 2)), parts={STYLES: styles}))

    assert (error.code, error.details) == ("too_complex_file", {"part": STYLES})


def test_a_large_part_openpyxl_does_not_read_is_let_be() -> None:
    chain = "".join(f'<c r="A{n}" i="1"/>' for n in range(1, OTHER_ELEMENTS + 2))
    calc_chain = f'<calcChain xmlns="{MAIN}">{chain}</calcChain>'

    sheet = read_sheet(package(rows_of(grid(3, 2)), parts={"xl/calcChain.xml": calc_chain}))

    assert len(sheet.rows) == 2


def test_more_shared_strings_than_cells_are_refused() -> None:
    content = package(rows_of(grid(3, 2)), strings=(str(n) for n in range(300_001)))

    error = refused(content)

    assert (error.code, error.details) == ("too_complex_file", {"part": STRINGS})


def test_a_sheet_outside_its_rows_is_bounded_too() -> None:
    merged = "".join(f'<mergeCell ref="A{n}:B{n}"/>' for n in range(1, OTHER_ELEMENTS + 2))
    xml = (
        f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(r.decode() for r in rows_of(grid(2, 2)))}'
        f"</sheetData><mergeCells>{merged}</mergeCells></worksheet>"
    )
    content = package([], parts={"xl/worksheets/sheet2.xml": xml})

    assert refused(content).code == "too_complex_file"


def test_a_document_type_declaration_is_refused() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        f'<sst xmlns="{MAIN}"><si><t>&lol2;</t></si></sst>'
    )

    error = refused(package(rows_of(grid(3, 2)), parts={STRINGS: laughs}))

    assert error.code == "unreadable_file"


# --- Read-only mode's quirks ----------------------------------------------------------------------


@pytest.mark.parametrize("dimension", ["A1", "A1:XFD1048576", ""])
def test_the_declared_dimension_is_ignored(dimension: str) -> None:
    head = f'<dimension ref="{dimension}"/>' if dimension else ""
    content = package(rows_of(grid(3, 2)), head=head)

    sheet = read_sheet(content, SheetLimits(rows=3, columns=2, cells=6))

    rows = [SheetRow(2, ["2.1", "2.2"]), SheetRow(3, ["3.1", "3.2"])]
    assert sheet == Sheet(SheetRow(1, ["1.1", "1.2"]), rows)


def test_a_merged_range_reads_as_its_first_cell() -> None:
    xml = "".join(r.decode() for r in rows_of([(1, [(1, "Tiêu đề")]), (2, [(1, "a"), (2, "b")])]))
    sheet_xml = (
        f'<worksheet xmlns="{MAIN}"><sheetData>{xml}</sheetData>'
        '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>'
    )

    sheet = read_sheet(package([], parts={SHEET: sheet_xml}))

    assert sheet.header == SheetRow(1, ["Tiêu đề"])


def test_a_broken_sheet_is_unreadable_not_an_error() -> None:
    content = package([b'<row r="1"><c r="A1" t="s"><v>7</v></c></row>'])  # no 8th string

    assert refused(content).code == "unreadable_file"


# --- Off the event loop ---------------------------------------------------------------------------


async def test_reading_off_the_loop_uses_a_worker_thread_two_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loop_thread = threading.get_ident()
    threads: set[int] = set()
    running, most = 0, 0
    lock = threading.Lock()
    release = threading.Event()
    original = reading.read_sheet

    def watched(content: bytes, limits: SheetLimits) -> Sheet:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
            threads.add(threading.get_ident())
        release.wait(timeout=5)
        try:
            return original(content, limits)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(reading, "read_sheet", watched)
    content = b"a,b\n1,2\n"

    readers = [asyncio.create_task(read_sheet_off_loop(content)) for _ in range(4)]
    await asyncio.sleep(0.2)
    release.set()
    sheets = await asyncio.gather(*readers)

    assert loop_thread not in threads
    assert most == 2
    assert all(sheet.rows == [SheetRow(2, ["1", "2"])] for sheet in sheets)


def test_unpacked_limit_in_mebibytes() -> None:
    assert DEFAULT_LIMITS.unpacked_bytes == 48 * MIB
