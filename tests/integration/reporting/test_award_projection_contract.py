"""The awards projection, fed through the idempotent consumer on PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.tables import (
    award_counts,
    award_recipients_by_year,
    award_totals,
)
from services.reporting.queries.agency_awards import (
    award_year_totals,
    recipient_class,
)
from services.reporting.queries.common import YearRange
from shared.vietnam_time import business_time
from tests.harness.reporting_events import (
    HANOI,
    award,
    award_id_of,
    award_revoked,
    counters,
    decision_revoked,
    feed,
    member_added,
    member_history,
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


async def test_an_award_keeps_the_group_its_member_held_when_it_was_granted(
    reporting_db: AsyncEngine,
) -> None:
    """Forms 0602/0603 count by the group at the grant, whatever order the topics arrive in:
    a worker awarded in 2019 (decision of 2020-01-20) and made a leader on 2023-05-02 stays
    among the workers for that award; the award of 2023 (decision of 2024-01-20) is a
    leader's. A historical award signed before the member was added takes the first group."""
    history = member_history(
        "m-5",
        [
            (business_time(date(2018, 3, 1)) + timedelta(hours=9), "worker"),
            (business_time(date(2023, 5, 2)) + timedelta(hours=9), "leader"),
        ],
    )
    before_added = award("BK_BO", "m-5", 2016, signed_on=date(2017, 1, 20))
    as_worker = award("LDTT", "m-5", 2019, signed_on=date(2020, 1, 20))
    as_leader = award("LDTT", "m-5", 2023, signed_on=date(2024, 1, 20))
    consumer = reporting_consumer(reporting_db)

    await feed(consumer, [history[1], as_worker], [as_leader, before_added], [history[0]])

    assert await counters(reporting_db, award_counts, "year", "position_group") == {
        (2016, "worker"): 1,
        (2019, "worker"): 1,
        (2023, "leader"): 1,
    }


async def test_distinct_recipients_of_every_range_match_a_count_over_the_recipients(
    reporting_db: AsyncEngine,
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
    consumer = reporting_consumer(reporting_db)

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
    async with reporting_db.connect() as connection:
        for first in range(2015, 2023):
            for last in range(first, 2023):
                answer = await award_year_totals(connection, [HANOI], YearRange(first, last))
                expected = len({r for r, year in live if first <= year <= last})
                assert answer.recipients["LDTT", "individual"] == expected, (first, last)


async def test_award_totals_are_the_award_counts_summed_over_their_other_dimensions(
    reporting_db: AsyncEngine,
) -> None:
    grants = [
        award("LDTT", "m-1", 2019),
        award("LDTT", "m-2", 2019, signed_on=date(2021, 2, 1)),
        award("BK_BO", "m-1", 2019, commendation_kind="ad_hoc"),
        award("BK_BO", "u-1", 2019, kind="unit"),
        award("BK_BO", "u-2", 2020, kind="unit"),
        award("HCLD3", "u-1", 2020, kind="unit", year_from=2016),
        award("GIAY_KHEN", "h-1", 2018, kind="household"),
        award("BK_TINH", HANOI, 2018, kind="agency"),
        award("CSTDCS", "m-3", 2018),
        award("CSTDCS", "m-4", 2018),
    ]
    again = award("LDTT", "m-1", 2019, award_id=award_id_of(grants[0]))
    consumer = reporting_consumer(reporting_db)
    columns = ("agency", "year", "award_code", "recipient_kind")

    await feed(
        consumer,
        [*grants[:6], again, member_added("m-1", "leader")],
        [grants[0], *grants[6:], award_revoked(award_id_of(grants[3]))],
        [decision_revoked([award_id_of(grants[8]), award_id_of(grants[6])])],
        [member_added("m-2", "worker"), member_added("m-3", "official")],
    )

    totals = await counters(reporting_db, award_totals, *columns)
    assert totals == await counters(reporting_db, award_counts, *columns)
    assert totals == {
        (HANOI, 2019, "LDTT", "member"): 2,
        (HANOI, 2019, "BK_BO", "member"): 1,
        (HANOI, 2020, "BK_BO", "unit"): 1,
        (HANOI, 2020, "HCLD3", "unit"): 1,
        (HANOI, 2018, "BK_TINH", "agency"): 1,
        (HANOI, 2018, "CSTDCS", "member"): 1,
    }


async def test_award_year_totals_of_every_range_match_a_count_over_the_live_awards(
    reporting_db: AsyncEngine,
) -> None:
    held = [
        ("LDTT", "member", "m-1", [2016, 2017, 2018, 2019, 2020]),
        ("LDTT", "member", "m-2", [2016, 2018, 2018, 2020]),
        ("BK_BO", "member", "m-1", [2017, 2019]),
        ("BK_BO", "unit", "u-1", [2017, 2017, 2021]),
        ("BK_BO", "agency", HANOI, [2018]),
        ("GIAY_KHEN", "household", "h-1", [2019, 2020]),
        ("GIAY_KHEN", "unit", "u-2", [2019]),
    ]
    grants = [
        (code, kind, recipient, year, award(code, recipient, year, kind=kind))
        for code, kind, recipient, years in held
        for year in years
    ]
    revoked = {award_id_of(granted) for *_, granted in grants[1::4]}
    other_agency = award("LDTT", "m-1", 2018, agency="79")
    consumer = reporting_consumer(reporting_db)
    events = [granted for *_, granted in grants]

    await feed(
        consumer,
        [*events[::2], other_agency],
        [award_revoked(sorted(revoked)[0])],
        events[1::2],
        [decision_revoked(sorted(revoked)[1:])],
    )

    live = [
        (code, kind, recipient, year)
        for code, kind, recipient, year, granted in grants
        if award_id_of(granted) not in revoked
    ]
    async with reporting_db.connect() as connection:
        for first in range(2015, 2023):
            for last in range(first, 2023):
                answer = await award_year_totals(connection, [HANOI], YearRange(first, last))
                in_range = [row for row in live if first <= row[3] <= last]
                awards = Counter((code, kind, year) for code, kind, _, year in in_range)
                recipients = Counter(
                    (code, recipient_class(kind))
                    for code, kind, recipient in {row[:3] for row in in_range}
                )
                assert sorted(answer.by_year) == sorted(
                    (code, kind, year, n) for (code, kind, year), n in awards.items()
                ), (first, last)
                assert +answer.recipients == recipients, (first, last)
