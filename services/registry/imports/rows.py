"""Turning a spreadsheet's data rows into registration values, or errors per cell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from services.registry.imports.columns import Columns
from services.registry.imports.report import ItemError
from services.registry.imports.spreadsheet import SheetRow
from shared.events.vocabulary import SubjectKind
from shared.reference.awards import AWARDS
from shared.spreadsheets import ParsedRow as AnyParsedRow
from shared.spreadsheets import RowCells
from shared.text import fold

_KINDS = {
    **dict.fromkeys(("don vi", "tap the", "unit", "collective"), SubjectKind.UNIT),
    **dict.fromkeys(("ca nhan", "member", "individual"), SubjectKind.MEMBER),
}
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


ParsedRow = AnyParsedRow[RowValues, ItemError]
"""A data row: its registration values, or the errors of its cells."""
_Cells = RowCells[ItemError]


def parse_row(row: SheetRow, columns: Columns) -> ParsedRow:
    cells = _Cells(row, columns, ItemError)
    kind = cells.value("registrant_kind", _kind_of, "invalid_kind", "must be unit or member")
    registrant_id = cells.identifier("registrant_id")
    year = _year(cells)
    campaign_id = cells.identifier("campaign_id", required=False)
    codes = _award_codes(cells)
    submitted_on = cells.parse_date("submitted_on", required=False)
    if cells.errors or kind is None or registrant_id is None or year is None:
        return ParsedRow(row.number, None, cells.errors)
    values = RowValues(kind, registrant_id, year, campaign_id, codes, submitted_on)
    return ParsedRow(row.number, values, [])


def _kind_of(text: str) -> SubjectKind | None:
    return _KINDS.get(fold(text))


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
