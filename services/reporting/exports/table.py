"""The table every export writes: a titled grid with Vietnamese column headings.

An export is a list of tables: one sheet each in XLSX, one after another in CSV. Cells are
plain values; numbers stay numbers (int counts, float shares) so that spreadsheets can add
them up.

A table laid out as a printed form (a statistical form of Circular 02/2023/TT-BNV) also has
lines above the grid (its header block, title and year) and below it (notes, signatures), made
of parts that span grid columns; headings over several rows with merged cells; a
column-numbering row; and a print setup (A4, landscape, fit to the page's width).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

Cell = str | int | float | None
"""A cell's value; None is an empty cell."""


@dataclass(frozen=True)
class Column:
    """A column: its heading, and the heading of the group it belongs to (if any)."""

    label: str
    group: str | None = None
    number_format: str | None = None
    """Spreadsheet number format of its cells, e.g. ``0.0%`` for shares."""

    @property
    def heading(self) -> str:
        """The one-line heading (CSV): "group – label" for a grouped column."""
        return f"{self.group} – {self.label}" if self.group else self.label


class Style(StrEnum):
    """How a part of a line outside the grid is shown."""

    PLAIN = "plain"
    BOLD = "bold"
    ITALIC = "italic"
    TITLE = "title"


@dataclass(frozen=True)
class Part:
    """Text spanning ``columns`` grid columns of a line outside the grid (0: to the end)."""

    text: str
    columns: int = 1
    style: Style = Style.PLAIN
    centred: bool = False


Line = Sequence[Part]
"""A line above or below the grid; an empty line is a blank row."""


@dataclass(frozen=True)
class HeadingCell:
    """A heading over the grid, merged over ``rows`` × ``columns`` from (row, column), both
    counted from 0 (row 0 is the first heading row)."""

    label: str
    row: int
    column: int
    rows: int = 1
    columns: int = 1


@dataclass(frozen=True)
class Table:
    """A titled grid; ``name`` is its sheet name (at most 31 characters, no ``[]:*?/\\``)."""

    name: str
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
    subtitle: str | None = None
    frozen_columns: int = 0
    """Leading columns that label the rows (kept in view when scrolling sideways)."""
    strong_rows: frozenset[int] = field(default_factory=frozenset)
    """Indexes of the rows shown in bold (totals)."""
    above: Sequence[Line] = ()
    """Lines above the grid, written instead of the title and subtitle."""
    headings: Sequence[HeadingCell] = ()
    """Merged headings over several rows, written instead of the group and column headings."""
    numbering: Sequence[str] = ()
    """The column-numbering row under the headings (A, B, 1, 2…); equal neighbours merge."""
    below: Sequence[Line] = ()
    """Lines under the grid."""
    printed: bool = False
    """Set up for print: A4 landscape, fit to the page's width, the headings on every page."""

    def __post_init__(self) -> None:
        width = len(self.columns)
        for index, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"{self.name}: row {index} has {len(row)} cells, not {width}")

    @property
    def heading_rows(self) -> int:
        """How many rows the headings take in XLSX."""
        if self.headings:
            return max(cell.row + cell.rows for cell in self.headings)
        return 2 if self.grouped else 1

    @property
    def grouped(self) -> bool:
        """Whether any column has a group heading (a second header row in XLSX)."""
        return any(column.group for column in self.columns)
