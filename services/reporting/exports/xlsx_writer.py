"""Tables as an XLSX workbook: one sheet per table, written with openpyxl's write-only mode
into a spooled temporary file (memory up to a few MB, disk beyond), then read back in chunks.

Each sheet: the title (bold) and subtitle, the group headings (if any) and the column
headings (bold, wrapped), then the rows; counts are number cells, shares carry their number
format. The headings and the row-label columns are frozen; column widths follow the content.
A table laid out as a printed form has its lines above and below the grid instead of the
title, merged headings, a column-numbering row, thin borders round the grid and a print setup
(:mod:`~services.reporting.exports.sheet_layout`). Text that starts like a formula is written
as a string cell, never as a formula (:mod:`~services.reporting.exports.cell_text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from tempfile import SpooledTemporaryFile
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import ColumnDimension, DimensionHolder

from services.reporting.exports import sheet_layout as layout
from services.reporting.exports.cell_text import looks_like_formula
from services.reporting.exports.table import Cell, Table

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 64 * 1024
IN_MEMORY_UP_TO = 8 * 1024 * 1024

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_ITALIC = Font(italic=True)
_HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAPPED = Alignment(wrap_text=True, vertical="center")
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def xlsx_file(tables: Sequence[Table]) -> IO[bytes]:
    """The workbook of ``tables`` in a temporary file positioned at its start."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(title=sheet_name(table.name, used))
        _write_sheet(sheet, table)
    file = SpooledTemporaryFile(max_size=IN_MEMORY_UP_TO)  # noqa: SIM115 (closed by the reader)
    workbook.save(file)
    file.seek(0)
    return file


def file_chunks(file: IO[bytes], size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The file's bytes in chunks of ``size``; the file is closed at the end."""
    with file:
        while chunk := file.read(size):
            yield chunk


def sheet_name(name: str, used: set[str]) -> str:
    """``name`` made a valid sheet name (≤ 31 characters), unique among ``used``."""
    base = _NOT_IN_SHEET_NAMES.sub("-", name).strip("'") or "Sheet"
    candidate, number = base[:31], 1
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
    used.add(candidate.casefold())
    return candidate


def _write_sheet(sheet: WriteOnlyWorksheet, table: Table) -> None:
    # Write-only sheets have column_dimensions (set before the first row); the stubs miss it.
    dimensions: DimensionHolder[str, ColumnDimension] = vars(sheet)["column_dimensions"]
    for index, width in enumerate(column_widths(table), start=1):
        dimensions[get_column_letter(index)].width = width
    top = len(table.above) if table.above else 1 + (1 if table.subtitle else 0)
    grid_starts = top + table.heading_rows + (1 if table.numbering else 0) + 1
    sheet.freeze_panes = f"{get_column_letter(table.frozen_columns + 1)}{grid_starts}"
    if table.printed:
        layout.print_setup(sheet, top + 1, grid_starts - 1)
    if table.above:
        layout.write_lines(sheet, table.above, len(table.columns), first_row=1)
    else:
        _write_title(sheet, table)
    if table.headings:
        layout.write_headings(sheet, table, first_row=top + 1)
    else:
        _write_plain_headings(sheet, table)
    for index, row in enumerate(table.rows):
        font = _BOLD if index in table.strong_rows else None
        sheet.append([_cell(sheet, value, table, column, font) for column, value in enumerate(row)])
    if table.below:
        first_row = grid_starts + len(table.rows)
        layout.write_lines(sheet, table.below, len(table.columns), first_row)


def _write_title(sheet: WriteOnlyWorksheet, table: Table) -> None:
    sheet.append([_styled(sheet, table.title, _TITLE)])
    if table.subtitle:
        sheet.append([_styled(sheet, table.subtitle, _ITALIC)])


def _write_plain_headings(sheet: WriteOnlyWorksheet, table: Table) -> None:
    if table.grouped:
        sheet.append([_heading(sheet, label) for label in _group_headings(table)])
    sheet.append([_heading(sheet, column.label) for column in table.columns])


def _group_headings(table: Table) -> list[str | None]:
    """Each group's heading above its first column."""
    headings: list[str | None] = []
    previous: str | None = None
    for column in table.columns:
        headings.append(column.group if column.group != previous else None)
        previous = column.group
    return headings


def _styled(sheet: WriteOnlyWorksheet, value: Cell, font: Font) -> SheetCell:
    cell = _text_cell(sheet, value)
    cell.font = font
    return cell


def _text_cell(sheet: WriteOnlyWorksheet, value: Cell) -> SheetCell:
    """A cell of ``value``; text that starts like a formula stays text."""
    return layout.text_cell(sheet, value)


def _heading(sheet: WriteOnlyWorksheet, label: str | None) -> SheetCell:
    cell = _styled(sheet, label, _BOLD)
    cell.alignment = _WRAPPED
    cell.fill = _HEADING_FILL
    return cell


def _cell(
    sheet: WriteOnlyWorksheet, value: Cell, table: Table, column: int, font: Font | None
) -> SheetCell | Cell:
    number_format = table.columns[column].number_format
    plain = font is None and number_format is None and not table.printed
    if plain and not looks_like_formula(value):
        return value
    cell = _text_cell(sheet, value)
    if table.printed:
        layout.grid_cell(cell, label=column < table.frozen_columns)
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    return cell


def column_widths(table: Table) -> list[float]:
    """A width per column (in characters): the widest value, headings wrapped at 16."""
    if table.printed:
        return layout.column_widths(table)
    widths = []
    for index, column in enumerate(table.columns):
        values = [len(_text(row[index])) for row in table.rows]
        words = [len(word) for word in column.label.split()]
        widest = max([*values, *words, min(len(column.label), 16)])
        widths.append(float(min(max(widest + 2, 6), 60)))
    return widths


def _text(value: Cell) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    return "" if value is None else str(value)
