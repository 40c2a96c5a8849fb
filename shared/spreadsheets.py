"""Reading the first sheet of an XLSX file, or a CSV file, into rows of text cells.

Row numbers are those the officer sees in the spreadsheet (the first line is row 1); blank
rows are skipped but keep their numbers. The first non-blank row is the header.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class SheetRow:
    number: int
    cells: list[str]


@dataclass(frozen=True)
class Sheet:
    """The header row and the non-blank data rows below it."""

    header: SheetRow
    rows: list[SheetRow]


def read_sheet(content: bytes) -> Sheet:
    """Parse XLSX (recognised by its content) or CSV; ``UnreadableSpreadsheet`` if it cannot."""
    if content.startswith(_XLS_MAGIC):
        raise _file_error("legacy_xls", "XLS (Excel 97-2003) is not supported; use XLSX or CSV")
    lines = _xlsx_rows(content) if content.startswith(_XLSX_MAGIC) else _csv_rows(content)
    numbered = [
        SheetRow(number, cells)
        for number, cells in enumerate(lines, start=1)
        if any(cell for cell in cells)
    ]
    if len(numbered) < 2:
        raise _file_error("empty_file", "no header row or no data rows")
    return Sheet(header=numbered[0], rows=numbered[1:])


def _xlsx_rows(content: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
        raise _file_error("unreadable_file", f"not a readable XLSX file: {error}") from None
    sheet = workbook.worksheets[0]
    return [_text_cells(row) for row in sheet.iter_rows(min_row=1, values_only=True)]


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error("not_utf8", "a CSV file must be encoded in UTF-8") from None
    lines = text.splitlines()
    delimiter = _delimiter(lines[0] if lines else "")
    return [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=delimiter)]


def _delimiter(header: str) -> str:
    """The most frequent of comma, tab and semicolon in the header line (comma if none)."""
    counts = {candidate: header.count(candidate) for candidate in (",", "\t", ";")}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def _text_cells(values: Sequence[Any] | Iterable[Any]) -> list[str]:
    return [_text(value) for value in values]


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


class UnreadableSpreadsheet(ValueError):
    """The file as a whole cannot be read; ``code`` is the English reason code."""

    def __init__(self, code: str, msg: str) -> None:
        super().__init__(msg)
        self.code = code
        self.msg = msg


def _file_error(code: str, msg: str) -> UnreadableSpreadsheet:
    return UnreadableSpreadsheet(code, msg)
