"""How much of a spreadsheet an import reads at most, and the refusal when a file holds more.

The limits bound what reading a file may cost (time and memory), whatever the file claims:
they are checked while reading, and reading stops at the first one exceeded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MIB = 1024 * 1024


@dataclass(frozen=True)
class SheetLimits:
    """The most a sheet may hold.

    The defaults fit the imports with room to spare: the largest accepts 5,000 data rows
    (past decisions) and a province registers at most a few thousand rows a year.

    - ``rows``: the sheet's rows, blank ones included (the last row number read): four
      times the largest import, room for title rows, blank rows and a service's own,
      exactly counted, "too many data rows" refusal;
    - ``columns``: the last column holding a value, in any row: a template has at most
      fifteen columns the import reads, plus the officer's own (STT, Họ và tên, Ghi chú…);
    - ``cells``: every cell the reader goes through (an empty but formatted cell counts: it
      costs as much to read), in all rows: 5,000 rows as wide as 60 columns;
    - ``unpacked_bytes``: an XLSX file's parts once unzipped, as the file declares them
      (:mod:`zipfile` reads no more than declared): a sheet at the cell limit written with
      inline text of ~100 bytes a cell is 30 MB; past 48 MB a file is a zip bomb, not a
      province's registrations.
    """

    rows: int = 20_000
    columns: int = 60
    cells: int = 300_000
    unpacked_bytes: int = 48 * MIB


DEFAULT_LIMITS = SheetLimits()


class UnreadableSpreadsheet(ValueError):
    """The file as a whole cannot be read; ``code`` is the English reason code.

    ``details`` fill the Vietnamese message in (the limit exceeded, the row reading stopped at).
    """

    def __init__(self, code: str, msg: str, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(msg)
        self.code = code
        self.msg = msg
        self.details: Mapping[str, Any] = dict(details or {})


def too_many_rows(limits: SheetLimits) -> UnreadableSpreadsheet:
    msg = f"the sheet has more than {limits.rows} rows, blank rows included"
    return UnreadableSpreadsheet("too_many_sheet_rows", msg, {"limit": limits.rows})


def too_many_columns(limits: SheetLimits, row: int, column: int) -> UnreadableSpreadsheet:
    msg = f"row {row} has a value in column {column}; at most {limits.columns} columns are read"
    details = {"limit": limits.columns, "row": row, "column": column}
    return UnreadableSpreadsheet("too_many_columns", msg, details)


def too_many_cells(limits: SheetLimits, row: int) -> UnreadableSpreadsheet:
    msg = f"more than {limits.cells} cells (reading stopped at row {row})"
    return UnreadableSpreadsheet("too_many_cells", msg, {"limit": limits.cells, "row": row})


def too_large_unpacked(limits: SheetLimits, size: int) -> UnreadableSpreadsheet:
    size_mb, limit_mb = -(-size // MIB), limits.unpacked_bytes // MIB
    msg = f"the XLSX file unpacks to {size_mb} MB; at most {limit_mb} MB are read"
    details = {"size_mb": size_mb, "limit_mb": limit_mb}
    return UnreadableSpreadsheet("unpacked_too_large", msg, details)


def too_complex(part: str) -> UnreadableSpreadsheet:
    msg = f"the part {part!r} holds too many XML elements (formats, merged cells, objects…)"
    return UnreadableSpreadsheet("too_complex_file", msg, {"part": part})
