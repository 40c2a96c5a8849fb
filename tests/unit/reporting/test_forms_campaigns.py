"""Form 0601.N over the campaign projection: launching level × scope, duration, form."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.forms.form_0601 import form_0601
from services.reporting.forms.model import FormHeader, StatisticalForm, inconsistencies
from services.reporting.queries.common import find_agency
from shared.envelope import EventEnvelope
from shared.events import CampaignLaunched
from tests.harness.reporting_events import (
    agency_registered,
    envelope,
    feed,
    new_id,
    reporting_consumer,
)


def launched(
    level: str, scope: str, start: date, end: date | None, form: str = "regular", agency: str = "01"
) -> EventEnvelope:
    payload = CampaignLaunched(
        campaign_id=new_id("c"),
        title="Phong trào thi đua",
        form=form,
        scope=scope,
        launching_level=level,
        launching_agency=agency,
        start_date=start,
        end_date=end,
    )
    return envelope(payload, agency=agency, day=start)


def campaigns_of_2019() -> list[EventEnvelope]:
    return [
        launched("central", "national", date(2016, 1, 1), date(2020, 12, 31), "thematic"),
        launched("central", "national", date(2019, 1, 1), date(2023, 12, 31), "thematic"),
        launched("ministry_province", "sector_local", date(2019, 1, 1), date(2019, 12, 31)),
        launched("ministry_province", "bloc", date(2019, 3, 1), None),
        launched("unit", "unit", date(2019, 5, 1), date(2019, 9, 30), "thematic"),
        launched("unit", "unit", date(2019, 2, 1), date(2021, 6, 30), "thematic"),
        launched("unit", "unit", date(2019, 2, 1), None, agency="06"),
    ]


async def form_of(engine: AsyncEngine, agency: str | None, year: int) -> StatisticalForm:
    async with engine.connect() as connection:
        info = await find_agency(connection, agency) if agency else None
        return await form_0601(connection, FormHeader(info, year, year))


async def test_campaigns_by_launching_level_and_every_breakdown(reporting_db: AsyncEngine) -> None:
    await feed(reporting_consumer(reporting_db), [agency_registered(), *campaigns_of_2019()])

    form = await form_of(reporting_db, "01", 2019)

    assert form.form == "0601.N"
    assert form.reporting_unit == "Sở Công Thương Hà Nội"
    assert [(row.code, row.values["total"]) for row in form.rows] == [
        ("01", 5),
        ("02", 1),
        ("03", 2),
        ("04", 2),
    ]
    central, ministry, unit = form.row("02"), form.row("03"), form.row("04")
    assert (central.values["scope.national"], central.values["duration.3_5y"]) == (1, 0)
    assert central.values["duration.5y_plus"] == central.values["form.thematic"] == 1
    assert ministry.values["duration.1y"] == ministry.values["duration.open_ended"] == 1
    assert (ministry.values["scope.sector_local"], ministry.values["scope.bloc"]) == (1, 1)
    assert (unit.values["duration.under_1y"], unit.values["duration.1_3y"]) == (1, 1)
    assert form.row("01").values["form.regular"] == 2
    assert inconsistencies(form) == []


async def test_the_sector_form_adds_up_every_agency(reporting_db: AsyncEngine) -> None:
    await feed(reporting_consumer(reporting_db), campaigns_of_2019())

    form = await form_of(reporting_db, None, 2019)

    assert form.agency is None
    assert form.reporting_unit == "Toàn ngành Công Thương"
    assert form.row("01").values["total"] == 6
    assert form.row("04").values["scope.unit"] == 3
    assert inconsistencies(form) == []


async def test_the_columns_and_rows_are_labelled_in_vietnamese(reporting_db: AsyncEngine) -> None:
    form = await form_of(reporting_db, None, 2019)

    groups = list(dict.fromkeys(column.group for column in form.columns))
    assert groups == [None, "Chia theo phạm vi", "Chia theo thời gian", "Chia theo hình thức"]
    assert [column.label for column in form.columns if column.group == "Chia theo thời gian"] == [
        "Dưới 1 năm",
        "1 năm",
        "Từ 1 đến dưới 3 năm",
        "Từ 3 đến dưới 5 năm",
        "Từ 5 năm trở lên",
        "Không xác định thời hạn",
    ]
    assert form.row("02").label == "Hội đồng Thi đua – Khen thưởng Trung ương phát động"
    assert all(value == 0 for row in form.rows for value in row.values.values())
