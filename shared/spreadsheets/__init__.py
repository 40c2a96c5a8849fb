"""The spreadsheet import toolkit: what every service's CSV/XLSX import does alike.

- :mod:`.reading`: the first sheet of an XLSX, or a CSV, as numbered rows of text cells,
  streamed, within :mod:`.limits` (rows, columns, cells, unpacked size; an XLSX package is
  checked by :mod:`.xlsx_guard` before it is parsed), off the event loop for an API;
- :mod:`.columns`: columns found by their Vietnamese or English headers;
- :mod:`.cells`: one data row's cells read into values, an error per bad cell;
- :mod:`.report`: the refusals (row, column, English code, Vietnamese message) and the
  messages every import shares.

A service keeps its own columns, cell rules and messages: it defines its ``ItemError`` (a
subclass naming its message catalogue) and passes that type to the generic helpers, so each
refusal speaks with the service's words, and its ``BulkRejected`` of that type.
"""

from shared.spreadsheets.cells import DATE_FORMATS, ParsedRow, RowCells
from shared.spreadsheets.columns import Columns, ColumnSet, ColumnSpec, header_key
from shared.spreadsheets.limits import DEFAULT_LIMITS, SheetLimits, UnreadableSpreadsheet
from shared.spreadsheets.reading import Sheet, SheetRow, read_sheet, read_sheet_off_loop
from shared.spreadsheets.report import (
    COMMON_MESSAGES,
    BulkRejected,
    ItemError,
    Messages,
    read_or_refuse,
    read_upload_or_refuse,
)

__all__ = [
    "COMMON_MESSAGES",
    "DATE_FORMATS",
    "DEFAULT_LIMITS",
    "BulkRejected",
    "ColumnSet",
    "ColumnSpec",
    "Columns",
    "ItemError",
    "Messages",
    "ParsedRow",
    "RowCells",
    "Sheet",
    "SheetLimits",
    "SheetRow",
    "UnreadableSpreadsheet",
    "header_key",
    "read_or_refuse",
    "read_sheet",
    "read_sheet_off_loop",
    "read_upload_or_refuse",
]
