"""Exported text that a spreadsheet must show as text, never run as a formula.

A recipient code, a title or a unit name comes from an officer's input or an imported file.
Written as it is, ``=HYPERLINK("http://…","Bấm")`` becomes a live formula in Excel or
LibreOffice (CSV injection, OWASP). Text that starts with one of the characters a
spreadsheet reads as the start of a formula is therefore written:

- in CSV, behind a single quote (``'=HYPERLINK(…)``), which Excel shows and does not evaluate;
- in XLSX, as a string cell (openpyxl would otherwise store it as a formula).

Numbers are never touched: a negative count stays a number.
"""

from __future__ import annotations

from services.reporting.exports.table import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Cell) -> bool:
    """Whether ``value`` is text a spreadsheet would take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: Cell) -> Cell:
    """``value`` as a CSV field that no spreadsheet evaluates."""
    return f"'{value}" if looks_like_formula(value) else value
