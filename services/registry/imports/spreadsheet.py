"""Reading an uploaded spreadsheet; a file that cannot be read refuses the whole import."""

from __future__ import annotations

from services.registry.imports.report import BulkRejected, ItemError
from shared.spreadsheets import (
    DEFAULT_LIMITS,
    Sheet,
    SheetLimits,
    SheetRow,
    read_or_refuse,
    read_upload_or_refuse,
)

__all__ = ["LIMITS", "Sheet", "SheetRow", "read_sheet", "read_upload"]

LIMITS: SheetLimits = DEFAULT_LIMITS
"""The most a file of registrations may hold (see ``SheetLimits``): beyond, reading stops."""


def read_sheet(content: bytes) -> Sheet:
    """The file's rows (see ``shared.spreadsheets``); ``BulkRejected`` if it cannot be read."""
    return read_or_refuse(content, BulkRejected, ItemError, LIMITS)


async def read_upload(content: bytes) -> Sheet:
    """:func:`read_sheet` in a worker thread: the service answers other requests meanwhile."""
    return await read_upload_or_refuse(content, BulkRejected, ItemError, LIMITS)
