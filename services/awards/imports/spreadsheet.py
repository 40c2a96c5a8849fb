"""Reading an uploaded spreadsheet; a file that cannot be read refuses the whole import."""

from __future__ import annotations

from services.awards.imports.report import BulkRejected, ItemError
from shared import spreadsheets
from shared.spreadsheets import Sheet, SheetRow

__all__ = ["Sheet", "SheetRow", "read_sheet"]


def read_sheet(content: bytes) -> Sheet:
    """The file's rows (see ``shared.spreadsheets``); ``BulkRejected`` if it cannot be read."""
    try:
        return spreadsheets.read_sheet(content)
    except spreadsheets.UnreadableSpreadsheet as error:
        refusal = ItemError(position=None, field=None, code=error.code, msg=error.msg)
        raise BulkRejected([refusal]) from error
