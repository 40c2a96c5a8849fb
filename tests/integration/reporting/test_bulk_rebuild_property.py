"""The rebuild's set-based path (PostgreSQL) equals the incremental projection.

Generated histories as in ``tests/unit/reporting/test_rebuild_property.py`` (grants revoked by
``AwardRevoked`` or ``DecisionRevoked``, before or after their grant, members, campaigns,
duplicates, any order across streams). The incremental side feeds them through the live
consumer in random batches into the live tables; the rebuild side feeds another interleaving,
in other random batches, parsed by :func:`~services.reporting.rebuild.staging_rows.parse_batch`
and loaded by :class:`~services.reporting.rebuild.bulk.BulkLoad` into the
rebuild tables (award events staged with COPY, projected in SQL). Every row of every
projection table, and the applied event ids, must be equal.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.tables import metadata as projection_metadata
from services.reporting.rebuild.bulk import BulkLoad
from services.reporting.rebuild.schema import REBUILD_SCHEMA, create_rebuild_engine, prepare
from services.reporting.rebuild.staging_rows import parse_batch
from shared.consumer.tables import metadata as consumer_metadata
from shared.consumer.tables import processed_events
from shared.database.engine import write_transaction
from shared.envelope import EventEnvelope
from tests.harness.reporting_events import (
    DeadLetters,
    award,
    feed,
    national_screen,
    records,
    reporting_consumer,
)
from tests.unit.reporting.test_rebuild_property import batches, histories, interleave, snapshot

_LIVE_TABLES = ", ".join([*(t.name for t in projection_metadata.sorted_tables), "processed_events"])


async def incremental_and_bulk(
    url: str, streams: list[list[EventEnvelope]], seed: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    rng = random.Random(seed)
    engine = create_rebuild_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(projection_metadata.create_all)
            await connection.run_sync(consumer_metadata.create_all)
            await connection.execute(text(f"TRUNCATE {_LIVE_TABLES}"))
        async with write_transaction(engine) as connection:
            await prepare(connection)

        await feed(reporting_consumer(engine), *batches(interleave(streams, rng), rng))
        incremental = await snapshot(engine, rebuilt=False)

        skipped = DeadLetters()
        screen = national_screen()
        load = BulkLoad(engine, skipped, screen)
        await load.start()
        first_seq = 0
        for batch in batches(interleave(streams, rng), rng):
            read = records(batch)
            parsed = parse_batch([(r.topic, r.value, r.headers) for r in read], first_seq, screen)
            first_seq += len(read)
            assert parsed.unusable == []
            await load.apply(parsed, [read[i] for i in parsed.others])
        await load.finish()
        assert skipped.letters == []
        return incremental, await snapshot(engine, rebuilt=True)
    finally:
        await engine.dispose()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(streams=histories(), seed=st.integers(0, 2**32 - 1))
def test_bulk_rebuild_equals_incremental_projection(
    postgres_database_url: str, streams: list[list[EventEnvelope]], seed: int
) -> None:
    incremental, bulk = asyncio.run(incremental_and_bulk(postgres_database_url, streams, seed))
    assert bulk == incremental
    assert len(bulk[processed_events.name]) == len({e.event_id for s in streams for e in s})


async def test_deriving_into_award_tables_that_hold_rows_is_refused_untouched(
    postgres_database_url: str,
) -> None:
    """The derivation writes only into empty award tables; otherwise it says so, changes
    nothing (indexes kept), and gives back no connection with its session settings."""
    engine = create_rebuild_engine(postgres_database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(projection_metadata.create_all)
            await connection.run_sync(consumer_metadata.create_all)
        async with write_transaction(engine) as connection:
            await prepare(connection)
        screen = national_screen()
        load = BulkLoad(engine, DeadLetters(), screen)
        await load.start()
        grant = award("LDTT", "m-1", 2020)
        raw = [(r.topic, r.value, r.headers) for r in records([grant])]
        await load.apply(parse_batch(raw, 0, screen), [])
        schema = REBUILD_SCHEMA
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    f"INSERT INTO {schema}.award_counts VALUES "
                    "('01', 2020, 2021, 'LDTT', 'member', '', 'regular', 'unit', 'unit', 1)"
                )
            )

        before = await _indexes_and_work_mem(engine, schema)

        with pytest.raises(RuntimeError, match="award_counts must be empty"):
            await load.finish()

        assert await _indexes_and_work_mem(engine, schema) == before
        async with engine.connect() as connection:
            facts = await connection.execute(text(f"SELECT count(*) FROM {schema}.award_facts"))
            assert facts.scalar_one() == 0
    finally:
        await engine.dispose()


async def _indexes_and_work_mem(engine: AsyncEngine, schema: str) -> tuple[int, list[str]]:
    """The rebuild schema's index count, and ``work_mem`` as each pooled connection has it."""
    async with engine.connect() as connection:
        query = text(f"SELECT count(*) FROM pg_indexes WHERE schemaname = '{schema}'")
        indexes = (await connection.execute(query)).scalar_one()
    settings = []
    for _ in range(3):
        async with engine.connect() as connection:
            settings.append((await connection.execute(text("SHOW work_mem"))).scalar_one())
    return indexes, settings
