"""Campaign, directory, registration, initiative and proposal projections on PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.dimensions import Duration, duration_bucket
from services.reporting.projections.tables import (
    agencies,
    campaign_counts,
    directory_counts,
    initiative_counts,
    proposal_counts,
    proposal_nominee_counts,
    registrants_by_year,
    registration_counts,
)
from tests.harness.reporting_events import (
    agency_registered,
    award,
    campaign,
    counters,
    decision,
    feed,
    initiative,
    member_added,
    proposal,
    proposal_forwarded,
    proposal_returned,
    registration,
    registration_approved,
    registration_returned,
    reporting_consumer,
    unit_added,
)


def test_duration_buckets_follow_form_0601() -> None:
    assert duration_bucket(date(2020, 3, 1), date(2020, 6, 30)) is Duration.UNDER_1Y
    assert duration_bucket(date(2020, 1, 1), date(2020, 12, 31)) is Duration.ONE_YEAR
    assert duration_bucket(date(2019, 1, 1), date(2020, 12, 31)) is Duration.FROM_1_TO_3Y
    assert duration_bucket(date(2016, 1, 1), date(2018, 12, 31)) is Duration.FROM_3_TO_5Y
    assert duration_bucket(date(2016, 1, 1), date(2020, 12, 31)) is Duration.FIVE_YEARS_PLUS
    assert duration_bucket(date(2016, 1, 1), None) is Duration.OPEN_ENDED


async def test_campaigns_count_by_start_year_form_and_duration(reporting_db: AsyncEngine) -> None:
    events = [
        campaign(date(2016, 1, 1), date(2020, 12, 31), form="thematic"),
        campaign(date(2016, 5, 1)),
        campaign(date(2019, 1, 1), date(2019, 12, 31)),
    ]

    await feed(reporting_consumer(reporting_db), events)

    assert await counters(reporting_db, campaign_counts, "year", "form", "duration") == {
        (2016, "thematic", "5y_plus"): 1,
        (2016, "regular", "open_ended"): 1,
        (2019, "regular", "1y"): 1,
    }


async def test_every_agency_seen_is_kept_and_registration_fills_it_in(
    reporting_db: AsyncEngine,
) -> None:
    consumer = reporting_consumer(reporting_db)

    await feed(consumer, [award("LDTT", "m-1", 2019, agency="06")], [agency_registered()])
    await feed(consumer, [agency_registered("06", "Sở Công Thương Bắc Kạn", "06")])
    await feed(consumer, [award("LDTT", "m-2", 2019, agency="06")])

    async with reporting_db.connect() as connection:
        rows = (await connection.execute(select(agencies.c.agency_code, agencies.c.name))).all()
    assert sorted(rows) == [("01", "Sở Công Thương Hà Nội"), ("06", "Sở Công Thương Bắc Kạn")]


async def test_the_directory_counts_units_and_members_by_year(reporting_db: AsyncEngine) -> None:
    events = [unit_added("u-1"), unit_added("u-2", year=2017), member_added("m-1", year=2017)]

    await feed(reporting_consumer(reporting_db), events)

    assert await counters(reporting_db, directory_counts, "year", "subject_kind") == {
        (2015, "unit"): 1,
        (2017, "unit"): 1,
        (2017, "member"): 1,
    }


async def test_a_registration_moves_between_statuses(reporting_db: AsyncEngine) -> None:
    consumer = reporting_consumer(reporting_db)
    await feed(
        consumer,
        [
            registration("r-1", "u-1", 2020, ["TTLDTT"]),
            registration("r-2", "u-2", 2020, ["TTLDXS"]),
        ],
        [registration_returned("r-1"), registration_approved("r-2")],
        [registration("r-1", "u-1", 2020, ["TTLDTT", "CO_THI_DUA_TINH"])],
    )

    assert await counters(reporting_db, registration_counts, "status") == {
        ("submitted",): 1,
        ("approved",): 1,
    }
    assert await counters(reporting_db, registrants_by_year, "registrant_id", "award_code") == {
        ("u-1", "TTLDTT"): 1,
        ("u-1", "CO_THI_DUA_TINH"): 1,
        ("u-2", "TTLDXS"): 1,
    }


async def test_initiatives_count_registered_and_recognised_by_level(
    reporting_db: AsyncEngine,
) -> None:
    events = [*initiative(2019, "grassroots"), *initiative(2019), *initiative(2020, "national")]

    await feed(reporting_consumer(reporting_db), events)

    assert await counters(reporting_db, initiative_counts, "year", "stage", "level") == {
        (2019, "registered", ""): 2,
        (2019, "recognised", "grassroots"): 1,
        (2020, "registered", ""): 1,
        (2020, "recognised", "national"): 1,
    }


async def test_proposals_move_between_states_and_a_decision_is_final(
    reporting_db: AsyncEngine,
) -> None:
    day = date(2020, 3, 1)
    consumer = reporting_consumer(reporting_db)
    await feed(
        consumer,
        [proposal("p-1", day, [("unit", "BK_BO"), ("member", "BK_BO")])],
        [proposal("p-2", day, [("member", "CSTD_TINH")]), proposal_returned("p-2")],
        [decision("p-3"), proposal("p-3", day, [("member", "BK_TTG")]), proposal_forwarded("p-3")],
        [proposal("p-4", day, [("member", "BK_TTG")]), proposal_forwarded("p-4")],
    )

    assert await counters(reporting_db, proposal_counts, "state") == {
        ("open",): 1,
        ("returned",): 1,
        ("decided",): 1,
        ("forwarded",): 1,
    }
    nominees = await counters(reporting_db, proposal_nominee_counts, "state", "nominee_kind")
    assert nominees[("open", "unit")] == nominees[("open", "member")] == 1
