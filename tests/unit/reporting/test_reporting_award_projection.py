"""The awards projection, fed through the idempotent consumer on SQLite."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.tables import award_counts, award_recipients_by_year
from tests.harness.reporting_events import (
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
    reporting_db: AsyncEngine,
) -> None:
    granted = award("LDTT", "m-1", 2019, signed_on=date(2020, 1, 20))

    await feed(reporting_consumer(reporting_db), [granted])

    rows = await counters(
        reporting_db,
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


async def test_a_period_award_counts_once_in_the_last_year(reporting_db: AsyncEngine) -> None:
    order = award("HCLD3", "u-1", 2019, kind="unit", year_from=2015)

    await feed(reporting_consumer(reporting_db), [order])

    assert await by_year(reporting_db) == {(2019, "HCLD3"): 1}


async def test_a_late_event_lands_in_its_business_year(reporting_db: AsyncEngine) -> None:
    consumer = reporting_consumer(reporting_db)

    await feed(consumer, [award("CSTDCS", "m-1", 2020)], [award("CSTDCS", "m-1", 2016)])

    assert await by_year(reporting_db) == {(2016, "CSTDCS"): 1, (2020, "CSTDCS"): 1}


async def test_a_revocation_after_the_grant_subtracts_it(reporting_db: AsyncEngine) -> None:
    granted, kept = award("BK_BO", "m-1", 2018), award("BK_BO", "m-2", 2018)
    consumer = reporting_consumer(reporting_db)

    await feed(consumer, [granted, kept], [award_revoked(award_id_of(granted))])

    assert await by_year(reporting_db) == {(2018, "BK_BO"): 1}
    recipients = await counters(reporting_db, award_recipients_by_year, "recipient_id")
    assert recipients == {("m-2",): 1}


async def test_a_revocation_before_the_grant_keeps_it_from_counting(
    reporting_db: AsyncEngine,
) -> None:
    granted = award("BK_BO", "m-1", 2018)
    consumer = reporting_consumer(reporting_db)

    await feed(consumer, [award_revoked(award_id_of(granted))], [granted])

    assert await by_year(reporting_db) == {}


async def test_a_revoked_decision_subtracts_each_of_its_awards(reporting_db: AsyncEngine) -> None:
    grants = [award("LDTT", f"m-{i}", 2019) for i in range(3)]
    revoked = decision_revoked([award_id_of(g) for g in grants[:2]])

    await feed(reporting_consumer(reporting_db), [*grants, revoked])

    assert await by_year(reporting_db) == {(2019, "LDTT"): 1}


async def test_duplicates_are_counted_once(reporting_db: AsyncEngine) -> None:
    granted = award("CSTDCS", "m-1", 2019)
    same_award_again = award("CSTDCS", "m-1", 2019, award_id=award_id_of(granted))
    consumer = reporting_consumer(reporting_db)

    await feed(consumer, [granted, granted, same_award_again], [granted])

    assert await by_year(reporting_db) == {(2019, "CSTDCS"): 1}


async def test_an_unknown_members_award_moves_to_its_group_when_the_member_arrives(
    reporting_db: AsyncEngine,
) -> None:
    consumer = reporting_consumer(reporting_db)

    await feed(consumer, [award("LDTT", "m-9", 2019), member_added("m-8", "worker")])
    before = await counters(reporting_db, award_counts, "position_group")
    await feed(consumer, [member_added("m-9", "leader")], [award("LDTT", "m-9", 2020)])

    assert before == {("unknown",): 1}
    assert await counters(reporting_db, award_counts, "position_group") == {("leader",): 2}
