"""Turning a spreadsheet's data rows into awards of decisions, or errors per cell.

Values are accepted as officers write them: codes or Vietnamese names of awards (LĐTT,
"Lao động tiên tiến", "Bằng khen của Bộ Công Thương"), kinds and levels in Vietnamese or as
the API's values, dates as dd/mm/yyyy or yyyy-mm-dd, a period as "2016-2020".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
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
from shared.spreadsheets import DATE_FORMATS, RowCells
from shared.spreadsheets import ParsedRow as AnyParsedRow

T = TypeVar("T")
_PERIOD = re.compile(r"^(\d{4})\s*[-–—/]\s*(\d{4})$")
_DATE_FORMATS = (*DATE_FORMATS, "%d.%m.%Y")


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


ParsedRow = AnyParsedRow[RowValues, ItemError]
"""A data row: its award of a decision, or the errors of its cells."""
_Cells = RowCells[ItemError]


def parse_row(row: SheetRow, columns: Columns) -> ParsedRow:
    cells = _Cells(row, columns, ItemError)
    number = _bounded(cells, "number", 100, "invalid_number")
    signed_on = cells.parse_date("signed_on", required=True, formats=_DATE_FORMATS)
    authority = _bounded(cells, "issuing_authority", 2000, "invalid_authority")
    level = _optional(cells, "authority_level", level_of, "invalid_level")
    kind = _optional(cells, "commendation_kind", commendation_kind_of, "invalid_commendation_kind")
    recipient_kind = cells.value(
        "recipient_kind",
        recipient_kind_of,
        "invalid_kind",
        "member, unit, agency, household or enterprise",
    )
    recipient_id = cells.identifier("recipient_id")
    code = cells.value(
        "award_code", award_code_of, "unknown_award_code", "no such award in the catalogue"
    )
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


def _optional(cells: _Cells, field: str, parse: Callable[[str], T | None], code: str) -> T | None:
    msg = f"not a known {field.replace('_', ' ')}"
    return cells.value(field, parse, code, msg, required=False)


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
