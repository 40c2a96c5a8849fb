"""The query results as export tables: a form, an agency's statistics, the national
comparison and streaks (fed through the projections)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.exports.form_tables import form_table
from services.reporting.exports.national_tables import national_table, streaks_table
from services.reporting.exports.stats_tables import agency_stats_tables
from services.reporting.forms.form_0601 import campaign_form
from services.reporting.forms.model import FormHeader
from services.reporting.queries.agency_stats import agency_period_stats
from services.reporting.queries.common import YearRange
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


def test_a_form_is_its_code_and_label_columns_then_its_own() -> None:
    counts = [("unit", "unit", "regular", "1y", 2)]
    form = campaign_form(FormHeader(HANOI, 2019, 2019), counts)

    table = form_table(form)

    assert table.name == "Biểu 0601.N"
    assert table.title == "Biểu 0601.N: Số phong trào thi đua được phát động"
    assert table.subtitle == (
        "Đơn vị báo cáo: Sở Công Thương Hà Nội; năm 2019; đơn vị tính: phong trào "
        "(Thông tư 02/2023/TT-BNV)"
    )
    assert [c.heading for c in table.columns[:4]] == [
        "Mã số",
        "Chỉ tiêu",
        "Tổng số",
        "Chia theo phạm vi – Toàn quốc",
    ]
    assert table.rows[0][:3] == ["01", "Tổng số phong trào thi đua", 2]
    assert table.rows[3][:3] == ["04", "Cơ sở phát động", 2]
    assert table.strong_rows == frozenset({0})


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
            connection, "01", code=None, recipient_kind=None, min_years=2, years=None
        )

    table = streaks_table("01", streaks)

    assert [column.heading for column in table.columns][5] == "Chuỗi năm liền dài nhất – Từ năm"
    assert table.rows == [
        ["CO_THI_DUA_BO", "Cờ thi đua cấp bộ", "Cơ quan", "01", 5, 2016, 2020, 5, 2016, 2020, 5],
        ["LDTT", "Lao động tiên tiến", "Cá nhân", "m-1", 2, 2019, 2020, 2, 2019, 2020, 2],
    ]
