"""Reading the first sheet of an XLSX file, or a CSV file, into rows of text cells.

Row numbers are those the officer sees in the spreadsheet (the first line is row 1); blank
rows are skipped but keep their numbers. The first non-blank row is the header. A row's
empty cells after its last value are dropped.

Reading streams: a CSV through :mod:`csv`, record by record; an XLSX through openpyxl's
read-only mode, row by row, after :mod:`.xlsx_guard` has checked the whole package. The
:class:`~shared.spreadsheets.limits.SheetLimits` are checked on every row, and the first one
exceeded stops reading (``UnreadableSpreadsheet``): only a sheet within them is ever held.
Reading costs CPU time: :func:`read_sheet_off_loop` does it in a worker thread, so that a
service keeps answering while a file is read.

What read-only mode does not do as the full mode did, and how it is met here:

- a sheet's declared dimensions may be missing or wrong (``A1`` for a full sheet cuts rows
  off; ``A1:XFD1048576`` pads every row to 16,384 cells): they are ignored
  (``reset_dimensions``), each row is as long as the cells it holds;
- merged cells: the value is in the range's first cell, the others read as empty (as the
  full mode's ``MergedCell``);
- the workbook keeps the file open until it is closed: it is, whatever happens;
- links to other workbooks hold cached copies of their sheets: they are not read
  (``keep_links=False``).
"""

from __future__ import annotations

import csv
import io
import itertools
import weakref
import zipfile
import zlib
from asyncio import AbstractEventLoop, get_running_loop
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import anyio
import anyio.to_thread
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from shared.spreadsheets.limits import (
    DEFAULT_LIMITS,
    SheetLimits,
    UnreadableSpreadsheet,
    too_many_cells,
    too_many_columns,
    too_many_rows,
)
from shared.spreadsheets.xlsx_guard import check_package

__all__ = [
    "DEFAULT_LIMITS",
    "Sheet",
    "SheetLimits",
    "SheetRow",
    "UnreadableSpreadsheet",
    "read_sheet",
    "read_sheet_off_loop",
]

_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"

_BROKEN_XLSX = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    InvalidFileException,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    SyntaxError,  # xml.etree's ParseError
    OSError,
)
"""What openpyxl (or zipfile under it) raises on a broken or hand-made package."""

READERS_AT_ONCE = 2
"""Files one service process reads at once (one per core); more uploads wait their turn,
so that the memory spent reading stays bounded however many arrive together."""


@dataclass(frozen=True)
class SheetRow:
    number: int
    cells: list[str]


@dataclass(frozen=True)
class Sheet:
    """The header row and the non-blank data rows below it."""

    header: SheetRow
    rows: list[SheetRow]


def read_sheet(content: bytes, limits: SheetLimits = DEFAULT_LIMITS) -> Sheet:
    """Parse XLSX (recognised by its content) or CSV; ``UnreadableSpreadsheet`` if it cannot,
    or if it goes beyond ``limits``. Blocking: see :func:`read_sheet_off_loop`."""
    if content.startswith(_XLS_MAGIC):
        raise _file_error("legacy_xls", "XLS (Excel 97-2003) is not supported; use XLSX or CSV")
    if content.startswith(_XLSX_MAGIC):
        return _xlsx_sheet(content, limits)
    return _csv_sheet(content, limits)


async def read_sheet_off_loop(content: bytes, limits: SheetLimits = DEFAULT_LIMITS) -> Sheet:
    """:func:`read_sheet` in a worker thread, at most :data:`READERS_AT_ONCE` at a time: the
    event loop goes on serving other requests meanwhile."""
    return await anyio.to_thread.run_sync(read_sheet, content, limits, limiter=_readers())


_LIMITERS: weakref.WeakKeyDictionary[AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


def _readers() -> anyio.CapacityLimiter:
    """The readers' limiter of the running event loop (one per loop: a limiter is bound to
    the loop that first waits on it)."""
    loop = get_running_loop()
    limiter = _LIMITERS.get(loop)
    if limiter is None:
        limiter = _LIMITERS[loop] = anyio.CapacityLimiter(READERS_AT_ONCE)
    return limiter


def _xlsx_sheet(content: bytes, limits: SheetLimits) -> Sheet:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            check_package(archive, limits)
        workbook = load_workbook(
            io.BytesIO(content), read_only=True, data_only=True, keep_links=False
        )
    except UnreadableSpreadsheet:
        raise
    except _BROKEN_XLSX as error:
        raise _unreadable_xlsx(error) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if not isinstance(sheet, ReadOnlyWorksheet):
            raise _file_error("empty_file", "the workbook has no worksheet")
        sheet.reset_dimensions()  # never trust the file's own idea of its size
        return _sheet_of(sheet.iter_rows(values_only=True), limits, _text)
    except UnreadableSpreadsheet:
        raise
    except _BROKEN_XLSX as error:
        raise _unreadable_xlsx(error) from None
    finally:
        workbook.close()


def _unreadable_xlsx(error: BaseException) -> UnreadableSpreadsheet:
    return _file_error("unreadable_file", f"not a readable XLSX file: {error}")


def _csv_sheet(content: bytes, limits: SheetLimits) -> Sheet:
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        records = csv.reader(itertools.chain((first,), text), delimiter=_delimiter(first))
        return _sheet_of(records, limits, _stripped)
    except UnicodeDecodeError:
        raise _file_error("not_utf8", "a CSV file must be encoded in UTF-8") from None
    except csv.Error as error:
        raise _file_error("unreadable_file", f"not a readable CSV file: {error}") from None


def _delimiter(header: str) -> str:
    """The most frequent of comma, tab and semicolon in the header line (comma if none)."""
    counts = {candidate: header.count(candidate) for candidate in (",", "\t", ";")}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def _sheet_of(
    lines: Iterable[Sequence[Any]], limits: SheetLimits, text: Callable[[Any], str]
) -> Sheet:
    """The header and data rows of ``lines`` (the sheet's rows from row 1, as they come),
    pulling no row past the first limit exceeded."""
    return _header_and_rows(list(_within(lines, limits, text)))


def _within(
    lines: Iterable[Sequence[Any]], limits: SheetLimits, text: Callable[[Any], str]
) -> Iterator[SheetRow]:
    """The non-blank rows of ``lines``, as text without their trailing empty cells; raises
    at the first limit exceeded, before pulling another row."""
    cells = 0
    for number, values in enumerate(lines, start=1):
        if number > limits.rows:
            raise too_many_rows(limits)
        cells += len(values)
        if cells > limits.cells:
            raise too_many_cells(limits, number)
        row = [text(value) for value in values]
        while row and not row[-1]:
            row.pop()
        if len(row) > limits.columns:
            raise too_many_columns(limits, number, len(row))
        if row:
            yield SheetRow(number, row)


def _header_and_rows(numbered: list[SheetRow]) -> Sheet:
    if len(numbered) < 2:
        raise _file_error("empty_file", "no header row or no data rows")
    return Sheet(header=numbered[0], rows=numbered[1:])


def _stripped(value: str) -> str:
    return value.strip()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _file_error(code: str, msg: str) -> UnreadableSpreadsheet:
    return UnreadableSpreadsheet(code, msg)
