"""The columns of a decisions spreadsheet, found by their Vietnamese or English headers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from services.awards.imports.report import BulkRejected, ItemError
from services.awards.imports.spreadsheet import SheetRow
from shared.text import fold


@dataclass(frozen=True)
class ColumnSpec:
    """A row field, the header a template shows, and the other headers accepted."""

    field: str
    header: str
    aliases: tuple[str, ...]
    required: bool = True


COLUMNS = (
    ColumnSpec("number", "Số quyết định", ("Số QĐ", "decision_number", "number")),
    ColumnSpec("signed_on", "Ngày ký", ("Ngày quyết định", "Ngày ban hành", "signed_on")),
    ColumnSpec(
        "issuing_authority",
        "Cơ quan ban hành",
        ("Cơ quan quyết định", "Người ký", "Thẩm quyền", "issuing_authority"),
    ),
    ColumnSpec(
        "authority_level", "Cấp khen", ("Cấp quyết định", "authority_level"), required=False
    ),
    ColumnSpec(
        "commendation_kind",
        "Loại khen thưởng",
        ("Hình thức khen", "commendation_kind"),
        required=False,
    ),
    ColumnSpec("recipient_kind", "Loại đối tượng", ("Đối tượng", "Loại", "recipient_kind", "kind")),
    ColumnSpec(
        "recipient_id",
        "Mã đối tượng",
        ("Mã cá nhân/tập thể", "Mã đơn vị/cá nhân", "recipient_id", "recipient"),
    ),
    ColumnSpec(
        "award_code",
        "Danh hiệu/hình thức",
        ("Danh hiệu", "Hình thức khen thưởng", "Mã danh hiệu", "award_code", "award"),
    ),
    ColumnSpec(
        "achievement_year",
        "Năm thành tích",
        ("Năm", "Năm/giai đoạn", "achievement_year", "year"),
        required=False,
    ),
    ColumnSpec("period_from", "Từ năm", ("period_from",), required=False),
    ColumnSpec("period_to", "Đến năm", ("period_to",), required=False),
)


def header_key(header: str) -> str:
    """What a header is compared by: ``Số  QĐ`` → ``so qd``."""
    return re.sub(r"[^a-z0-9]+", " ", fold(header)).strip()


_BY_KEY: Mapping[str, ColumnSpec] = MappingProxyType(
    {header_key(name): spec for spec in COLUMNS for name in (spec.header, *spec.aliases)}
)
_SPECS = {spec.field: spec for spec in COLUMNS}


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


def locate_columns(header: SheetRow) -> Columns:
    """The columns of ``header``; other columns (STT, Họ và tên…) are ignored.

    ``BulkRejected`` names every required column that is missing or given twice; a year
    column or both period columns are required.
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
    has_period = "period_from" in index and "period_to" in index
    if "achievement_year" not in index and not has_period:
        errors.append(
            _column_error(header.number, "achievement_year", "Năm thành tích", "missing_column")
        )
    if errors:
        raise BulkRejected(errors)
    return Columns(index=index, names=names)


def _column_error(row: int, field: str, column: str, code: str) -> ItemError:
    msg = f"column {column!r} is {'missing' if code == 'missing_column' else 'repeated'}"
    return ItemError(row, field, code, msg, {"column": column}, column=column)
