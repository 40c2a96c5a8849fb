"""Each service's migrations produce exactly its models' schema.

"The models" are every table any module of the service defines (all its modules imported),
so a table whose module the service's ``target_metadata()`` forgot shows up as a difference.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database import create_engine
from shared.database.migrations import (
    MigrationError,
    import_all_modules,
    migrate,
    migration_config,
    run_alembic,
    schema_diff,
)
from tests.harness.schemas import SCHEMAS, schema_of
from tests.harness.statements import statements_sent

SERVICES = sorted(SCHEMAS)


@pytest.fixture
async def postgres_engine(postgres_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_database_url, pool_size=2)
    yield engine
    await engine.dispose()


async def pending_differences(engine: AsyncEngine, service: str) -> list[Any]:
    import_all_modules(f"services.{service}")
    schema = schema_of(service)
    async with engine.connect() as connection:
        return await connection.run_sync(schema_diff, schema)


async def table_names(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))


async def current_revision(engine: AsyncEngine) -> str:
    async with engine.connect() as connection:
        return str(
            (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
        )


def head_of(service: str) -> str:
    head = ScriptDirectory.from_config(migration_config(schema_of(service))).get_current_head()
    assert head is not None
    return head


async def downgrade_to_base(engine: AsyncEngine, service: str) -> None:
    def downgrade(config: Config) -> None:
        command.downgrade(config, "base")

    await run_alembic(engine, migration_config(schema_of(service)), downgrade)


@pytest.mark.parametrize("service", SERVICES)
async def test_upgrade_on_postgresql_leaves_no_difference_from_the_models(
    service: str, postgres_engine: AsyncEngine
) -> None:
    await migrate(postgres_engine, schema_of(service))

    assert await pending_differences(postgres_engine, service) == []
    assert await current_revision(postgres_engine) == head_of(service)


@pytest.mark.parametrize("service", SERVICES)
async def test_downgrade_to_base_on_postgresql_removes_every_table_and_upgrade_redoes_them(
    service: str, postgres_engine: AsyncEngine
) -> None:
    await migrate(postgres_engine, schema_of(service))

    await downgrade_to_base(postgres_engine, service)
    assert await table_names(postgres_engine) == {"alembic_version"}

    await migrate(postgres_engine, schema_of(service))
    assert await pending_differences(postgres_engine, service) == []


async def test_a_database_at_the_newest_revision_is_recognised_without_alembic(
    postgres_engine: AsyncEngine,
) -> None:
    await migrate(postgres_engine, schema_of("awards"))

    with statements_sent(postgres_engine) as sent:
        await migrate(postgres_engine, schema_of("awards"))

    # The advisory lock, the version table's existence, its revisions: no Alembic run, which
    # would also read the tables (its "has_table" and "get_table_names" queries).
    assert len(sent) == 3, sent
    assert "pg_advisory_xact_lock" in sent[0]
    assert sent[2] == "SELECT version_num FROM alembic_version"
    assert await current_revision(postgres_engine) == head_of("awards")


async def test_replicas_starting_together_migrate_one_after_the_other(
    postgres_database_url: str,
) -> None:
    engines = [create_engine(postgres_database_url, pool_size=1) for _ in range(3)]
    try:
        await asyncio.gather(*(migrate(engine, schema_of("registry")) for engine in engines))
        assert await pending_differences(engines[0], "registry") == []
    finally:
        await asyncio.gather(*(engine.dispose() for engine in engines))


async def test_a_database_made_before_migrations_that_matches_the_models_is_adopted(
    postgres_engine: AsyncEngine,
) -> None:
    async with postgres_engine.begin() as connection:
        await connection.run_sync(schema_of("registry").metadata.create_all)

    await migrate(postgres_engine, schema_of("registry"))

    assert await current_revision(postgres_engine) == head_of("registry")


async def test_a_database_made_before_migrations_that_differs_is_refused_untouched(
    postgres_engine: AsyncEngine,
) -> None:
    older = MetaData()
    events = schema_of("registry").metadata.tables["events"].to_metadata(older)
    async with postgres_engine.begin() as connection:
        await connection.run_sync(older.create_all)

    with pytest.raises(MigrationError, match=r"no migration history.*stamp head"):
        await migrate(postgres_engine, schema_of("registry"))

    assert await table_names(postgres_engine) == {events.name}


async def test_each_service_runs_its_migrations_by_its_own_command(
    postgres_database_url: str, postgres_engine: AsyncEngine
) -> None:
    command = [sys.executable, "-m", "services.registry.migrations"]
    upgrade = await asyncio.create_subprocess_exec(
        *command, "upgrade", "--url", postgres_database_url, stderr=asyncio.subprocess.PIPE
    )
    _, errors = await asyncio.wait_for(upgrade.communicate(), timeout=120)

    assert upgrade.returncode == 0, errors.decode()
    assert await current_revision(postgres_engine) == head_of("registry")
