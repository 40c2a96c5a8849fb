"""The reorganisation's events projected on PostgreSQL: what each one changes, whatever the
order the agencies' and members' streams arrive in."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.tables import (
    agencies,
    award_counts,
    directory_counts,
    directory_departures,
    members,
)
from services.reporting.queries.common import all_agencies
from tests.harness.reporting_events import award, counters, feed, reporting_consumer
from tests.unit.reporting.lineage_events import (
    MERGED_ON,
    continued,
    member_added,
    member_transferred,
    merger,
    registered,
    unit_added,
    unit_transferred,
)


async def test_a_transfer_after_the_grant_moves_the_award_to_the_new_group(
    reporting_db: AsyncEngine,
) -> None:
    """The grant (signed after the transfer took effect) arrives first: the transfer's group,
    dated by its ``on``, regroups it when it arrives."""
    consumer = reporting_consumer(reporting_db)
    grant = award("BK_BO", "m-1", 2025, agency="SCT34-24", signed_on=date(2025, 9, 1))
    await feed(consumer, [member_added("m-1", "24", "u-1", "official", 2016)], [grant])
    before = await counters(reporting_db, award_counts, "position_group")

    await feed(consumer, [member_transferred("m-1", "24", "SCT34-24", unit="u-1", group="leader")])

    assert before == {("official",): 1}
    assert await counters(reporting_db, award_counts, "position_group") == {("leader",): 1}


async def test_a_transfer_counts_in_for_the_receiver_and_out_for_the_agency_left(
    reporting_db: AsyncEngine,
) -> None:
    await feed(
        reporting_consumer(reporting_db),
        [unit_added("u-1", "24", 2016), member_added("m-1", "24", "u-1", "official", 2016)],
        [
            unit_transferred("u-1", "24", "SCT34-24"),
            member_transferred("m-1", "24", "SCT34-24", unit="u-1"),
        ],
    )

    assert await counters(reporting_db, directory_counts, "agency", "year", "subject_kind") == {
        ("24", 2016, "unit"): 1,
        ("24", 2016, "member"): 1,
        ("SCT34-24", 2025, "unit"): 1,
        ("SCT34-24", 2025, "member"): 1,
    }
    departures = await counters(
        reporting_db, directory_departures, "agency", "left_on", "subject_kind"
    )
    assert departures == {("24", MERGED_ON, "unit"): 1, ("24", MERGED_ON, "member"): 1}
    async with reporting_db.connect() as connection:
        row = (await connection.execute(select(members))).one()
    assert (row.agency, row.unit_id, row.position_group) == ("SCT34-24", "u-1", "official")


async def test_lifecycles_and_lineage_whichever_side_of_a_merger_arrives_first(
    reporting_db: AsyncEngine,
) -> None:
    successor_side, *ceased = merger("SCT34-24", ["24", "27"])
    consumer = reporting_consumer(reporting_db)
    await feed(consumer, ceased[0], [registered("24", "Sở Công Thương Bắc Giang", "24")])
    async with reporting_db.connect() as connection:
        early = {a.agency_code: a for a in await all_agencies(connection)}

    await feed(
        consumer,
        [
            registered("27", "Sở Công Thương Bắc Ninh", "27"),
            registered("SCT34-24", "Sở Công Thương tỉnh Bắc Ninh", "24", "34", MERGED_ON),
            registered("01", "Sở Công Thương Hà Nội", "01"),
            continued("01", "01"),
        ],
        successor_side,
    )

    async with reporting_db.connect() as connection:
        known = {a.agency_code: a for a in await all_agencies(connection)}
        names = dict(
            (await connection.execute(select(agencies.c.agency_code, agencies.c.name)))
            .tuples()
            .all()
        )
    assert early["24"].successor_code == "SCT34-24"
    assert early["24"].ceased_on == date(2025, 6, 30)
    assert known["SCT34-24"].predecessor_codes == ["24", "27"]
    assert known["27"].successor_code == "SCT34-24"  # told by the successor's side only
    assert known["27"].ceased_on is None
    assert known["SCT34-24"].established_on == MERGED_ON
    hanoi = known["01"]
    assert (hanoi.province_code, hanoi.province_list, hanoi.province_code_63) == ("01", "34", "01")
    assert hanoi.continued_on == MERGED_ON
    assert names["01"] == "Sở Công Thương Hà Nội"
