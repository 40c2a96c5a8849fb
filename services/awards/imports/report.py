"""One refusal in a decisions import (which row, which field, why), and a row's warnings."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.awards.imports.messages import MESSAGES
from shared.spreadsheets import report

__all__ = ["BulkRejected", "ItemError", "RowNote"]


class ItemError(report.ItemError):
    """A refused row; ``field`` is the row's field (``award_code``), or a column it lacks."""

    messages = MESSAGES


class BulkRejected(report.BulkRejected[ItemError]):
    """A bulk request was refused as a whole; nothing was written."""


@dataclass(frozen=True)
class RowNote:
    """A warning on an imported row: the row is recorded anyway."""

    code: str
    details: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        """The warning in Vietnamese, for the officer."""
        return MESSAGES.vietnamese(self.code, self.details)
