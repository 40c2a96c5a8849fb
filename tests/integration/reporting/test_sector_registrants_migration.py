"""Migration 0009 fills the sector's registrant counters from ``registrants_by_year``, so an
upgraded database shows the coverage at once, without a rebuild."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database import create_engine
from tests.integration.reporting.test_reporting_migrations import downgrade_to, upgrade_to

REGISTRANTS = [
    # u-1: two titles with Hà Nội and one with Bắc Ninh of the 34 in 2025, counted once.
    {"agency": "01", "year": 2025, "kind": "unit", "id": "u-1", "code": "TTLDXS", "n": 1},
    {"agency": "01", "year": 2025, "kind": "unit", "id": "u-1", "code": "BK_BO", "n": 1},
    {"agency": "SCT34-24", "year": 2025, "kind": "unit", "id": "u-1", "code": "TTLDXS", "n": 1},
    {"agency": "24", "year": 2025, "kind": "member", "id": "m-1", "code": "CSTDCS", "n": 1},
    # Returned: its counter went back to zero, so m-2 is not registered.
    {"agency": "24", "year": 2025, "kind": "member", "id": "m-2", "code": "LDTT", "n": 0},
    {"agency": "24", "year": 2024, "kind": "member", "id": "m-2", "code": "LDTT", "n": 1},
]


@pytest.fixture
async def engine(
    make_postgres_database: Callable[[], Awaitable[str]],
) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(await make_postgres_database(), pool_size=2)
    yield engine
    await engine.dispose()


async def rows(engine: AsyncEngine, table: str) -> list[tuple[object, ...]]:
    async with engine.connect() as connection:
        return sorted(
            tuple(row) for row in await connection.execute(text(f"SELECT * FROM {table}"))
        )


async def test_0009_counts_the_registrants_already_projected_each_once(
    engine: AsyncEngine,
) -> None:
    await upgrade_to(engine, "0008")
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO registrants_by_year (agency, year, registrant_kind, registrant_id, "
                "award_code, registrations) VALUES (:agency, :year, :kind, :id, :code, :n)"
            ),
            REGISTRANTS,
        )

    await upgrade_to(engine, "0009")

    assert await rows(engine, "sector_registrants") == [
        (2024, "member", "m-2", 1),
        (2025, "member", "m-1", 1),
        (2025, "unit", "u-1", 3),
    ]
    assert await rows(engine, "sector_registrant_counts") == [
        (2024, "member", 1),
        (2025, "member", 1),
        (2025, "unit", 1),
    ]

    await downgrade_to(engine, "0008")
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    assert "sector_registrants" not in tables
    assert "sector_registrant_counts" not in tables
