"""The table every export writes: a titled grid with Vietnamese column headings.

An export is a list of tables: one sheet each in XLSX, one after another in CSV. Cells are
plain values; numbers stay numbers (int counts, float shares) so that spreadsheets can add
them up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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

    def __post_init__(self) -> None:
        width = len(self.columns)
        for index, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"{self.name}: row {index} has {len(row)} cells, not {width}")

    @property
    def grouped(self) -> bool:
        """Whether any column has a group heading (a second header row in XLSX)."""
        return any(column.group for column in self.columns)
