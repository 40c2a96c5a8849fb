"""The columns of a spreadsheet, found by their Vietnamese or English headers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from shared.spreadsheets.reading import SheetRow
from shared.spreadsheets.report import ItemError
from shared.text import fold

E = TypeVar("E", bound=ItemError)


@dataclass(frozen=True)
class ColumnSpec:
    """A row field, the header a template shows, and the other headers accepted."""

    field: str
    header: str
    aliases: tuple[str, ...]
    required: bool = True


def header_key(header: str) -> str:
    """What a header is compared by: ``Loại (đơn vị / cá nhân)`` → ``loai don vi ca nhan``."""
    return re.sub(r"[^a-z0-9]+", " ", fold(header)).strip()


@dataclass(frozen=True)
class Columns:
    """Where each field is in the sheet, and its header as the file spells it."""

    index: Mapping[str, int]
    names: Mapping[str, str]
    headers: Mapping[str, str]
    """The header a template shows, by field (the name of a column the file lacks)."""

    def cell(self, cells: list[str], field: str) -> str:
        position = self.index.get(field)
        if position is None or position >= len(cells):
            return ""
        return cells[position]

    def name(self, field: str) -> str:
        return self.names.get(field) or self.headers[field]


class ColumnSet:
    """The columns one kind of spreadsheet has."""

    def __init__(self, specs: Iterable[ColumnSpec]) -> None:
        self.specs = tuple(specs)
        self._by_key: Mapping[str, ColumnSpec] = MappingProxyType(
            {header_key(name): spec for spec in self.specs for name in (spec.header, *spec.aliases)}
        )
        self._headers = MappingProxyType({spec.field: spec.header for spec in self.specs})

    def locate(self, header: SheetRow, error: type[E]) -> tuple[Columns, list[E]]:
        """The columns of ``header``; other columns (STT, Họ và tên…) are ignored.

        The errors name every column given twice, then every required column missing.
        """
        index: dict[str, int] = {}
        names: dict[str, str] = {}
        errors: list[E] = []
        for position, text in enumerate(header.cells):
            spec = self._by_key.get(header_key(text))
            if spec is None:
                continue
            if spec.field in index:
                errors.append(error.of_column(header.number, spec.field, text, "duplicate_column"))
                continue
            index[spec.field], names[spec.field] = position, text
        for spec in self.specs:
            if spec.required and spec.field not in index:
                missing = error.of_column(header.number, spec.field, spec.header, "missing_column")
                errors.append(missing)
        return Columns(index=index, names=names, headers=self._headers), errors
