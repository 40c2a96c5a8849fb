"""The query results as export tables: a form, an agency's statistics, the national
comparison and streaks (fed through the projections)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.exports.form_tables import form_table
from services.reporting.exports.national_tables import national_table, streaks_table
from services.reporting.exports.stats_tables import agency_stats_tables
from services.reporting.forms.award_form import award_form
from services.reporting.forms.form_0601 import campaign_form
from services.reporting.forms.form_0602 import SPEC as SPEC_0602
from services.reporting.forms.model import FormHeader
from services.reporting.queries.agency_stats import agency_period_stats
from services.reporting.queries.common import YearRange
from services.reporting.queries.form_facts import AwardFact, CampaignFact
from services.reporting.queries.models import AgencyInfo, YearBasis
from services.reporting.queries.national import national_report
from services.reporting.queries.national import national_table as national_rows
from services.reporting.queries.national_models import GroupBy, NationalColumn, Order
from services.reporting.queries.streaks import agency_streaks
from tests.harness.reporting_events import (
    agency_registered,
    award,
    campaign,
    feed,
    reporting_consumer,
)

HANOI = AgencyInfo(
    agency_code="01",
    name="Sở Công Thương Hà Nội",
    kind="provincial_department",
    province_code="01",
    province_list="63",
    province_code_34="01",
)
PERIOD = YearRange(2016, 2020)


async def hanoi(engine: AsyncEngine) -> None:
    await feed(
        reporting_consumer(engine),
        [agency_registered(), agency_registered("CTDP", "Cục Công Thương địa phương", None)],
        [award("CO_THI_DUA_BO", "01", year, kind="agency") for year in range(2016, 2021)],
        [
            award("LDTT", "m-1", 2019),
            award("LDTT", "m-1", 2020),
            award("BK_BO", "u-1", 2017, kind="unit"),
        ],
        [campaign(date(2016, 2, 1), date(2020, 12, 31), form="thematic")],
        [award("BK_BO", "m-8", 2019, agency="CTDP")],
    )


def test_a_form_is_laid_out_as_the_circular_prints_it() -> None:
    facts = [CampaignFact("unit", None, "unit", "regular", date(2019, 1, 15), date(2019, 12, 31))]
    form = campaign_form(FormHeader(HANOI, 2019, 2019), facts)

    table = form_table(form)

    assert (table.name, table.frozen_columns, table.printed) == ("Biểu 0601.N", 2, True)
    assert [[part.text for part in line] for line in table.above[:3]] == [
        ["Biểu số: 0601.N/BNV-TĐKT", "Đơn vị báo cáo: Sở Công Thương Hà Nội"],
        [
            "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ Nội vụ",
            "Đơn vị nhận báo cáo: Bộ Công Thương (Vụ Thi đua – Khen thưởng)",
        ],
        ["Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo"],
    ]
    assert [line[0].text for line in table.above[4:7]] == [
        "SỐ PHONG TRÀO THI ĐUA",
        "Năm 2019",
        "(Phong trào thi đua bắt đầu trong thời kỳ báo cáo: từ ngày 01/12/2018 "
        "đến ngày 30/11/2019)",
    ]
    assert list(table.numbering) == ["A", "B", "1=(2+3+4)", "2", "3", "4"]
    assert [(h.label, h.row, h.column, h.rows, h.columns) for h in table.headings] == [
        ("Chỉ tiêu", 0, 0, 2, 1),
        ("Mã số", 0, 1, 2, 1),
        ("Tổng số", 0, 2, 2, 1),
        ("Số phong trào thi đua chia theo cấp chủ trì phát động thi đua", 0, 3, 1, 3),
        ("Cấp Trung ương (Hội đồng Thi đua – Khen thưởng Trung ương)", 1, 3, 1, 1),
        (
            "Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
            1,
            4,
            1,
            1,
        ),
        ("Cơ quan, tổ chức, đơn vị", 1, 5, 1, 1),
    ]
    assert table.rows[0] == ["Tổng số", "01", 1, 0, 0, 1]
    assert table.rows[1][:3] == ["1. Chia theo phạm vi tổ chức thi đua", None, None]
    assert table.rows[5] == ["    Cơ quan, tổ chức, đơn vị", "05", 1, 0, 0, 1]
    assert table.rows[8][:3] == ["    1 năm", "07", 1]
    assert {0, 1, 6, 12} <= table.strong_rows
    assert 2 not in table.strong_rows
    assert [[part.text for part in line] for line in table.below[-2:]] == [
        ["Người lập biểu", "Thủ trưởng đơn vị"],
        ["(Ký, họ tên)", "(Ký, đóng dấu, họ tên)"],
    ]


def test_the_award_forms_have_a_unit_column_and_their_notes() -> None:
    facts = [AwardFact("BK_TTG", "member", None, "regular", "provincial_department")]
    form = award_form(SPEC_0602, FormHeader(HANOI, 2020, 2020), facts)

    table = form_table(form)

    assert [column.label for column in table.columns[:4]] == [
        "Chỉ tiêu",
        "Mã số",
        "Đơn vị tính",
        "Tổng số",
    ]
    assert table.columns[-4].heading == "Chia ra – Bằng khen của Thủ tướng Chính phủ – Cá nhân"
    assert table.numbering[:5] == ["A", "B", "C", "1", "2"]
    assert table.rows[2][:4] == ["    Bộ, ban, ngành, đoàn thể Trung ương", "02", "Bộ, ngành", 0]
    assert [line[0].text for line in table.below[1:3]] == [
        "Ghi chú:",
        "- 1 lượt cá nhân chưa xác định nhóm chức vụ: chỉ tính ở dòng Cá nhân.",
    ]


async def test_an_agencys_statistics_are_six_tables(reporting_db: AsyncEngine) -> None:
    await hanoi(reporting_db)
    stats = await agency_period_stats(
        reporting_db, HANOI, PERIOD, YearBasis.ACHIEVEMENT, date(2021, 1, 1)
    )

    tables = {table.name: table for table in agency_stats_tables(stats)}

    assert list(tables) == [
        "Khen thưởng",
        "Khen thưởng theo năm",
        "Phong trào thi đua",
        "Đăng ký thi đua",
        "Sáng kiến",
        "Hồ sơ đề nghị",
    ]
    awards = tables["Khen thưởng"]
    assert (
        awards.title
        == "Khen thưởng theo danh hiệu, hình thức – Sở Công Thương Hà Nội, giai đoạn 2016 – 2020"
    )
    assert [row[:6] for row in awards.rows] == [
        ["LDTT", "Lao động tiên tiến", "Cơ sở", 2, 0, 0],
        ["CO_THI_DUA_BO", "Cờ thi đua cấp bộ", "Bộ, tỉnh", 5, 5, 5],
        ["BK_BO", "Bằng khen cấp bộ", "Bộ, tỉnh", 1, 1, 0],
        ["", "Tổng số", "", 8, 6, 5],
    ]
    assert tables["Khen thưởng theo năm"].rows[0] == [
        "LDTT",
        "Lao động tiên tiến",
        0,
        0,
        0,
        1,
        1,
        2,
    ]
    assert ["Hình thức", "Theo chuyên đề", 1] in tables["Phong trào thi đua"].rows
    assert len(tables["Đăng ký thi đua"].rows) == 5


async def test_the_national_table_lists_rows_then_totals(reporting_db: AsyncEngine) -> None:
    await hanoi(reporting_db)
    async with reporting_db.connect() as connection:
        rows = await national_rows(connection, PERIOD, YearBasis.ACHIEVEMENT, GroupBy.AGENCY)
    report = national_report(
        rows,
        PERIOD,
        YearBasis.ACHIEVEMENT,
        GroupBy.AGENCY,
        NationalColumn.KEY,
        Order.ASC,
        items=slice(0, 10),
    )

    table = national_table(report)

    headings = [column.heading for column in table.columns]
    assert headings[:6] == [
        "Nhóm",
        "Mã cơ quan",
        "Tên",
        "Danh sách tỉnh",
        "Các cơ quan",
        "Phong trào thi đua",
    ]
    assert "Lượt khen thưởng theo danh hiệu – Lao động tiên tiến" in headings
    keys = [(row[0], row[1]) for row in table.rows]
    assert keys == [
        ("Tỉnh, thành phố", "01"),
        ("Tổng", "total"),
        ("Đơn vị thuộc Bộ", "CTDP"),
        ("Tổng", "ministry_total"),
        ("Tổng", "grand_total"),
    ]
    awards = headings.index("Tổng số lượt khen thưởng")
    assert [row[awards] for row in table.rows] == [8, 8, 1, 1, 9]
    assert table.strong_rows == frozenset({1, 3, 4})


async def test_streaks_as_a_table(reporting_db: AsyncEngine) -> None:
    await hanoi(reporting_db)
    async with reporting_db.connect() as connection:
        streaks = await agency_streaks(
            connection, ["01"], code=None, recipient_kind=None, min_years=2, years=None
        )

    table = streaks_table("01", streaks)

    assert [column.heading for column in table.columns][5] == "Chuỗi năm liền dài nhất – Từ năm"
    assert table.rows == [
        ["CO_THI_DUA_BO", "Cờ thi đua cấp bộ", "Cơ quan", "01", 5, 2016, 2020, 5, 2016, 2020, 5],
        ["LDTT", "Lao động tiên tiến", "Cá nhân", "m-1", 2, 2019, 2020, 2, 2019, 2020, 2],
    ]
