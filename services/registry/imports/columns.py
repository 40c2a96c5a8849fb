"""The columns of a registration spreadsheet, found by their Vietnamese or English headers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from services.registry.imports.report import BulkRejected, ItemError
from services.registry.imports.spreadsheet import SheetRow
from shared.text import fold


@dataclass(frozen=True)
class ColumnSpec:
    """A registration field, the header a template shows, and the other headers accepted."""

    field: str
    header: str
    aliases: tuple[str, ...]
    required: bool = True


COLUMNS = (
    ColumnSpec(
        "registrant_kind",
        "Loại (đơn vị/cá nhân)",
        ("Loại", "Loại đối tượng", "Đối tượng", "registrant_kind", "kind"),
    ),
    ColumnSpec(
        "registrant_id", "Mã đối tượng", ("Mã đơn vị/cá nhân", "registrant_id", "registrant")
    ),
    ColumnSpec("year", "Năm", ("Năm đăng ký", "year")),
    ColumnSpec("campaign_id", "Mã phong trào", ("campaign_id", "campaign"), required=False),
    ColumnSpec("award_codes", "Danh hiệu đăng ký", ("Danh hiệu", "award_codes", "awards")),
    ColumnSpec("submitted_on", "Ngày đăng ký", ("submitted_on",), required=False),
)


def header_key(header: str) -> str:
    """What a header is compared by: ``Loại (đơn vị / cá nhân)`` → ``loai don vi ca nhan``."""
    return re.sub(r"[^a-z0-9]+", " ", fold(header)).strip()


_BY_KEY: Mapping[str, ColumnSpec] = MappingProxyType(
    {header_key(name): spec for spec in COLUMNS for name in (spec.header, *spec.aliases)}
)


@dataclass(frozen=True)
class Columns:
    """Where each field is in the sheet, and its header as the file spells it."""

    index: Mapping[str, int]
    names: Mapping[str, str]

    def cell(self, cells: list[str], field: str) -> str:
        position = self.index.get(field)
        if position is None or position >= len(cells):
            return ""
        return cells[position]

    def name(self, field: str) -> str:
        return self.names.get(field) or _SPECS[field].header


_SPECS = {spec.field: spec for spec in COLUMNS}


def locate_columns(header: SheetRow) -> Columns:
    """The columns of ``header``; other columns (STT, Họ và tên…) are ignored.

    ``BulkRejected`` names every required column that is missing or given twice.
    """
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    errors: list[ItemError] = []
    for position, text in enumerate(header.cells):
        spec = _BY_KEY.get(header_key(text))
        if spec is None:
            continue
        if spec.field in index:
            errors.append(_column_error(header.number, spec.field, text, "duplicate_column"))
            continue
        index[spec.field], names[spec.field] = position, text
    for spec in COLUMNS:
        if spec.required and spec.field not in index:
            errors.append(_column_error(header.number, spec.field, spec.header, "missing_column"))
    if errors:
        raise BulkRejected(errors)
    return Columns(index=index, names=names)


def _column_error(row: int, field: str, column: str, code: str) -> ItemError:
    msg = f"column {column!r} is {'missing' if code == 'missing_column' else 'repeated'}"
    return ItemError(row, field, code, msg, {"column": column}, column=column)
