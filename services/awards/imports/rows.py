"""Turning a spreadsheet's data rows into awards of decisions, or errors per cell.

Values are accepted as officers write them: codes or Vietnamese names of awards (LĐTT,
"Lao động tiên tiến", "Bằng khen của Bộ Công Thương"), kinds and levels in Vietnamese or as
the API's values, dates as dd/mm/yyyy or yyyy-mm-dd, a period as "2016-2020".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from services.awards.imports.columns import Columns
from services.awards.imports.report import ItemError
from services.awards.imports.spreadsheet import SheetRow
from services.awards.imports.vocabulary import (
    award_code_of,
    commendation_kind_of,
    level_of,
    recipient_kind_of,
)
from shared.events.vocabulary import CommendationKind, GrantingLevel, RecipientKind

T = TypeVar("T")
_ID = re.compile(r"^\S{1,128}$")
_PERIOD = re.compile(r"^(\d{4})\s*[-–—/]\s*(\d{4})$")


@dataclass(frozen=True)
class RowValues:
    """One award of one decision, as a row gives it (the agency is the file's).

    ``authority_level`` is None when the row leaves it blank: the decision's level is then
    that of its awards. ``award_code`` is a catalogue code, or the text as typed when it names
    none (the domain refuses it and the report names it).
    """

    number: str
    signed_on: date
    issuing_authority: str
    authority_level: GrantingLevel | None
    commendation_kind: CommendationKind
    recipient_kind: RecipientKind
    recipient_id: str
    award_code: str
    year_from: int
    year_to: int


@dataclass(frozen=True)
class ParsedRow:
    """A data row: its values, or the errors of its cells."""

    number: int
    values: RowValues | None
    errors: list[ItemError]


class _Cells:
    """Reads one row's cells, collecting an error per bad cell."""

    def __init__(self, row: SheetRow, columns: Columns) -> None:
        self.row, self.columns, self.errors = row, columns, list[ItemError]()

    def text(self, field: str) -> str:
        return self.columns.cell(self.row.cells, field).strip()

    def fail(self, field: str, code: str, msg: str, value: str = "") -> None:
        error = ItemError(self.row.number, field, code, msg, {"value": value})
        self.errors.append(error)

    def required(self, field: str) -> str | None:
        value = self.text(field)
        if not value:
            self.fail(field, "missing_value", "the cell is empty")
            return None
        return value


def parse_row(row: SheetRow, columns: Columns) -> ParsedRow:
    cells = _Cells(row, columns)
    number = _bounded(cells, "number", 100, "invalid_number")
    signed_on = _date(cells, "signed_on")
    authority = _bounded(cells, "issuing_authority", 2000, "invalid_authority")
    level = _optional(cells, "authority_level", level_of, "invalid_level")
    kind = _optional(cells, "commendation_kind", commendation_kind_of, "invalid_commendation_kind")
    recipient_kind = _recipient_kind(cells)
    recipient_id = _identifier(cells, "recipient_id")
    code = _award_code(cells)
    years = _years(cells)
    if (
        cells.errors
        or number is None
        or signed_on is None
        or authority is None
        or recipient_kind is None
        or recipient_id is None
        or code is None
        or years is None
    ):
        return ParsedRow(row.number, None, cells.errors)
    values = RowValues(
        number,
        signed_on,
        authority,
        level,
        kind or CommendationKind.REGULAR,
        recipient_kind,
        recipient_id,
        code,
        *years,
    )
    return ParsedRow(row.number, values, [])


def _bounded(cells: _Cells, field: str, limit: int, code: str) -> str | None:
    text = cells.required(field)
    if text is not None and len(text) > limit:
        cells.fail(field, code, f"at most {limit} characters", text[:100])
        return None
    return text


def _date(cells: _Cells, field: str) -> date | None:
    text = cells.required(field)
    if text is None:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    cells.fail(field, "invalid_date", "a date as dd/mm/yyyy or yyyy-mm-dd", text)
    return None


def _optional(cells: _Cells, field: str, parse: Callable[[str], T | None], code: str) -> T | None:
    text = cells.text(field)
    if not text:
        return None
    found = parse(text)
    if found is None:
        cells.fail(field, code, f"not a known {field.replace('_', ' ')}", text)
    return found


def _recipient_kind(cells: _Cells) -> RecipientKind | None:
    text = cells.required("recipient_kind")
    if text is None:
        return None
    kind = recipient_kind_of(text)
    if kind is None:
        cells.fail("recipient_kind", "invalid_kind", "member, unit, agency or household", text)
    return kind


def _identifier(cells: _Cells, field: str) -> str | None:
    text = cells.required(field)
    if text is not None and not _ID.match(text):
        cells.fail(field, "invalid_id", "an id has no spaces and at most 128 characters", text)
        return None
    return text


def _award_code(cells: _Cells) -> str | None:
    text = cells.required("award_code")
    if text is None:
        return None
    code = award_code_of(text)
    if code is None:
        cells.fail("award_code", "unknown_award_code", "no such award in the catalogue", text)
    return code


def _years(cells: _Cells) -> tuple[int, int] | None:
    """A year, a period "2016-2020" in the year column, or the two period columns."""
    text = cells.text("achievement_year")
    if text:
        period = _PERIOD.match(text)
        found = (period.group(1), period.group(2)) if period else (text, text)
        return _span(cells, "achievement_year", found, text)
    first, last = cells.text("period_from"), cells.text("period_to")
    if not first and not last:
        cells.fail("achievement_year", "missing_year", "a year, or a period from/to")
        return None
    return _span(cells, "period_from", (first, last), f"{first}-{last}")


def _span(cells: _Cells, field: str, texts: tuple[str, str], shown: str) -> tuple[int, int] | None:
    if not all(t.isdigit() and 1945 <= int(t) <= 2100 for t in texts):
        cells.fail(field, "invalid_year", "a year from 1945 to 2100", shown)
        return None
    first, last = int(texts[0]), int(texts[1])
    if last < first:
        cells.fail(field, "invalid_period", "the last year is before the first", shown)
        return None
    return first, last
