"""One refusal in a bulk registration request: which item (row or index), which field, why."""

from __future__ import annotations

from services.registry.imports.messages import MESSAGES
from shared.spreadsheets import report

__all__ = ["BulkRejected", "ItemError"]


class ItemError(report.ItemError):
    """A refused registration item; ``field`` is the registration field (``award_codes``)."""

    messages = MESSAGES


class BulkRejected(report.BulkRejected[ItemError]):
    """A bulk request was refused as a whole; nothing was written."""
