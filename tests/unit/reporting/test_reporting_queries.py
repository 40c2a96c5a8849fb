"""Queries and the narrative over projected rows."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.queries.agency_records import agency_proposals, agency_registrations
from services.reporting.queries.common import YearRange
from services.reporting.queries.streaks import Run, agency_streaks, runs
from tests.harness.reporting_events import (
    award,
    award_id_of,
    award_revoked,
    feed,
    member_added,
    proposal,
    proposal_forwarded,
    registration,
    registration_returned,
    reporting_consumer,
    unit_added,
)


def test_runs_of_consecutive_years() -> None:
    assert runs([2015, 2016, 2018, 2019, 2020]) == [
        Run(year_from=2015, year_to=2016, years=2),
        Run(year_from=2018, year_to=2020, years=3),
    ]


async def test_a_revoked_award_breaks_a_streak(reporting_db: AsyncEngine) -> None:
    grants = [award("CSTDCS", "m-1", year) for year in range(2015, 2021)]
    await feed(reporting_consumer(reporting_db), grants, [award_revoked(award_id_of(grants[2]))])

    async with reporting_db.connect() as connection:
        [streak] = await agency_streaks(
            connection, ["01"], code="CSTDCS", recipient_kind=None, min_years=2, years=None
        )

    assert (streak.longest.year_from, streak.longest.years) == (2018, 3)
    assert streak.current == streak.longest
    assert streak.years_held == 5


async def test_registration_coverage_of_the_directory(reporting_db: AsyncEngine) -> None:
    directory = [unit_added("u-1"), unit_added("u-2"), unit_added("u-3"), member_added("m-1")]
    registrations = [
        registration("r-1", "u-1", 2020, ["TTLDTT"]),
        registration("r-2", "u-1", 2020, ["TTLDXS"]),
        registration("r-3", "u-2", 2020, ["TTLDTT"]),
    ]
    await feed(reporting_consumer(reporting_db), directory, registrations)
    await feed(reporting_consumer(reporting_db), [registration_returned("r-3")])

    async with reporting_db.connect() as connection:
        [year] = await agency_registrations(connection, ["01"], YearRange(2020, 2020), None)

    assert (year.registered_units, year.units_in_directory, year.unit_coverage) == (1, 3, 0.3333)
    assert year.by_status == {"submitted": 2, "returned": 1}
    assert [(t.award_code, t.units) for t in year.by_title] == [("TTLDTT", 1), ("TTLDXS", 1)]


async def test_pending_proposals_and_their_age(reporting_db: AsyncEngine) -> None:
    events = [
        proposal("p-1", date(2020, 1, 1), [("member", "BK_BO")]),
        proposal("p-2", date(2020, 8, 1), [("unit", "BK_TTG")]),
        proposal_forwarded("p-2"),
    ]
    await feed(reporting_consumer(reporting_db), events)

    async with reporting_db.connect() as connection:
        summary = await agency_proposals(
            connection, ["01"], YearRange(2020, 2020), date(2020, 9, 1)
        )

    assert (summary.submitted, summary.open, summary.forwarded, summary.pending) == (2, 1, 1, 2)
    assert summary.age.oldest_days == 244
    assert summary.age.by_age == {"181_365": 1, "31_90": 1}
    assert summary.pending_nominees == {"member": 1, "unit": 1}
