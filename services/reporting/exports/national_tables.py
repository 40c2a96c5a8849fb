"""The national comparison and an agency's streaks as export tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from services.reporting.exports.form_tables import period_label
from services.reporting.exports.table import Cell, Column, Table
from services.reporting.queries.agency_awards import code_order
from services.reporting.queries.common import award_name
from services.reporting.queries.national_models import (
    COUNT_COLUMNS,
    GroupBy,
    NationalReport,
    NationalRow,
)
from services.reporting.queries.streaks import Run, Streak

COUNT_LABELS = {
    "campaigns": "Phong trào thi đua",
    "awards": "Tổng số lượt khen thưởng",
    "awards_state": "Cấp Nhà nước",
    "awards_ministry_province": "Cấp bộ, tỉnh",
    "awards_unit": "Cấp cơ sở",
    "awards_collective": "Tập thể",
    "awards_individual": "Cá nhân",
    "awards_household": "Hộ gia đình",
    "registrations": "Đăng ký thi đua",
    "initiatives_registered": "Sáng kiến đăng ký",
    "initiatives_recognised": "Sáng kiến được công nhận",
    "proposals_submitted": "Hồ sơ đề nghị đã gửi",
    "proposals_pending": "Hồ sơ đề nghị đang chờ",
}
_GROUPS = {
    "awards_state": "Lượt khen thưởng theo cấp",
    "awards_ministry_province": "Lượt khen thưởng theo cấp",
    "awards_unit": "Lượt khen thưởng theo cấp",
    "awards_collective": "Lượt khen thưởng theo đối tượng",
    "awards_individual": "Lượt khen thưởng theo đối tượng",
    "awards_household": "Lượt khen thưởng theo đối tượng",
}
_KEY_HEADINGS = {
    GroupBy.AGENCY: "Mã cơ quan",
    GroupBy.PROVINCE63: "Mã tỉnh (danh mục 63 tỉnh) hoặc mã cơ quan",
    GroupBy.PROVINCE34: "Mã tỉnh (danh mục 34 tỉnh)",
}
RECIPIENT_KINDS = {
    "unit": "Tập thể",
    "agency": "Cơ quan",
    "member": "Cá nhân",
    "enterprise": "Doanh nghiệp",
}


def national_table(report: NationalReport) -> Table:
    """Every provincial row, their total, the ministry's units, their total, the grand total;
    a column per count, then one per award code any row holds."""
    sections = [
        ("Tỉnh, thành phố", report.items),
        ("Sở theo danh mục 34 tỉnh (từ 01/7/2025)", report.post_merger_agencies),
        ("Tổng", [report.totals]),
        ("Đơn vị thuộc Bộ", report.ministry_units),
        ("Tổng", [report.ministry_units_total, report.grand_total]),
    ]
    codes = _codes(row for _, rows in sections for row in rows)
    rows = [_national_row(kind, row, codes) for kind, group in sections for row in group]
    totals = {i for i, row in enumerate(rows) if row[0] == "Tổng"}
    return Table(
        name="Toàn quốc",
        title=f"Thi đua – khen thưởng toàn ngành, {period_label(report.year_from, report.year_to)}",
        subtitle="Tỉnh, thành phố và các đơn vị thuộc Bộ; số lượt khen thưởng không tính "
        "khen thưởng đã bị hủy bỏ",
        columns=_national_columns(report.group_by, codes),
        rows=rows,
        frozen_columns=3,
        strong_rows=frozenset(totals),
    )


def _national_columns(group_by: GroupBy, codes: Sequence[str]) -> list[Column]:
    return [
        Column("Nhóm"),
        Column(_KEY_HEADINGS[group_by]),
        Column("Tên"),
        Column("Danh sách tỉnh"),
        Column("Các cơ quan"),
        *(Column(COUNT_LABELS[name], _GROUPS.get(name)) for name in COUNT_COLUMNS),
        *(Column(award_name(code) or code, "Lượt khen thưởng theo danh hiệu") for code in codes),
    ]


def _codes(rows: Iterable[NationalRow]) -> list[str]:
    seen = {code for row in rows for code, n in row.awards_by_code.items() if n}
    return sorted(seen, key=code_order)


def _national_row(kind: str, row: NationalRow, codes: Sequence[str]) -> list[Cell]:
    return [
        *(kind, row.key, row.name, row.province_list, ", ".join(row.agencies)),
        *(int(getattr(row, name)) for name in COUNT_COLUMNS),
        *(row.awards_by_code.get(code, 0) for code in codes),
    ]


def streaks_table(agency: str, streaks: Sequence[Streak]) -> Table:
    """One row per recipient and award: years held, the longest run and the current one."""
    run_columns = ("Từ năm", "Đến năm", "Số năm")
    columns = [
        Column("Mã danh hiệu"),
        Column("Danh hiệu, hình thức"),
        Column("Đối tượng"),
        Column("Mã đối tượng"),
        Column("Số năm đạt"),
        *(Column(label, "Chuỗi năm liền dài nhất") for label in run_columns),
        *(Column(label, "Chuỗi năm liền hiện tại") for label in run_columns),
    ]
    rows: list[list[Cell]] = [
        [
            *(s.award_code, s.name_vi or s.award_code),
            *(RECIPIENT_KINDS.get(s.recipient_kind, "Hộ gia đình"), s.recipient_id, s.years_held),
            *_run(s.longest),
            *_run(s.current),
        ]
        for s in streaks
    ]
    return Table(
        name="Chuỗi năm liền",
        title=f"Danh hiệu, hình thức khen thưởng đạt nhiều năm liền – cơ quan {agency}",
        columns=columns,
        rows=rows,
        frozen_columns=2,
    )


def _run(run: Run | None) -> list[Cell]:
    return [run.year_from, run.year_to, run.years] if run else [None, None, None]
