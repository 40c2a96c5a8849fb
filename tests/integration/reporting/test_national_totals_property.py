"""The national totals agree whatever the grouping: by agency, by the 63, by the 34, and the
sum of the agencies' own rows, for every year, on generated histories with a merger, a
continuation and transfers (``tests/unit/reporting/test_rebuild_property.py``)."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from services.reporting.projections.tables import metadata as projection_metadata
from services.reporting.queries.common import YearRange
from services.reporting.queries.models import YearBasis
from services.reporting.queries.national import national_table, total_row
from services.reporting.queries.national_models import COUNT_COLUMNS, GroupBy, NationalRow
from services.reporting.rebuild.schema import create_rebuild_engine
from shared.consumer.tables import metadata as consumer_metadata
from shared.envelope import EventEnvelope
from tests.harness.reporting_events import feed, reporting_consumer
from tests.unit.reporting.lineage_events import registered
from tests.unit.reporting.test_rebuild_property import SUCCESSOR, batches, histories, interleave

_TABLES = ", ".join([*(t.name for t in projection_metadata.sorted_tables), "processed_events"])
_REGISTERED = [
    registered("01", "Sở Công Thương Hà Nội", "01"),
    registered("79", "Sở Công Thương TP. Hồ Chí Minh", "79"),
    registered(SUCCESSOR, "Sở Công Thương Thành phố Hồ Chí Minh", "79", "34"),
]


def _totals(rows: list[NationalRow]) -> dict[str, Any]:
    total = total_row("total", "", rows)
    return {column: getattr(total, column) for column in COUNT_COLUMNS} | {
        "by_code": total.awards_by_code
    }


async def totals_by_grouping(
    url: str, streams: list[list[EventEnvelope]], seed: int
) -> dict[int, dict[str, dict[str, Any]]]:
    rng = random.Random(seed)
    engine = create_rebuild_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(projection_metadata.create_all)
            await connection.run_sync(consumer_metadata.create_all)
            await connection.execute(text(f"TRUNCATE {_TABLES}"))
        events = interleave([*streams, _REGISTERED], rng)
        await feed(reporting_consumer(engine), *batches(events, rng))
        found: dict[int, dict[str, dict[str, Any]]] = {}
        async with engine.connect() as connection:
            for year in range(2018, 2022):
                found[year] = {}
                for group_by in GroupBy:
                    table = await national_table(
                        connection, YearRange(year, year), YearBasis.ACHIEVEMENT, group_by
                    )
                    found[year][group_by.value] = _totals([*table.provincial, *table.post_merger])
        return found
    finally:
        await engine.dispose()


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(streams=histories(), seed=st.integers(0, 2**32 - 1))
def test_totals_by_agency_by_63_and_by_34_agree_every_year(
    postgres_database_url: str, streams: list[list[EventEnvelope]], seed: int
) -> None:
    found = asyncio.run(totals_by_grouping(postgres_database_url, streams, seed))
    for year, by_grouping in found.items():
        by_agency = by_grouping[GroupBy.AGENCY.value]
        assert by_grouping[GroupBy.PROVINCE63.value] == by_agency, year
        assert by_grouping[GroupBy.PROVINCE34.value] == by_agency, year
