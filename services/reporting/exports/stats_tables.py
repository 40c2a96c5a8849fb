"""An agency's period statistics as export tables: awards per code, awards per code and year,
campaigns by the breakdowns of form 0601.N, registration per year, initiatives per year, and
proposals."""

from __future__ import annotations

from collections.abc import Mapping

from services.reporting.exports.form_tables import period_label
from services.reporting.exports.table import Cell, Column, Table
from services.reporting.queries.models import AgencyPeriodStats

LEVEL_CLASSES = {
    "state": "Nhà nước",
    "ministry_province": "Bộ, tỉnh",
    "unit": "Cơ sở",
    "unknown": "Chưa xác định",
}
_DISTINCT = "Không trùng (số đối tượng)"
_INSTANCES = "Số lượt"

# The statistics' campaign breakdowns (``campaign_counts``: the start year, the duration of the
# dates given at launch); form 0601.N lays out its own (services/reporting/forms/form_0601.py).
LAUNCHING_LEVELS = {
    "central": "Hội đồng Thi đua – Khen thưởng Trung ương phát động",
    "ministry_province": "Bộ, ban, ngành, tỉnh phát động",
    "unit": "Cơ quan, tổ chức, đơn vị phát động",
}
SCOPES = {
    "national": "Toàn quốc",
    "sector_local": "Ngành, địa phương",
    "bloc": "Cụm, khối thi đua",
    "unit": "Cơ quan, tổ chức, đơn vị",
}
DURATIONS = {
    "under_1y": "Dưới 1 năm",
    "1y": "1 năm",
    "1_3y": "Từ 1 đến dưới 3 năm",
    "3_5y": "Từ 3 đến dưới 5 năm",
    "5y_plus": "Từ 5 năm trở lên",
    "open_ended": "Không xác định thời hạn",
}
FORMS = {"thematic": "Theo chuyên đề", "regular": "Thường xuyên hằng năm"}


def agency_stats_tables(stats: AgencyPeriodStats) -> list[Table]:
    """One table per part of the statistics, each titled with the agency and the period."""
    return [
        _awards(stats),
        _awards_by_year(stats),
        _campaigns(stats),
        _registrations(stats),
        _initiatives(stats),
        _proposals(stats),
    ]


def _title(stats: AgencyPeriodStats, what: str) -> str:
    agency = stats.agency.name or stats.agency.agency_code
    predecessors = stats.agencies_counted[1:]
    if predecessors:
        agency += f" (gồm cả cơ quan tiền thân mã {', '.join(predecessors)})"
    return f"{what} – {agency}, {period_label(stats.year_from, stats.year_to)}"


def _awards(stats: AgencyPeriodStats) -> Table:
    columns = [Column("Mã"), Column("Danh hiệu, hình thức"), Column("Cấp")]
    columns += [Column(label, _INSTANCES) for label in ("Tổng số", "Tập thể", "Trong đó: cơ quan")]
    columns += [Column(label, _INSTANCES) for label in ("Cá nhân", "Hộ gia đình")]
    columns += [Column(label, _DISTINCT) for label in ("Tập thể", "Cá nhân", "Hộ gia đình")]
    rows: list[list[Cell]] = [
        [
            *(a.award_code, a.name_vi or a.award_code, LEVEL_CLASSES.get(a.level_class)),
            *(a.awards, a.collective, a.agency_itself, a.individual, a.household),
            *(a.recipients_collective, a.recipients_individual, a.recipients_household),
        ]
        for a in stats.awards
    ]
    total: list[Cell] = ["", "Tổng số", ""]
    total += [sum(int(row[i] or 0) for row in rows) for i in range(3, 8)] + [None] * 3
    return Table(
        name="Khen thưởng",
        title=_title(stats, "Khen thưởng theo danh hiệu, hình thức"),
        columns=columns,
        rows=[*rows, total],
        frozen_columns=2,
        strong_rows=frozenset({len(rows)}),
    )


def _awards_by_year(stats: AgencyPeriodStats) -> Table:
    years = list(range(stats.year_from, stats.year_to + 1))
    columns = [Column("Mã"), Column("Danh hiệu, hình thức")]
    columns += [Column(str(year), _INSTANCES) for year in years] + [Column("Tổng số")]
    rows: list[list[Cell]] = []
    for award in stats.awards:
        by_year = {entry.year: entry.count for entry in award.by_year}
        counts = [by_year.get(year, 0) for year in years]
        rows.append([award.award_code, award.name_vi or award.award_code, *counts, sum(counts)])
    return Table(
        name="Khen thưởng theo năm",
        title=_title(stats, "Khen thưởng theo năm"),
        columns=columns,
        rows=rows,
        frozen_columns=2,
    )


def _campaigns(stats: AgencyPeriodStats) -> Table:
    c = stats.campaigns
    rows: list[list[Cell]] = [["Tổng số", "", c.total]]
    breakdowns: list[tuple[str, Mapping[str, str], dict[str, int]]] = [
        ("Cấp phát động", LAUNCHING_LEVELS, c.by_launching_level),
        ("Phạm vi", SCOPES, c.by_scope),
        ("Thời gian", DURATIONS, c.by_duration),
        ("Hình thức", FORMS, c.by_form),
    ]
    for heading, labels, counts in breakdowns:
        rows += [[heading, label, counts.get(key, 0)] for key, label in labels.items()]
    rows += [["Năm bắt đầu", str(entry.year), entry.count] for entry in c.by_year]
    return Table(
        name="Phong trào thi đua",
        title=_title(stats, "Phong trào thi đua được phát động"),
        columns=[Column("Chia theo"), Column("Chỉ tiêu"), Column("Số phong trào")],
        rows=rows,
        frozen_columns=2,
        strong_rows=frozenset({0}),
    )


def _registrations(stats: AgencyPeriodStats) -> Table:
    share = "0.0%"
    columns = [
        Column("Năm"),
        *(Column(label, "Trong danh bạ") for label in ("Tập thể", "Cá nhân")),
        *(Column(label, "Đăng ký thi đua") for label in ("Tập thể", "Cá nhân")),
        Column("Tập thể", "Tỷ lệ đăng ký", share),
        Column("Cá nhân", "Tỷ lệ đăng ký", share),
        *(Column(label, "Bản đăng ký") for label in ("Đã gửi", "Đã duyệt", "Bị trả lại")),
    ]
    rows: list[list[Cell]] = [
        [
            *(r.year, r.units_in_directory, r.members_in_directory),
            *(r.registered_units, r.registered_members, r.unit_coverage, r.member_coverage),
            *(r.by_status.get(status, 0) for status in ("submitted", "approved", "returned")),
        ]
        for r in stats.registrations
    ]
    return Table(
        name="Đăng ký thi đua",
        title=_title(stats, "Đăng ký thi đua"),
        columns=columns,
        rows=rows,
        frozen_columns=1,
    )


def _initiatives(stats: AgencyPeriodStats) -> Table:
    i = stats.initiatives
    rows: list[list[Cell]] = [[y.year, y.registered, y.recognised] for y in i.by_year]
    return Table(
        name="Sáng kiến",
        title=_title(stats, "Sáng kiến được đăng ký và công nhận"),
        columns=[Column("Năm"), Column("Đăng ký"), Column("Được công nhận")],
        rows=[*rows, ["Tổng số", i.registered, i.recognised]],
        frozen_columns=1,
        strong_rows=frozenset({len(rows)}),
    )


def _proposals(stats: AgencyPeriodStats) -> Table:
    p = stats.proposals
    rows: list[list[Cell]] = [
        ["Hồ sơ đã gửi", p.submitted],
        ["Đang chờ cơ quan xét", p.open],
        ["Đã chuyển cấp trên, đang chờ", p.forwarded],
        ["Bị trả lại", p.returned],
        ["Đã có quyết định", p.decided],
        ["Đang chờ quyết định (tổng)", p.pending],
        [f"Hồ sơ chờ lâu nhất (ngày, tính đến {p.age.as_of:%d/%m/%Y})", p.age.oldest_days],
        ["Thời gian chờ trung bình (ngày)", p.age.mean_days],
    ]
    return Table(
        name="Hồ sơ đề nghị",
        title=_title(stats, "Hồ sơ đề nghị khen thưởng"),
        columns=[Column("Chỉ tiêu"), Column("Số lượng")],
        rows=rows,
        frozen_columns=1,
    )
