"""Seed 000 on PostgreSQL: Hà Nội's forms 0601.N, 0602.N and 0603.N agree with its statistics
and its narrative — the five yearly forms of 2016–2020 add up to the period, the period's
rows are the statistics' counts, and the 2015–2020 rows are the numbers the article reports.

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
from services.reporting.forms.model import FormHeader, StatisticalForm, inconsistencies
from services.reporting.narrative import narrative
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


@pytest.fixture
async def engine(postgres_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_database_url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
        await connection.run_sync(consumer_metadata.create_all)
    yield engine
    await engine.dispose()


def launched(level: str, scope: str, form: str, start: date, end: date | None) -> EventEnvelope:
    payload = CampaignLaunched(
        campaign_id=new_id("c"),
        title="Phong trào thi đua",
        form=form,
        scope=scope,
        launching_level=level,
        launching_agency="01",
        start_date=start,
        end_date=end,
    )
    return envelope(payload, day=start)


def campaigns() -> list[EventEnvelope]:
    """The ministry's and the city's campaigns Hà Nội ran, and one of its own."""
    yearly = [
        launched("ministry_province", "sector_local", "regular", date(y, 1, 1), date(y, 12, 31))
        for y in PERIOD.years
    ]
    return [
        *yearly,
        launched("central", "national", "thematic", date(2016, 3, 1), date(2020, 12, 31)),
        launched("ministry_province", "bloc", "regular", date(2017, 1, 1), None),
        launched("unit", "unit", "thematic", date(2018, 4, 1), date(2018, 9, 30)),
        launched("unit", "unit", "thematic", date(2015, 4, 1), date(2015, 9, 30)),
    ]


async def seeded(engine: AsyncEngine) -> None:
    history = [*seed_history(), *campaigns()]
    random.Random(0).shuffle(history)
    early_noise, late_noise = noise()
    consumer = reporting_consumer(engine)
    directory = [agency_registered(), *(member_added(f"m-{i}") for i in range(0, 100, 2))]
    await feed(consumer, early_noise, *(history[i : i + 300] for i in range(0, len(history), 300)))
    await feed(consumer, late_noise, directory)


async def forms_and_stats(
    engine: AsyncEngine, years: YearRange
) -> tuple[list[StatisticalForm], AgencyPeriodStats, list[str]]:
    async with engine.connect() as connection:
        agency = await find_agency(connection, "01")
        held = await years_held_by_agency(connection, "01", years)
        forms = await build_forms(connection, FormHeader(agency, years.year_from, years.year_to))
    assert agency is not None
    stats = await agency_period_stats(
        engine, agency, years, YearBasis.ACHIEVEMENT, date(2020, 12, 31)
    )
    return forms, stats, narrative(stats, held)


def cells(forms: Sequence[StatisticalForm]) -> Counter[tuple[str, str, str]]:
    """(form, row, column) → value."""
    return Counter(
        {
            (f.form, row.code, key): n
            for f in forms
            for row in f.rows
            for key, n in row.values.items()
        }
    )


async def test_the_yearly_forms_add_up_to_the_periods_statistics(engine: AsyncEngine) -> None:
    await seeded(engine)

    forms, stats, _ = await forms_and_stats(engine, PERIOD)
    campaigns_form, state, ministry = forms
    yearly = Counter[tuple[str, str, str]]()
    for year in PERIOD.years:
        yearly.update(cells((await forms_and_stats(engine, YearRange(year, year)))[0]))

    assert +yearly == +cells(forms)
    assert [inconsistencies(f) for f in (campaigns_form, state, ministry)] == [[], [], []]
    assert state.row("01").values["total"] == stats.awards_by_level_class["state"] == 7
    assert ministry.row("01").values["total"] == stats.awards_by_level_class["ministry_province"]
    for summary in stats.awards:
        form = {"state": state, "ministry_province": ministry}.get(summary.level_class)
        if form is not None:
            row = form.rows_of(summary.award_code)[-1]
            counted = (row.values["collective"], row.values["individual"])
            assert counted == (summary.collective, summary.individual), summary.award_code


async def test_the_campaign_form_is_the_campaign_statistics(engine: AsyncEngine) -> None:
    await seeded(engine)

    [form, *_], stats, paragraphs = await forms_and_stats(engine, PERIOD)

    total = form.row("01").values
    assert total["total"] == stats.campaigns.total == 8
    levels = {"02": "central", "03": "ministry_province", "04": "unit"}
    by_level = {level: form.row(code).values["total"] for code, level in levels.items()}
    assert by_level == stats.campaigns.by_launching_level
    assert (total["form.regular"], total["form.thematic"]) == (6, 2)
    assert {key: total[f"duration.{key}"] for key in stats.campaigns.by_duration} == (
        stats.campaigns.by_duration
    )
    assert f"đã phát động {total['total']} phong trào thi đua (6 thường xuyên" in paragraphs[1]


async def test_the_period_forms_tell_the_narratives_numbers(engine: AsyncEngine) -> None:
    await seeded(engine)

    [_, state, ministry], _, paragraphs = await forms_and_stats(engine, PERIOD)

    order, pm, flags = state.row("02.8"), state.row("07"), ministry.row("04.2")
    assert (order.values["collective"], order.values["individual"]) == (0, 2)
    assert "2 cá nhân được tặng Huân chương Lao động hạng Ba" in paragraphs[0]
    told = f"{pm.values['collective']} tập thể và {pm.values['individual']} cá nhân"
    assert f"{told} được tặng Bằng khen của Thủ tướng Chính phủ" in paragraphs[0]
    units = flags.values["collective"] - 4
    assert f"; {units} tập thể được tặng Cờ thi đua cấp tỉnh" in paragraphs[0]
    assert (
        "4 năm liền (2016 – 2019) Sở Công Thương Hà Nội được tặng Cờ thi đua cấp tỉnh"
        in (paragraphs[0])
    )


async def test_the_seed_periods_forms_hold_the_articles_numbers(engine: AsyncEngine) -> None:
    await seeded(engine)

    [_, state, ministry], _, _ = await forms_and_stats(engine, SEED_YEARS)

    def told(form: StatisticalForm, code: str) -> tuple[int, int]:
        values = form.row(code).values
        return values["collective"], values["individual"]

    assert told(state, "02.8") == (1, 2)  # Huân chương Lao động hạng Ba
    assert told(state, "07") == (2, 3)  # Bằng khen của Thủ tướng Chính phủ
    assert told(ministry, "02.1") == (19, 26)  # Bằng khen cấp bộ
    assert told(ministry, "02.2") == (16 + 1, 16)  # Bằng khen cấp tỉnh, one to the agency
    assert told(ministry, "04.1") == (5, 0)  # Cờ thi đua cấp bộ: 5 năm liền, to the agency
    assert told(ministry, "04.2") == (23 + 4, 0)  # Cờ thi đua cấp tỉnh: 23 units, 4 years
    assert told(ministry, "03.2") == (0, 4)  # Chiến sĩ thi đua cấp tỉnh
    assert state.row("02.8").values["position.unknown"] == 2
