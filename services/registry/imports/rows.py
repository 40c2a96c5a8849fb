"""Turning a spreadsheet's data rows into registration values, or errors per cell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from services.registry.imports.columns import Columns
from services.registry.imports.report import ItemError
from services.registry.imports.spreadsheet import SheetRow
from shared.events.vocabulary import SubjectKind
from shared.reference.awards import AWARDS
from shared.text import fold

_KINDS = {
    **dict.fromkeys(("don vi", "tap the", "unit", "collective"), SubjectKind.UNIT),
    **dict.fromkeys(("ca nhan", "member", "individual"), SubjectKind.MEMBER),
}
_ID = re.compile(r"^\S{1,128}$")
_CODE_SEPARATORS = re.compile(r"[;,\n]")
#: Award codes by their folded code (LĐTT → ldtt) and their folded Vietnamese name.
_AWARD_ALIASES = {
    **{fold(code): code for code in AWARDS},
    **{fold(award.name_vi): code for code, award in AWARDS.items()},
}


@dataclass(frozen=True)
class RowValues:
    """The registration a row asks for (the agency is the file's)."""

    registrant_kind: SubjectKind
    registrant_id: str
    year: int
    campaign_id: str | None
    award_codes: tuple[str, ...]
    submitted_on: date | None


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
    kind = _kind(cells)
    registrant_id = _identifier(cells, "registrant_id", required=True)
    year = _year(cells)
    campaign_id = _identifier(cells, "campaign_id", required=False)
    codes = _award_codes(cells)
    submitted_on = _date(cells, "submitted_on")
    if cells.errors or kind is None or registrant_id is None or year is None:
        return ParsedRow(row.number, None, cells.errors)
    values = RowValues(kind, registrant_id, year, campaign_id, codes, submitted_on)
    return ParsedRow(row.number, values, [])


def _kind(cells: _Cells) -> SubjectKind | None:
    text = cells.required("registrant_kind")
    if text is None:
        return None
    kind = _KINDS.get(fold(text))
    if kind is None:
        cells.fail("registrant_kind", "invalid_kind", "must be unit or member", text)
    return kind


def _identifier(cells: _Cells, field: str, *, required: bool) -> str | None:
    text = cells.required(field) if required else cells.text(field) or None
    if text is not None and not _ID.match(text):
        cells.fail(field, "invalid_id", "an id has no spaces and at most 128 characters", text)
    return text


def _year(cells: _Cells) -> int | None:
    text = cells.required("year")
    if text is None:
        return None
    if not (text.isdigit() and 1945 <= int(text) <= 2100):
        cells.fail("year", "invalid_year", "a year from 1945 to 2100", text)
        return None
    return int(text)


def _award_codes(cells: _Cells) -> tuple[str, ...]:
    """Codes separated by ``;``, as codes (LDTT, LĐTT) or names (Lao động tiên tiến).

    Unknown entries are kept as typed: the domain names them in its refusal.
    """
    text = cells.required("award_codes")
    if text is None:
        return ()
    entries = [entry.strip() for entry in _CODE_SEPARATORS.split(text) if entry.strip()]
    return tuple(_AWARD_ALIASES.get(fold(entry), entry) for entry in entries)


def _date(cells: _Cells, field: str) -> date | None:
    text = cells.text(field)
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    cells.fail(field, "invalid_date", "a date as dd/mm/yyyy or yyyy-mm-dd", text)
    return None
