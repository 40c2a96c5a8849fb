"""Reading one data row's cells into values, with an error per bad cell."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Generic, TypeVar

from shared.events.vocabulary import BUSINESS_DATE_FLOOR, business_date_ceiling
from shared.spreadsheets.columns import Columns
from shared.spreadsheets.reading import SheetRow
from shared.spreadsheets.report import ItemError

V = TypeVar("V")
T = TypeVar("T")
E = TypeVar("E", bound=ItemError)

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")
"""How officers write dates: dd/mm/yyyy, yyyy-mm-dd, dd-mm-yyyy."""

_ID = re.compile(r"^\S{1,128}$")


@dataclass(frozen=True)
class ParsedRow(Generic[V, E]):
    """A data row: its values, or the errors of its cells."""

    number: int
    values: V | None
    errors: list[E]


class RowCells(Generic[E]):
    """Reads one row's cells by field, collecting an ``error`` per bad cell."""

    def __init__(self, row: SheetRow, columns: Columns, error: type[E]) -> None:
        self.row, self.columns, self._error = row, columns, error
        self.errors: list[E] = []

    def text(self, field: str) -> str:
        return self.columns.cell(self.row.cells, field).strip()

    def fail(self, field: str, code: str, msg: str, value: str = "") -> None:
        self.errors.append(self._error(self.row.number, field, code, msg, {"value": value}))

    def required(self, field: str) -> str | None:
        """The cell's text; None (and ``missing_value``) if it is empty."""
        value = self.text(field)
        if not value:
            self.fail(field, "missing_value", "the cell is empty")
            return None
        return value

    def value(
        self,
        field: str,
        parse: Callable[[str], T | None],
        code: str,
        msg: str,
        *,
        required: bool = True,
    ) -> T | None:
        """What ``parse`` makes of the cell's text; ``code`` and ``msg`` if it makes None."""
        text = self.required(field) if required else self.text(field)
        if not text:
            return None
        found = parse(text)
        if found is None:
            self.fail(field, code, msg, text)
        return found

    def identifier(self, field: str, *, required: bool = True) -> str | None:
        """An id: no spaces, at most 128 characters (``invalid_id``)."""
        text = self.required(field) if required else self.text(field) or None
        if text is not None and not _ID.match(text):
            self.fail(field, "invalid_id", "an id has no spaces and at most 128 characters", text)
            return None
        return text

    def parse_date(
        self, field: str, *, required: bool, formats: Sequence[str] = DATE_FORMATS
    ) -> date | None:
        """A date in one of ``formats`` (``invalid_date``), in the business window
        (``date_out_of_range``: as :data:`~shared.events.vocabulary.BusinessDate`)."""
        text = self.required(field) if required else self.text(field)
        if not text:
            return None
        day = _strptime_date(text, tuple(formats))
        if day is None:
            self.fail(field, "invalid_date", "a date as dd/mm/yyyy or yyyy-mm-dd", text)
            return None
        if not BUSINESS_DATE_FLOOR <= day <= business_date_ceiling():
            self.fail(field, "date_out_of_range", "a business date from 1945 on", text)
            return None
        return day


@lru_cache(maxsize=4096)
def _strptime_date(text: str, formats: tuple[str, ...]) -> date | None:
    """The day ``text`` reads as in the first of ``formats`` that fits, or None. Remembered:
    a file's rows share a few dates, and ``strptime`` (tried per format) is slow."""
    for pattern in formats:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
