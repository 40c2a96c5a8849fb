"""One refusal in a bulk request: which item (row or index), which field, why."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.awards.imports.messages import vietnamese


@dataclass(frozen=True)
class ItemError:
    """A refused item: ``position`` is the spreadsheet row (header = 1) or the batch index.

    ``position`` is None for an error of the whole file (e.g. it cannot be read).
    ``field`` is the row's field (``award_code``), or a column the file lacks.
    """

    position: int | None
    field: str | None
    code: str
    msg: str
    details: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    column: str | None = None
    """The spreadsheet column as the file names it (imports only)."""

    @property
    def message(self) -> str:
        """The message in Vietnamese, for the officer."""
        return vietnamese(self.code, self.details)

    def as_row(self) -> dict[str, Any]:
        """The error as an import report shows it (row and column as the officer sees them)."""
        return {"row": self.position, "column": self.column, "field": self.field, **self._texts()}

    def as_item(self) -> dict[str, Any]:
        """The error as a JSON batch report shows it (``body.<index>.<field>``)."""
        path = ("body", self.position, self.field)
        field = ".".join(str(part) for part in path if part is not None)
        return {"index": self.position, "field": field, **self._texts()}

    def _texts(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "msg": self.msg}


class BulkRejected(Exception):
    """A bulk request was refused as a whole; nothing was written."""

    def __init__(self, errors: list[ItemError]) -> None:
        super().__init__(f"{len(errors)} errors; nothing was written")
        self.errors = errors

    def refused_items(self) -> int:
        return len({error.position for error in self.errors})


@dataclass(frozen=True)
class RowNote:
    """A warning on an imported row: the row is recorded anyway."""

    code: str
    details: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        """The warning in Vietnamese, for the officer."""
        return vietnamese(self.code, self.details)
