"""Seed 000 on PostgreSQL: Hà Nội's forms 0601.N, 0602.N and 0603.N.

A form counts what was decided within its reporting period (1 December to 30 November,
Circular 02/2023/TT-BNV): the five yearly forms of 2016–2020 add up to the period's forms;
the seed's yearly titles of year N, signed on 20 January of N+1, are in the form of N+1, award
by award the achievement-year statistics of N; and the 2015–2020 forms hold the numbers the
article reports. The narrative (achievement years) tells the statistics' numbers.

The seed's awards are those of ``test_reporting_seed_hanoi`` (fed out of order, with revoked
and out-of-range noise); campaigns are added for form 0601.N.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.forms import build_forms
from services.reporting.forms.award_form import AwardFormSpec, column_of
from services.reporting.forms.form_0602 import SPEC as SPEC_0602
from services.reporting.forms.form_0603 import SPEC as SPEC_0603
from services.reporting.forms.model import FormHeader, StatisticalForm, inconsistencies
from services.reporting.narrative import narrative
from services.reporting.narrative_words import count
from services.reporting.projections.tables import metadata
from services.reporting.queries.agency_stats import agency_period_stats
from services.reporting.queries.common import YearRange, find_agency
from services.reporting.queries.models import AgencyPeriodStats, YearBasis
from services.reporting.queries.streaks import years_held_by_agency
from shared.consumer.tables import metadata as consumer_metadata
from shared.database import create_engine
from shared.envelope import EventEnvelope
from shared.events import CampaignLaunched
from tests.harness.reporting_events import (
    agency_registered,
    envelope,
    feed,
    member_added,
    new_id,
    reporting_consumer,
)
from tests.integration.reporting.test_reporting_seed_hanoi import noise, seed_history

PERIOD = YearRange(2016, 2020)
SEED_YEARS = YearRange(2015, 2020)
CITY = "Ủy ban nhân dân Thành phố Hà Nội"
COUNCIL = "Hội đồng Thi đua – Khen thưởng Trung ương"


@pytest.fixture
async def engine(postgres_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_database_url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
        await connection.run_sync(consumer_metadata.create_all)
    yield engine
    await engine.dispose()


def launched(
    launcher: str, level: str, scope: str, form: str, start: date, end: date | None
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
    return envelope(payload, day=start)


def campaigns() -> list[EventEnvelope]:
    """The city's yearly campaigns Hà Nội ran, the central council's, and its own."""
    yearly = [
        launched(
            CITY, "ministry_province", "sector_local", "regular", date(y, 1, 1), date(y, 12, 31)
        )
        for y in PERIOD.years
    ]
    return [
        *yearly,
        launched(COUNCIL, "central", "national", "thematic", date(2016, 3, 1), date(2020, 12, 31)),
        launched("01", "ministry_province", "bloc", "regular", date(2017, 1, 1), None),
        launched("01", "unit", "unit", "thematic", date(2018, 4, 1), date(2018, 9, 30)),
        launched("01", "unit", "unit", "thematic", date(2015, 4, 1), date(2015, 9, 30)),
    ]


async def seeded(engine: AsyncEngine) -> None:
    history = [*seed_history(), *campaigns()]
    random.Random(0).shuffle(history)
    early_noise, late_noise = noise()
    consumer = reporting_consumer(engine)
    directory = [agency_registered(), *(member_added(f"m-{i}") for i in range(0, 100, 2))]
    await feed(consumer, early_noise, *(history[i : i + 300] for i in range(0, len(history), 300)))
    await feed(consumer, late_noise, directory)


async def forms_of(engine: AsyncEngine, years: YearRange) -> list[StatisticalForm]:
    async with engine.connect() as connection:
        agency = await find_agency(connection, "01")
        return await build_forms(connection, FormHeader(agency, years.year_from, years.year_to))


async def stats_of(engine: AsyncEngine, years: YearRange) -> AgencyPeriodStats:
    async with engine.connect() as connection:
        agency = await find_agency(connection, "01")
    assert agency is not None
    return await agency_period_stats(
        engine, agency, years, YearBasis.ACHIEVEMENT, date(2020, 12, 31)
    )


def cells(forms: Sequence[StatisticalForm]) -> Counter[tuple[str, str, str]]:
    """(form, row, column) → value, of the recorded cells."""
    return Counter(
        {
            (f.form, str(row.code), key): n
            for f in forms
            for row in f.rows
            for key, n in row.values.items()
            if n is not None
        }
    )


async def test_the_yearly_forms_add_up_to_the_periods_forms(engine: AsyncEngine) -> None:
    await seeded(engine)

    forms = await forms_of(engine, PERIOD)
    yearly = Counter[tuple[str, str, str]]()
    for year in PERIOD.years:
        yearly.update(cells(await forms_of(engine, YearRange(year, year))))

    assert +yearly == +cells(forms)
    assert [inconsistencies(form) for form in forms] == [[], [], []]
    assert forms[1].row("01").values["total"] == 1 + 2 + 2 + 3  # HCLĐ hạng Ba, BK Thủ tướng


async def test_a_form_holds_the_titles_of_the_year_before_signed_in_its_period(
    engine: AsyncEngine,
) -> None:
    await seeded(engine)

    for year in PERIOD.years:
        _, state, ministry = await forms_of(engine, YearRange(year, year))
        stats = await stats_of(engine, YearRange(year - 1, year - 1))
        for spec, form in ((SPEC_0602, state), (SPEC_0603, ministry)):
            assert counted(form) == expected(stats, spec), (year, form.form)


def counted(form: StatisticalForm) -> Counter[str]:
    """Column key → the form's total of it."""
    return +Counter({key: n or 0 for key, n in form.row("01").values.items() if key != "total"})


def expected(stats: AgencyPeriodStats, spec: AwardFormSpec) -> Counter[str]:
    """The achievement-year statistics, put in the form's columns."""
    found = Counter[str]()
    for summary in stats.awards:
        key = column_of(spec, summary.award_code)
        if key is None or summary.level_class != spec.level:
            continue
        split = spec is SPEC_0602
        for recipient, n in (
            ("collective", summary.collective),
            ("individual", summary.individual),
        ):
            found[f"{key}.{recipient}" if split else key] += n
    return +found


async def test_the_campaign_form_of_the_period(engine: AsyncEngine) -> None:
    await seeded(engine)

    [form, *_] = await forms_of(engine, PERIOD)
    stats = await stats_of(engine, PERIOD)
    async with engine.connect() as connection:
        held = await years_held_by_agency(connection, "01", PERIOD)
    paragraphs = narrative(stats, held)

    columns = ["total", "level.central", "level.ministry_province", "level.unit"]
    grid = {row.code: [row.values[c] for c in columns] for row in form.rows if row.code}
    assert grid["01"] == [8, 1, 5, 2]  # 2015's own campaign is before the period
    assert (grid["02"], grid["03"], grid["04"], grid["05"]) == (
        [1, 1, 0, 0],
        [5, 0, 5, 0],
        [1, 0, 0, 1],  # its own bloc's: a unit's, in the bloc's scope
        [1, 0, 0, 1],
    )
    assert (grid["06"][0], grid["07"][0], grid["09"][0]) == (1, 6, 1)  # 1/1–31/12 is 1 năm
    assert (grid["11"][0], grid["12"][0]) == (2, 6)
    launched_ = f"đã phát động {count(grid['01'][0] or 0)} phong trào thi đua"
    assert f"{launched_}, trong đó 06 phong trào thường xuyên" in paragraphs[1]


async def test_the_narrative_tells_the_statistics_numbers(engine: AsyncEngine) -> None:
    await seeded(engine)

    stats = await stats_of(engine, PERIOD)
    async with engine.connect() as connection:
        held = await years_held_by_agency(connection, "01", PERIOD)
    paragraphs = narrative(stats, held)

    codes = {summary.award_code: summary for summary in stats.awards}
    order, pm, flags = codes["HCLD3"], codes["BK_TTG"], codes["CO_THI_DUA_TINH"]
    assert (order.collective, order.individual) == (0, 2)
    assert "02 cá nhân được tặng Huân chương Lao động hạng Ba" in paragraphs[0]
    told = f"{count(pm.collective)} tập thể và {count(pm.individual)} cá nhân"
    assert f"{told} được tặng Bằng khen của Thủ tướng Chính phủ" in paragraphs[0]
    units = flags.collective - 4
    assert f"; {count(units)} tập thể được tặng Cờ thi đua của UBND Thành phố" in paragraphs[0]
    assert "Cờ thi đua của UBND Thành phố 04 năm liền (2016 – 2019)" in (paragraphs[0])


async def test_the_seed_periods_forms_hold_the_articles_numbers(engine: AsyncEngine) -> None:
    await seeded(engine)

    [_, state, ministry] = await forms_of(engine, SEED_YEARS)

    def told(form: StatisticalForm, row: str, *columns: str) -> tuple[int | None, ...]:
        return tuple(form.row(row).values[column] for column in columns)

    assert told(state, "01", "HCLD3.collective", "HCLD3.individual") == (1, 2)
    assert told(state, "01", "BK_TTG.collective", "BK_TTG.individual") == (2, 3)
    assert told(state, "09", "total") == (5,)
    # Bằng khen: 19 + 16 units and the agency's own of 2015; 26 + 16 individuals
    assert told(ministry, "02", "certificate", "flag") == (19 + 16 + 1, 5 + 23 + 4)
    assert told(ministry, "05", "certificate", "emulation_fighter") == (26 + 16, 4)
    assert told(ministry, "01", "total") == (36 + 32 + 42 + 4,)
    assert inconsistencies(state) == inconsistencies(ministry) == []
