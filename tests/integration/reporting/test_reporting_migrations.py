"""Reporting migrations that reshape projected data keep every row."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting import migrations as reporting
from shared.database import create_engine
from shared.database.migrations import migration_config
from shared.database.migrations.runner import run_alembic

RECIPIENT_YEARS = [
    {"agency": "01", "year": 2018, "code": "LDTT", "kind": "member", "id": "m-1", "n": 1},
    {"agency": "01", "year": 2019, "code": "LDTT", "kind": "member", "id": "m-1", "n": 2},
    {"agency": "79", "year": 2019, "code": "CSTDCS", "kind": "unit", "id": "u-1", "n": 1},
]


@pytest.fixture
async def engine(
    make_postgres_database: Callable[[], Awaitable[str]],
) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(await make_postgres_database(), pool_size=2)
    yield engine
    await engine.dispose()


async def upgrade_to(engine: AsyncEngine, revision: str) -> None:
    def upgrade(config: Config) -> None:
        command.upgrade(config, revision)

    await run_alembic(engine, migration_config(reporting.schema()), upgrade)


async def downgrade_to(engine: AsyncEngine, revision: str) -> None:
    def downgrade(config: Config) -> None:
        command.downgrade(config, revision)

    await run_alembic(engine, migration_config(reporting.schema()), downgrade)


async def recipient_years(engine: AsyncEngine) -> list[tuple[object, ...]]:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT * FROM award_recipients_by_year"))
        return sorted(tuple(row) for row in rows)


async def primary_key_and_indexes(engine: AsyncEngine) -> tuple[list[str], list[str]]:
    def read(sync: Connection) -> tuple[list[str], list[str]]:
        inspector = inspect(sync)
        key = inspector.get_pk_constraint("award_recipients_by_year")["constrained_columns"]
        indexes = [i["name"] for i in inspector.get_indexes("award_recipients_by_year")]
        return key, [name for name in indexes if name]

    async with engine.connect() as connection:
        return await connection.run_sync(read)


async def test_0004_keys_recipient_years_by_recipient_and_keeps_every_row(
    engine: AsyncEngine,
) -> None:
    await upgrade_to(engine, "0003")
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO award_recipients_by_year (agency, year, award_code, "
                "recipient_kind, recipient_id, awards) "
                "VALUES (:agency, :year, :code, :kind, :id, :n)"
            ),
            RECIPIENT_YEARS,
        )
    before = await recipient_years(engine)

    await upgrade_to(engine, "0004")

    assert await recipient_years(engine) == before
    key, indexes = await primary_key_and_indexes(engine)
    assert key == ["agency", "award_code", "recipient_kind", "recipient_id", "year"]
    assert indexes == []

    await downgrade_to(engine, "0003")
    assert await recipient_years(engine) == before
    key, indexes = await primary_key_and_indexes(engine)
    assert key == ["agency", "year", "award_code", "recipient_kind", "recipient_id"]
    assert indexes == ["ix_award_recipients_streaks"]
