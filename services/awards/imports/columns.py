"""The columns of a decisions spreadsheet, found by their Vietnamese or English headers."""

from __future__ import annotations

from services.awards.imports.report import BulkRejected, ItemError
from services.awards.imports.spreadsheet import SheetRow
from shared.spreadsheets import Columns, ColumnSet, ColumnSpec

__all__ = ["COLUMNS", "Columns", "locate_columns"]

COLUMNS = ColumnSet(
    (
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
        ColumnSpec(
            "recipient_kind", "Loại đối tượng", ("Đối tượng", "Loại", "recipient_kind", "kind")
        ),
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
)


def locate_columns(header: SheetRow) -> Columns:
    """The columns of ``header``; other columns (STT, Họ và tên…) are ignored.

    ``BulkRejected`` names every required column that is missing or given twice; a year
    column or both period columns are required.
    """
    columns, errors = COLUMNS.locate(header, ItemError)
    has_period = "period_from" in columns.index and "period_to" in columns.index
    if "achievement_year" not in columns.index and not has_period:
        errors.append(
            ItemError.of_column(
                header.number, "achievement_year", "Năm thành tích", "missing_column"
            )
        )
    if errors:
        raise BulkRejected(errors)
    return columns
