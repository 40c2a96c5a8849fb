"""The parts of a sheet laid out as a printed form: lines of merged parts above and below the
grid, merged headings over several rows, the column-numbering row, thin borders round the
grid's cells, and the print setup (A4 landscape, fit to one page wide, headings repeated on
every page). Written with openpyxl's write-only sheets: merges and the page setup are kept
on the sheet and written after the rows, row heights before them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import cast

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import DimensionHolder, RowDimension
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from services.reporting.exports.cell_text import looks_like_formula
from services.reporting.exports.table import Cell, HeadingCell, Line, Part, Style, Table

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONTS = {
    Style.PLAIN: Font(),
    Style.BOLD: Font(bold=True),
    Style.ITALIC: Font(italic=True),
    Style.TITLE: Font(bold=True, size=14),
}
_HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
_CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_LABEL_WIDTH = 48.0
_NUMBER_WIDTH = 9.0
_HEADING_LINE_HEIGHT = 15.0


def text_cell(sheet: WriteOnlyWorksheet, value: Cell) -> SheetCell:
    """A cell of ``value``; text that starts like a formula stays text."""
    cell = WriteOnlyCell(sheet, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"
    return cell


def print_setup(sheet: WriteOnlyWorksheet, first_heading_row: int, last_heading_row: int) -> None:
    """A4 landscape, one page wide, the headings repeated at the top of every page."""
    # Write-only sheets keep a standard sheet's print settings; the stubs miss them.
    page = cast(Worksheet, sheet)
    page.page_setup.orientation = "landscape"
    page.page_setup.paperSize = "9"  # A4
    page.page_setup.fitToWidth = 1
    page.page_setup.fitToHeight = 0
    page.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    page.print_options.horizontalCentered = True
    page.page_margins.left = page.page_margins.right = 0.4
    page.print_title_rows = f"{first_heading_row}:{last_heading_row}"


def write_lines(
    sheet: WriteOnlyWorksheet, lines: Sequence[Line], width: int, first_row: int
) -> None:
    """``lines`` from ``first_row`` on, each part merged over the columns it spans."""
    for row, line in enumerate(lines, start=first_row):
        cells: list[SheetCell | None] = []
        for part, start, end in _placed(line, width):
            cell = text_cell(sheet, part.text or None)
            cell.font = _FONTS[part.style]
            cell.alignment = _CENTRED if part.centred else _LEFT
            cells += [cell, *([None] * (end - start))]
            _merge(sheet, row, start, row, end)
        sheet.append(cells)


def _placed(line: Line, width: int) -> Iterator[tuple[Part, int, int]]:
    """Each part with its first and last column (from 0); a part of 0 columns (or the last)
    reaches the last column."""
    start = 0
    for index, part in enumerate(line):
        last = index == len(line) - 1
        end = width - 1 if part.columns == 0 or last else min(start + part.columns, width) - 1
        yield part, start, end
        start = end + 1


def write_headings(sheet: WriteOnlyWorksheet, table: Table, first_row: int) -> None:
    """The merged headings and the column-numbering row, from ``first_row`` on."""
    rows: list[list[SheetCell]] = [
        [_heading_cell(sheet, None) for _ in table.columns] for _ in range(table.heading_rows)
    ]
    for heading in table.headings:
        rows[heading.row][heading.column].value = heading.label
        _merge_heading(sheet, heading, first_row)
    heights: DimensionHolder[int, RowDimension] = vars(sheet)["row_dimensions"]
    for offset, row in enumerate(rows):
        lines = max((_lines_of(h, table) for h in table.headings if h.row == offset), default=1)
        heights[first_row + offset].height = _HEADING_LINE_HEIGHT * lines
        sheet.append(row)
    if table.numbering:
        sheet.append([_heading_cell(sheet, number) for number in table.numbering])
        numbering_row = first_row + len(rows)
        for start, end in _runs(table.numbering):
            _merge(sheet, numbering_row, start, numbering_row, end)


def _heading_cell(sheet: WriteOnlyWorksheet, value: str | None) -> SheetCell:
    cell = text_cell(sheet, value)
    cell.font = _FONTS[Style.BOLD]
    cell.alignment = _CENTRED
    cell.fill = _HEADING_FILL
    cell.border = _BOX
    return cell


def _lines_of(heading: HeadingCell, table: Table) -> int:
    """How many lines the heading wraps to in the columns it spans, shared by its rows."""
    widths = column_widths(table)[heading.column : heading.column + heading.columns]
    needed = -(-len(heading.label) // max(int(sum(widths)) - 1, 1))
    return -(-needed // heading.rows)


def _merge_heading(sheet: WriteOnlyWorksheet, heading: HeadingCell, first_row: int) -> None:
    top = first_row + heading.row
    _merge(sheet, top, heading.column, top + heading.rows - 1, heading.column + heading.columns - 1)


def _runs(values: Sequence[str]) -> Iterator[tuple[int, int]]:
    """First and last index of each run of equal neighbours."""
    start = 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start]:
            yield start, index - 1
            start = index


def _merge(sheet: WriteOnlyWorksheet, top: int, left: int, bottom: int, right: int) -> None:
    if (top, left) != (bottom, right):
        first = f"{get_column_letter(left + 1)}{top}"
        cast(Worksheet, sheet).merged_cells.add(f"{first}:{get_column_letter(right + 1)}{bottom}")


def grid_cell(cell: SheetCell, *, label: bool) -> None:
    """A cell of the grid: boxed; a row's label wraps, its code and numbers are centred."""
    cell.border = _BOX
    wraps = label and isinstance(cell.value, str) and len(cell.value) > 8
    cell.alignment = _LEFT if wraps else _CENTRED


def column_widths(table: Table) -> list[float]:
    """The row label wide, its code and unit narrow, a number's column wide enough for the
    headings over it to wrap to about four lines (a heading's width shared by its columns)."""
    widths = [_LABEL_WIDTH] + [12.0] * (table.frozen_columns - 1)
    widths += [_NUMBER_WIDTH] * (len(table.columns) - table.frozen_columns)
    for heading in table.headings:
        if heading.column < table.frozen_columns:
            continue
        share = min(len(heading.label) / (4 * heading.columns) + 2, 24.0)
        for column in range(heading.column, heading.column + heading.columns):
            widths[column] = max(widths[column], share)
    return widths
