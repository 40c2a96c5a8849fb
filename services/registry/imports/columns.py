"""The columns of a registration spreadsheet, found by their Vietnamese or English headers."""

from __future__ import annotations

from services.registry.imports.report import BulkRejected, ItemError
from services.registry.imports.spreadsheet import SheetRow
from shared.spreadsheets import Columns, ColumnSet, ColumnSpec, header_key

__all__ = ["COLUMNS", "Columns", "header_key", "locate_columns"]

COLUMNS = ColumnSet(
    (
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
)


def locate_columns(header: SheetRow) -> Columns:
    """The columns of ``header``; other columns (STT, Họ và tên…) are ignored.

    ``BulkRejected`` names every required column that is missing or given twice.
    """
    columns, errors = COLUMNS.locate(header, ItemError)
    if errors:
        raise BulkRejected(errors)
    return columns
