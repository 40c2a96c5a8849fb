"""The awards projection, fed through the idempotent consumer on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.tables import award_counts, award_recipients_by_year
from services.reporting.queries.agency_awards import distinct_recipients
from services.reporting.queries.common import YearRange
from tests.harness.reporting_events import (
    HANOI,
    award,
    award_id_of,
    award_revoked,
    counters,
    decision_revoked,
    feed,
    member_added,
    reporting_consumer,
)


async def by_year(engine: AsyncEngine) -> dict[tuple[object, ...], int]:
    return await counters(engine, award_counts, "year", "award_code")


async def test_an_award_counts_in_its_achievement_year_with_its_dimensions(
    projection_db: AsyncEngine,
) -> None:
    granted = award("LDTT", "m-1", 2019, signed_on=date(2020, 1, 20))

    await feed(reporting_consumer(projection_db), [granted])

    rows = await counters(
        projection_db,
        award_counts,
        "agency",
        "year",
        "decision_year",
        "recipient_kind",
        "position_group",
        "commendation_kind",
        "granting_level",
        "level_class",
    )
    assert rows == {("01", 2019, 2020, "member", "unknown", "regular", "unit", "unit"): 1}


async def test_a_period_award_counts_once_in_the_last_year(projection_db: AsyncEngine) -> None:
    order = award("HCLD3", "u-1", 2019, kind="unit", year_from=2015)

    await feed(reporting_consumer(projection_db), [order])

    assert await by_year(projection_db) == {(2019, "HCLD3"): 1}


async def test_a_late_event_lands_in_its_business_year(projection_db: AsyncEngine) -> None:
    consumer = reporting_consumer(projection_db)

    await feed(consumer, [award("CSTDCS", "m-1", 2020)], [award("CSTDCS", "m-1", 2016)])

    assert await by_year(projection_db) == {(2016, "CSTDCS"): 1, (2020, "CSTDCS"): 1}


async def test_a_revocation_after_the_grant_subtracts_it(projection_db: AsyncEngine) -> None:
    granted, kept = award("BK_BO", "m-1", 2018), award("BK_BO", "m-2", 2018)
    consumer = reporting_consumer(projection_db)

    await feed(consumer, [granted, kept], [award_revoked(award_id_of(granted))])

    assert await by_year(projection_db) == {(2018, "BK_BO"): 1}
    recipients = await counters(projection_db, award_recipients_by_year, "recipient_id")
    assert recipients == {("m-2",): 1}


async def test_a_revocation_before_the_grant_keeps_it_from_counting(
    projection_db: AsyncEngine,
) -> None:
    granted = award("BK_BO", "m-1", 2018)
    consumer = reporting_consumer(projection_db)

    await feed(consumer, [award_revoked(award_id_of(granted))], [granted])

    assert await by_year(projection_db) == {}


async def test_a_revoked_decision_subtracts_each_of_its_awards(projection_db: AsyncEngine) -> None:
    grants = [award("LDTT", f"m-{i}", 2019) for i in range(3)]
    revoked = decision_revoked([award_id_of(g) for g in grants[:2]])

    await feed(reporting_consumer(projection_db), [*grants, revoked])

    assert await by_year(projection_db) == {(2019, "LDTT"): 1}


async def test_duplicates_are_counted_once(projection_db: AsyncEngine) -> None:
    granted = award("CSTDCS", "m-1", 2019)
    same_award_again = award("CSTDCS", "m-1", 2019, award_id=award_id_of(granted))
    consumer = reporting_consumer(projection_db)

    await feed(consumer, [granted, granted, same_award_again], [granted])

    assert await by_year(projection_db) == {(2019, "CSTDCS"): 1}


async def test_an_unknown_members_award_moves_to_its_group_when_the_member_arrives(
    projection_db: AsyncEngine,
) -> None:
    consumer = reporting_consumer(projection_db)

    await feed(consumer, [award("LDTT", "m-9", 2019), member_added("m-8", "worker")])
    before = await counters(projection_db, award_counts, "position_group")
    await feed(consumer, [member_added("m-9", "leader")], [award("LDTT", "m-9", 2020)])

    assert before == {("unknown",): 1}
    assert await counters(projection_db, award_counts, "position_group") == {("leader",): 2}


async def test_distinct_recipients_of_every_range_match_a_count_over_the_recipients(
    projection_db: AsyncEngine,
) -> None:
    held = {
        "m-1": [2016, 2017, 2018, 2019, 2020],
        "m-2": [2016, 2018, 2020],
        "m-3": [2019],
        "m-4": [2017, 2017, 2021],  # two awards in 2017: one revocation leaves it held
    }
    grants = {
        (recipient, index): award("LDTT", recipient, year)
        for recipient, years in held.items()
        for index, year in enumerate(years)
    }
    revoked = [grants["m-1", 2], grants["m-2", 0], grants["m-4", 0], grants["m-3", 0]]
    events = list(grants.values())
    consumer = reporting_consumer(projection_db)

    await feed(
        consumer,
        events[::2],
        [award_revoked(award_id_of(grants["m-1", 2]))],
        events[1::2],
        [decision_revoked([award_id_of(e) for e in revoked[1:]])],
    )

    live = {
        (recipient, year)
        for (recipient, index), granted in grants.items()
        for year in [held[recipient][index]]
        if granted not in revoked
    }
    async with projection_db.connect() as connection:
        for first in range(2015, 2023):
            for last in range(first, 2023):
                counted = await distinct_recipients(connection, HANOI, YearRange(first, last))
                expected = len({r for r, year in live if first <= year <= last})
                assert counted["LDTT", "individual"] == expected, (first, last)
