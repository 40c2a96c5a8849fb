"""Seed 000 on PostgreSQL: Hà Nội's awards of 2015–2020, fed out of order, counted and told.

"… 1 tập thể và 2 cá nhân được tặng Huân chương Lao động hạng Ba; 2 tập thể và 3 cá nhân được
tặng Bằng khen Chính phủ; 5 năm liền Sở Công Thương được tặng Cờ thi đua xuất sắc của Bộ Công
Thương; 4 năm liền … Cờ thi đua xuất sắc của thành phố, 1 năm được tặng Bằng khen; 23 tập thể
được tặng Cờ thi đua xuất sắc của thành phố; 19 tập thể và 26 cá nhân được tặng Bằng khen của Bộ
Công Thương; 16 tập thể và 16 cá nhân được tặng Bằng khen của UBND thành phố; 31 lượt tập thể và
601 cá nhân đạt Lao động tiên tiến; 164 lượt cá nhân đạt danh hiệu Chiến sỹ thi đua cơ sở;
4 cá nhân đạt danh hiệu Chiến sỹ thi đua cấp thành phố…"
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.narrative import narrative
from services.reporting.projections.tables import metadata
from services.reporting.queries.agency_stats import agency_period_stats
from services.reporting.queries.common import YearRange, find_agency
from services.reporting.queries.models import YearBasis
from services.reporting.queries.streaks import years_held_by_agency
from shared.consumer.tables import metadata as consumer_metadata
from shared.database import create_engine
from shared.envelope import EventEnvelope
from tests.harness.reporting_events import (
    agency_registered,
    award,
    award_id_of,
    award_revoked,
    feed,
    member_added,
    reporting_consumer,
)

SEED_YEARS = YearRange(2015, 2020)
EXPECTED_AWARDS = (
    "01 tập thể và 02 cá nhân được tặng Huân chương Lao động hạng Ba; "
    "02 tập thể và 03 cá nhân được tặng Bằng khen của Thủ tướng Chính phủ; "
    "Sở được tặng Cờ thi đua cấp bộ 05 năm liền (2015 – 2019), Cờ thi đua của UBND Thành phố "
    "04 năm liền (2016 – 2019) và Bằng khen của UBND Thành phố năm 2015; "
    "23 tập thể được tặng Cờ thi đua của UBND Thành phố; "
    "19 tập thể và 26 cá nhân được tặng Bằng khen cấp bộ; "
    "16 tập thể và 16 cá nhân được tặng Bằng khen của UBND Thành phố; "
    "31 lượt tập thể (06 tập thể) đạt danh hiệu Tập thể lao động tiên tiến; "
    "601 lượt cá nhân (101 người) đạt danh hiệu Lao động tiên tiến; "
    "164 lượt cá nhân (28 người) đạt danh hiệu Chiến sĩ thi đua cơ sở; "
    "04 cá nhân đạt danh hiệu Chiến sĩ thi đua cấp Thành phố."
)


@pytest.fixture
async def engine(postgres_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_database_url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
        await connection.run_sync(consumer_metadata.create_all)
    yield engine
    await engine.dispose()


def each(
    code: str, prefix: str, count: int, year: Callable[[int], int], kind: str
) -> list[EventEnvelope]:
    return [award(code, f"{prefix}{i}", year(i), kind=kind) for i in range(count)]


def yearly(code: str, prefix: str, count: int, kind: str) -> Iterator[EventEnvelope]:
    """``count`` recipients holding ``code`` every year 2015–2020."""
    for year in SEED_YEARS.years:
        yield from (award(code, f"{prefix}{i}", year, kind=kind) for i in range(count))


def agency_awards() -> list[EventEnvelope]:
    flags = [award("CO_THI_DUA_BO", "01", y, kind="agency") for y in range(2015, 2020)]
    city_flags = [award("CO_THI_DUA_TINH", "01", y, kind="agency") for y in range(2016, 2020)]
    return [*flags, *city_flags, award("BK_TINH", "01", 2015, kind="agency")]


def seed_history() -> list[EventEnvelope]:
    def spread(i: int) -> int:
        return 2016 + i % 4

    return [
        award("HCLD3", "u-order", 2015, kind="unit", year_from=2011),
        *each("HCLD3", "m-order", 2, spread, "member"),
        *each("BK_TTG", "u-pm", 2, spread, "unit"),
        *each("BK_TTG", "m-pm", 3, spread, "member"),
        *agency_awards(),
        *each("CO_THI_DUA_TINH", "u-flag", 23, spread, "unit"),
        *each("BK_BO", "u-bk", 19, spread, "unit"),
        *each("BK_BO", "m-bk", 26, spread, "member"),
        *each("BK_TINH", "u-city", 16, spread, "unit"),
        *each("BK_TINH", "m-city", 16, spread, "member"),
        *yearly("TTLDTT", "u-", 5, "unit"),
        award("TTLDTT", "u-5", 2017, kind="unit"),
        *yearly("LDTT", "m-", 100, "member"),
        award("LDTT", "m-100", 2018),
        *each("CSTDCS", "m-", 27, lambda i: 2015, "member"),
        *(award("CSTDCS", f"m-{i}", y) for i in range(27) for y in range(2016, 2021)),
        award("CSTDCS", "m-27", 2019),
        award("CSTDCS", "m-27", 2020),
        *each("CSTD_TINH", "m-", 4, spread, "member"),
    ]


def noise() -> tuple[list[EventEnvelope], list[EventEnvelope]]:
    """Awards that must not count: revoked (before and after the grant), or outside 2015–2020."""
    revoked_later, revoked_first = award("LDTT", "m-x", 2019), award("BK_BO", "m-y", 2018)
    first = [award_revoked(award_id_of(revoked_first)), revoked_later, award("LDTT", "m-1", 2021)]
    return first, [award_revoked(award_id_of(revoked_later)), revoked_first]


async def test_seed_000_counts_and_narrative(engine: AsyncEngine) -> None:
    history = seed_history()
    random.Random(0).shuffle(history)
    early_noise, late_noise = noise()
    consumer = reporting_consumer(engine)
    directory = [agency_registered(), *(member_added(f"m-{i}") for i in range(0, 100, 2))]

    await feed(consumer, early_noise, *(history[i : i + 300] for i in range(0, len(history), 300)))
    await feed(consumer, history[:300], late_noise, directory)

    async with engine.connect() as connection:
        agency = await find_agency(connection, "01")
        held = await years_held_by_agency(connection, "01", SEED_YEARS)
    assert agency is not None
    stats = await agency_period_stats(
        engine, agency, SEED_YEARS, YearBasis.ACHIEVEMENT, date(2020, 9, 3)
    )
    codes = {summary.award_code: summary for summary in stats.awards}
    assert (codes["LDTT"].individual, codes["LDTT"].recipients_individual) == (601, 101)
    assert (codes["CSTDCS"].individual, codes["TTLDTT"].collective) == (164, 31)
    assert (codes["BK_BO"].collective, codes["BK_BO"].individual) == (19, 26)
    groups = {row.position_group for row in stats.award_breakdown if row.award_code == "LDTT"}
    assert groups == {"official", "unknown"}
    [awards_paragraph, *_] = narrative(stats, held)
    assert awards_paragraph == (
        "Giai đoạn 2015 – 2020, Sở Công Thương Hà Nội đã có nhiều tập thể, cá nhân được khen "
        f"thưởng: {EXPECTED_AWARDS}"
    )
