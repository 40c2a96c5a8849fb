"""Reads of several counter tables in one statement (``queries/together.py``) on PostgreSQL:
the rows come back as they would one statement each, the agency's statistics cost exactly one
statement, and the national view's awards read from ``award_totals`` equal the sums of
``award_counts`` on generated histories with revocations, mergers and transfers."""

from __future__ import annotations

import asyncio
import random
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.dimensions import level_class
from services.reporting.projections.tables import (
    award_counts,
    directory_departures,
    proposal_counts,
)
from services.reporting.projections.tables import metadata as projection_metadata
from services.reporting.queries.agency_awards import recipient_class
from services.reporting.queries.agency_records import agency_proposals
from services.reporting.queries.agency_stats import (
    agency_period_stats,
    registered_agency_period_stats,
)
from services.reporting.queries.common import YearRange, agency_scope, find_agency
from services.reporting.queries.models import YearBasis
from services.reporting.queries.national import agency_metrics
from services.reporting.queries.together import (
    CODES,
    LAST_DAY,
    range_parameters,
)
from services.reporting.rebuild.schema import create_rebuild_engine
from shared.consumer.tables import metadata as consumer_metadata
from shared.database.engine import connection_for_reads, create_engine
from shared.database.together import Together
from shared.envelope import EventEnvelope
from tests.harness.reporting_events import feed, reporting_consumer
from tests.harness.statements import statements_sent
from tests.unit.reporting.lineage_events import merger, registered
from tests.unit.reporting.test_rebuild_property import batches, histories, interleave

pytestmark = pytest.mark.integration

_TABLES = ", ".join([*(t.name for t in projection_metadata.sorted_tables), "processed_events"])


@asynccontextmanager
async def _empty_projections(url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_rebuild_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(projection_metadata.create_all)
            await connection.run_sync(consumer_metadata.create_all)
            await connection.execute(text(f"TRUNCATE {_TABLES}"))
        yield engine
    finally:
        await engine.dispose()


async def _read_together(url: str) -> tuple[dict[str, list[list[Any]]], list[str]]:
    async with _empty_projections(url) as engine:
        async with engine.begin() as connection:
            await connection.execute(
                proposal_counts.insert(),
                [
                    {
                        "agency": "01",
                        "submitted_on": date(2020, 3, 1),
                        "state": "open",
                        "proposals": 2,
                    },
                    {
                        "agency": "02",
                        "submitted_on": date(2020, 3, 1),
                        "state": "open",
                        "proposals": 5,
                    },
                ],
            )
        p, d = proposal_counts, directory_departures
        together = Together(
            {
                "proposals": select(p.c.submitted_on, p.c.state, p.c.proposals)
                .where(p.c.agency.in_(CODES))
                .order_by(p.c.agency),
                "departures": select(d.c.left_on).where(d.c.left_on <= LAST_DAY),
            }
        )
        with statements_sent(engine) as sent:
            async with connection_for_reads(engine) as connection:
                parts = await together.read(
                    connection, range_parameters(["01", "02"], YearRange(2020, 2020))
                )
        return parts, sent


def test_several_queries_come_back_as_json_rows_of_one_statement(
    postgres_database_url: str,
) -> None:
    parts, sent = asyncio.run(_read_together(postgres_database_url))
    assert parts == {
        "proposals": [["2020-03-01", "open", 2], ["2020-03-01", "open", 5]],
        "departures": [],
    }
    assert len(sent) == 1


async def _one_agency(url: str) -> tuple[int, Any, Any]:
    async with _empty_projections(url) as engine:
        events = [
            registered("01", "Sở Công Thương Hà Nội", "01"),
            registered("02", "Sở Công Thương Hà Giang", "02"),
        ]
        await feed(reporting_consumer(engine), events)
        async with engine.begin() as connection:
            await connection.execute(
                proposal_counts.insert(),
                [
                    {
                        "agency": "01",
                        "submitted_on": date(2020, 3, 1),
                        "state": "open",
                        "proposals": 2,
                    },
                    {
                        "agency": "01",
                        "submitted_on": date(2021, 3, 1),
                        "state": "open",
                        "proposals": 4,
                    },
                    {
                        "agency": "02",
                        "submitted_on": date(2020, 3, 1),
                        "state": "open",
                        "proposals": 5,
                    },
                ],
            )
        async with engine.connect() as connection:
            info = await find_agency(connection, "01")
            assert info is not None
            alone = await agency_proposals(
                connection, ["01"], YearRange(2020, 2020), date(2020, 4, 1)
            )
        with statements_sent(engine) as sent:
            stats = await agency_period_stats(
                engine, info, YearRange(2020, 2020), YearBasis.ACHIEVEMENT, date(2020, 4, 1)
            )
        return len(sent), stats.proposals, alone


def test_an_agencys_statistics_are_one_statement_and_each_part_reads_alike_alone(
    postgres_database_url: str,
) -> None:
    statements, within, alone = asyncio.run(_one_agency(postgres_database_url))
    assert statements == 1
    assert within == alone
    assert within.submitted == 2
    assert within.age.oldest_days == 31


async def _awards_both_ways(
    url: str, streams: list[list[EventEnvelope]], seed: int
) -> list[tuple[int, dict[str, Counter[str]], dict[str, Counter[str]]]]:
    """Per year: the national view's award counts per agency, and the same summed from
    ``award_counts`` here."""
    rng = random.Random(seed)
    async with _empty_projections(url) as engine:
        await feed(reporting_consumer(engine), *batches(interleave(streams, rng), rng))
        found = []
        async with connection_for_reads(engine) as connection:
            for year in range(2018, 2022):
                metrics = await agency_metrics(
                    connection, YearRange(year, year), YearBasis.ACHIEVEMENT
                )
                t = award_counts
                query = (
                    select(t.c.agency, t.c.level_class, t.c.recipient_kind, t.c.award_code)
                    .add_columns(func.sum(t.c.awards))
                    .where(t.c.year == year)
                    .group_by(t.c.agency, t.c.level_class, t.c.recipient_kind, t.c.award_code)
                )
                expected: defaultdict[str, Counter[str]] = defaultdict(Counter)
                for agency, level, kind, code, n in (await connection.execute(query)).all():
                    assert level == level_class(code).value
                    expected[agency].update(
                        {
                            "awards": n,
                            f"awards_{level}": n,
                            f"awards_{recipient_class(kind)}": n,
                            f"code:{code}": n,
                        }
                    )
                awards_only = {
                    agency: Counter(
                        {k: n for k, n in counts.items() if k.startswith(("awards", "code:")) and n}
                    )
                    for agency, counts in metrics.items()
                }
                expected_nonzero = {
                    agency: Counter({k: n for k, n in counts.items() if n})
                    for agency, counts in expected.items()
                }
                found.append((year, awards_only, expected_nonzero))
        return found


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(streams=histories(), seed=st.integers(0, 2**32 - 1))
def test_national_awards_from_the_totals_equal_the_sums_of_award_counts(
    postgres_database_url: str, streams: list[list[EventEnvelope]], seed: int
) -> None:
    for year, from_totals, from_counts in asyncio.run(
        _awards_both_ways(postgres_database_url, streams, seed)
    ):
        assert _nonzero(from_totals) == _nonzero(from_counts), year


def _nonzero(by_agency: dict[str, Counter[str]]) -> dict[str, Counter[str]]:
    return {agency: counts for agency, counts in by_agency.items() if counts}


async def _write_after_an_autocommit_read(url: str) -> int:
    async with _empty_projections(url) as setup:
        del setup
    engine = create_engine(url, pool_size=1)
    try:
        async with connection_for_reads(engine) as connection:
            await connection.execute(select(1))
        with pytest.raises(RuntimeError):
            await _failing_command(engine)
        async with engine.connect() as connection:
            rows = await connection.execute(select(func.count()).select_from(proposal_counts))
            return int(rows.scalar_one())
    finally:
        await engine.dispose()


async def _failing_command(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            proposal_counts.insert().values(
                agency="01", submitted_on=date(2020, 3, 1), state="open", proposals=1
            )
        )
        raise RuntimeError("the command fails after its write")


def test_a_connection_used_for_autocommit_reads_writes_in_a_transaction_again(
    postgres_database_url: str,
) -> None:
    """The pool gives the same connection back to a command: its isolation level is reset,
    so a failed command's write is rolled back."""
    assert asyncio.run(_write_after_an_autocommit_read(postgres_database_url)) == 0


async def _read_with_the_agency(url: str) -> dict[str, Any]:
    """Each agency's stats read with the agency, and read after a look-up of it."""
    async with _empty_projections(url) as engine:
        events = [
            registered("24", "Sở Công Thương Bắc Giang", "24"),
            registered("SCT34-24", "Sở Công Thương Bắc Ninh", "24", "34", date(2025, 7, 1)),
            registered("01", "Sở Công Thương Hà Nội", "01"),
            *(event for stream in merger("SCT34-24", ["24"]) for event in stream),
        ]
        await feed(reporting_consumer(engine), events)
        async with engine.begin() as connection:
            await connection.execute(
                proposal_counts.insert(),
                [
                    {"agency": agency, "submitted_on": day, "state": "open", "proposals": n}
                    for agency, day, n in [
                        ("24", date(2024, 3, 1), 2),
                        ("SCT34-24", date(2025, 8, 1), 3),
                        ("01", date(2025, 3, 1), 4),
                    ]
                ],
            )
        years, basis, as_of = YearRange(2024, 2025), YearBasis.ACHIEVEMENT, date(2025, 9, 1)
        found: dict[str, Any] = {}
        for code, include in [
            ("01", False),
            ("SCT34-24", False),
            ("SCT34-24", True),
            ("99", False),
        ]:
            with statements_sent(engine) as sent:
                read = await registered_agency_period_stats(
                    engine, code, years, basis, as_of, include_predecessors=include
                )
            async with connection_for_reads(engine) as connection:
                info = await find_agency(connection, code)
                scope = None if info is None else await agency_scope(connection, info, include)
            looked_up = None
            if info is not None and scope is not None:
                looked_up = await agency_period_stats(
                    engine, info, years, basis, as_of, scope=scope
                )
            found[f"{code} {include}"] = (len(sent), read, looked_up)
        return found


def test_an_agency_is_read_with_its_statistics_and_answers_as_after_a_look_up(
    postgres_database_url: str,
) -> None:
    found = asyncio.run(_read_with_the_agency(postgres_database_url))

    for key in ("01 False", "SCT34-24 False", "SCT34-24 True"):
        _, read, looked_up = found[key]
        assert read is not None, key
        assert read == looked_up, key
    assert found["99 False"][1:] == (None, None)
    assert found["01 False"][0] == 1
    assert found["SCT34-24 False"][0] == 2  # the agency with its counts, then its lineage
    assert found["SCT34-24 True"][0] == 3  # ... and the counts of all three together
    assert found["99 False"][0] == 1
    assert found["SCT34-24 True"][1].agencies_counted == ["SCT34-24", "24"]
    assert found["SCT34-24 True"][1].proposals.submitted == 5
    assert found["SCT34-24 False"][1].proposals.submitted == 3
    assert found["01 False"][1].agency.name == "Sở Công Thương Hà Nội"
