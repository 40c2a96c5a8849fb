"""Form 0601.N: the campaigns started within the reporting period (1/12 – 30/11), by the level
that launched them (columns) and by scope, duration and way of organising (rows), as Circular
02/2023/TT-BNV lays the form out; a Sở's own campaigns are a unit's."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.forms.form_0601 import campaign_form, duration_row, form_0601, placed
from services.reporting.forms.model import FormHeader, StatisticalForm, inconsistencies
from services.reporting.queries.common import find_agency
from services.reporting.queries.form_facts import CampaignFact
from shared.envelope import EventEnvelope
from shared.events import CampaignLaunched
from tests.harness.reporting_events import (
    agency_registered,
    envelope,
    feed,
    new_id,
    reporting_consumer,
)

COUNCIL = "Hội đồng Thi đua – Khen thưởng Trung ương"
CITY = "Ủy ban nhân dân Thành phố Hà Nội"
MINISTRY = "Bộ Công Thương"


@pytest.mark.parametrize(
    ("start", "end", "row"),
    [
        (date(2020, 1, 15), date(2020, 12, 31), "07"),  # a yearly campaign, not "Dưới 1 năm"
        (date(2020, 1, 1), date(2020, 12, 31), "07"),
        (date(2019, 12, 1), date(2020, 11, 30), "07"),
        (date(2020, 5, 1), date(2020, 9, 30), "06"),
        (date(2020, 3, 1), date(2021, 3, 31), "08"),
        (date(2020, 1, 1), date(2022, 12, 31), "09"),
        (date(2020, 3, 1), date(2024, 12, 31), "09"),
        (date(2016, 1, 1), date(2020, 12, 31), "10"),
        (date(2020, 1, 1), None, "07"),  # renewed year by year
    ],
)
def test_the_duration_row_counts_the_calendar_months_a_campaign_runs_in(
    start: date, end: date | None, row: str
) -> None:
    assert duration_row(start, end) == row


def fact(level: str, launcher: str | None, scope: str, form: str = "regular") -> CampaignFact:
    return CampaignFact(level, launcher, scope, form, date(2020, 1, 15), date(2020, 12, 31))


def test_a_departments_own_campaign_is_a_units_and_keeps_only_a_blocs_scope() -> None:
    department = "provincial_department"

    assert placed(fact("ministry_province", department, "sector_local")) == ("unit", "unit")
    assert placed(fact("central", department, "national")) == ("unit", "unit")
    assert placed(fact("ministry_province", department, "bloc")) == ("unit", "bloc")
    assert placed(fact("ministry_province", None, "sector_local")) == (
        "ministry_province",
        "sector_local",
    )
    assert placed(fact("ministry_province", "ministry_unit", "sector_local")) == (
        "ministry_province",
        "sector_local",
    )


def test_the_layout_is_the_circulars() -> None:
    form = campaign_form(FormHeader(None, 2020, 2020), [])

    assert (form.form, form.title, form.unit) == ("0601.N", "SỐ PHONG TRÀO THI ĐUA", "Phong trào")
    assert [(c.number, c.label) for c in form.columns] == [
        ("1=(2+3+4)", "Tổng số"),
        ("2", "Cấp Trung ương (Hội đồng Thi đua – Khen thưởng Trung ương)"),
        ("3", "Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương"),
        ("4", "Cơ quan, tổ chức, đơn vị"),
    ]
    assert [(row.code, row.label) for row in form.rows] == [
        ("01", "Tổng số"),
        (None, "1. Chia theo phạm vi tổ chức thi đua"),
        ("02", "Toàn quốc"),
        ("03", "Bộ, ban, ngành, đoàn thể, địa phương"),
        ("04", "Cụm, khối thi đua do Hội đồng Thi đua – Khen thưởng các cấp tổ chức"),
        ("05", "Cơ quan, tổ chức, đơn vị"),
        (None, "2. Chia theo thời hạn thi đua"),
        ("06", "Dưới 1 năm"),
        ("07", "1 năm"),
        ("08", "Từ 1 năm đến dưới 3 năm"),
        ("09", "Từ 3 năm đến dưới 5 năm"),
        ("10", "Từ 5 năm trở lên"),
        (None, "3. Chia theo phương thức tổ chức phong trào thi đua"),
        ("11", "Thi đua theo chuyên đề"),
        ("12", "Thi đua thường xuyên hằng năm"),
    ]


def launched(
    launcher: str,
    level: str,
    scope: str,
    form: str,
    start: date,
    end: date | None,
    agency: str = "01",
) -> EventEnvelope:
    payload = CampaignLaunched(
        campaign_id=new_id("c"),
        title="Phong trào thi đua",
        form=form,
        scope=scope,
        launching_level=level,
        launching_agency=launcher,
        start_date=start,
        end_date=end,
    )
    return envelope(payload, agency=agency, day=start)


def history() -> list[EventEnvelope]:
    """Hà Nội's campaigns around the 2020 form's period (1/12/2019 – 30/11/2020)."""
    return [
        agency_registered(),
        agency_registered("06", "Sở Công Thương Bắc Kạn", "06"),
        # c1 → column 2, rows 02, 09 (58 months), 11
        launched(COUNCIL, "central", "national", "thematic", date(2020, 3, 1), date(2024, 12, 31)),
        # c2 → column 3, rows 03, 07 (15/01–31/12 is yearly), 12
        launched(
            CITY,
            "ministry_province",
            "sector_local",
            "regular",
            date(2020, 1, 15),
            date(2020, 12, 31),
        ),
        # c3: the department's own, recorded as the city's level → column 4, rows 05, 07, 12
        launched(
            "01",
            "ministry_province",
            "sector_local",
            "regular",
            date(2020, 1, 15),
            date(2020, 12, 31),
        ),
        # c4: its own bloc's, open-ended, on the period's first day → column 4, rows 04, 07, 12
        launched("01", "ministry_province", "bloc", "regular", date(2019, 12, 1), None),
        # c5: on the period's last day, five months → column 4, rows 05, 06, 11
        launched("01", "unit", "unit", "thematic", date(2020, 11, 30), date(2021, 3, 31)),
        # c6 → column 3, rows 03, 08 (29 months), 11
        launched(
            MINISTRY,
            "ministry_province",
            "sector_local",
            "thematic",
            date(2020, 2, 1),
            date(2022, 6, 30),
        ),
        # c7 → column 2, rows 02, 10 (72 months), 11
        launched(COUNCIL, "central", "national", "thematic", date(2020, 1, 1), date(2025, 12, 31)),
        # outside: the 2019 form's last day, the 2021 form's first day, another agency
        launched("01", "unit", "unit", "regular", date(2019, 11, 30), date(2020, 5, 31)),
        launched("01", "unit", "unit", "regular", date(2020, 12, 1), date(2021, 5, 31)),
        launched("06", "unit", "unit", "regular", date(2020, 1, 1), date(2020, 12, 31), "06"),
    ]


async def form_of(engine: AsyncEngine, agency: str | None, year: int) -> StatisticalForm:
    async with engine.connect() as connection:
        info = await find_agency(connection, agency) if agency else None
        return await form_0601(connection, FormHeader(info, year, year))


def grid(form: StatisticalForm) -> dict[str, list[int | None]]:
    return {str(row.code): list(row.values.values()) for row in form.rows if row.code}


async def test_the_2020_form_of_a_hand_computed_history(reporting_db: AsyncEngine) -> None:
    await feed(reporting_consumer(reporting_db), history())

    form = await form_of(reporting_db, "01", 2020)

    assert (form.period_from, form.period_to) == (date(2019, 12, 1), date(2020, 11, 30))
    # Tổng số, Trung ương, bộ/tỉnh, cơ quan/đơn vị
    assert grid(form) == {
        "01": [7, 2, 2, 3],  # c1–c7
        "02": [2, 2, 0, 0],  # c1, c7
        "03": [2, 0, 2, 0],  # c2, c6
        "04": [1, 0, 0, 1],  # c4
        "05": [2, 0, 0, 2],  # c3, c5
        "06": [1, 0, 0, 1],  # c5
        "07": [3, 0, 1, 2],  # c2; c3, c4
        "08": [1, 0, 1, 0],  # c6
        "09": [1, 1, 0, 0],  # c1
        "10": [1, 1, 0, 0],  # c7
        "11": [4, 2, 1, 1],  # c1, c7; c6; c5
        "12": [3, 0, 1, 2],  # c2; c3, c4
    }
    assert inconsistencies(form) == []


async def test_the_neighbouring_forms_and_the_sector(reporting_db: AsyncEngine) -> None:
    await feed(reporting_consumer(reporting_db), history())

    before, after = await form_of(reporting_db, "01", 2019), await form_of(reporting_db, "01", 2021)
    sector = await form_of(reporting_db, None, 2020)

    assert list(before.row("01").values.values()) == [1, 0, 0, 1]
    assert after.row("01").values["level.unit"] == 1
    assert sector.row("01").values["total"] == 8
    assert sector.row("07").values["level.unit"] == 3  # Bắc Kạn's own yearly campaign
    assert inconsistencies(sector) == []
