"""The rebuild's tables beside the live ones, and the switch (PostgreSQL and SQLite)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Table, event, func, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.reporting.bootstrap import CONSUMER_NAME
from services.reporting.projections.tables import metadata as projection_metadata
from shared.consumer.tables import processed_events
from shared.database import create_engine

REBUILD_SCHEMA = "reporting_rebuild"
RETIRED_SCHEMA = "reporting_retired"
LIVE_SCHEMA = "public"

TABLES: tuple[Table, ...] = (*projection_metadata.sorted_tables, processed_events)
"""Every table a rebuild replaces: the projections and their record of applied events."""

SWITCH_LOCK_TIMEOUT = "500ms"
"""Below PostgreSQL's default ``deadlock_timeout`` (1 s): the switch gives up first."""


def rebuild_options() -> dict[str, Any]:
    """Execution options that send every unqualified table to the rebuild schema."""
    return {"schema_translate_map": {None: REBUILD_SCHEMA}}


def create_rebuild_engine(url: str) -> AsyncEngine:
    """An engine on the service's database; on SQLite every connection attaches the rebuild."""
    engine = create_engine(url, pool_size=2)
    if engine.dialect.name == "sqlite":
        rebuild_file = _sqlite_rebuild_file(url)

        @event.listens_for(engine.sync_engine, "connect")
        def _attach(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute(f"ATTACH DATABASE '{rebuild_file}' AS {REBUILD_SCHEMA}")
            cursor.close()

    return engine


def _sqlite_rebuild_file(url: str) -> str:
    database = make_url(url).database
    if not database or database == ":memory:":
        return ":memory:"
    return str(Path(database).with_name(Path(database).name + ".rebuild"))


async def prepare(connection: AsyncConnection) -> None:
    """Empty rebuild tables (any earlier, unfinished rebuild is dropped)."""
    if connection.dialect.name == "postgresql":
        await connection.execute(text(f"DROP SCHEMA IF EXISTS {REBUILD_SCHEMA} CASCADE"))
        await connection.execute(text(f"CREATE SCHEMA {REBUILD_SCHEMA}"))
    else:
        for table in reversed(TABLES):
            await connection.execute(text(f'DROP TABLE IF EXISTS {REBUILD_SCHEMA}."{table.name}"'))
    translated = await connection.execution_options(**rebuild_options())
    await translated.run_sync(_create_tables)


def _create_tables(connection: Connection) -> None:
    for table in TABLES:
        table.create(connection)


async def lock_live_consumer(connection: AsyncConnection) -> None:
    """Pause the live consumer until the end of this transaction (see the package docstring).

    On SQLite the caller's ``BEGIN IMMEDIATE`` already holds the only write lock.
    """
    if connection.dialect.name == "postgresql":
        await connection.execute(text("SET LOCAL lock_timeout = '60s'"))
        await connection.execute(
            text(f"LOCK TABLE {LIVE_SCHEMA}.{processed_events.name} IN EXCLUSIVE MODE")
        )


def _processed_in(schema: str) -> Table:
    return processed_events.to_metadata(MetaData(), schema=schema)


async def missing_from_rebuild(connection: AsyncConnection, since: datetime) -> int:
    """Events the live consumer applied since ``since`` that the rebuild has not (yet).

    The check the switch relies on, whatever the broker says its end offsets are.
    """
    live = _processed_in(LIVE_SCHEMA if connection.dialect.name == "postgresql" else "main")
    rebuilt = _processed_in(REBUILD_SCHEMA)
    applied = (
        select(rebuilt.c.event_id)
        .where(rebuilt.c.consumer == live.c.consumer, rebuilt.c.event_id == live.c.event_id)
        .exists()
    )
    query = (
        select(func.count())
        .select_from(live)
        .where(live.c.consumer == CONSUMER_NAME, live.c.processed_at >= since, ~applied)
    )
    return int((await connection.execute(query)).scalar_one())


async def switch(connection: AsyncConnection) -> None:
    """Make the rebuilt tables the live ones, in the caller's transaction."""
    if connection.dialect.name == "postgresql":
        await _switch_postgresql(connection, TABLES)
    else:
        await _switch_sqlite(connection, TABLES)


async def _switch_postgresql(connection: AsyncConnection, tables: Sequence[Table]) -> None:
    await connection.execute(text(f"SET LOCAL lock_timeout = '{SWITCH_LOCK_TIMEOUT}'"))
    live = ", ".join(f'{LIVE_SCHEMA}."{table.name}"' for table in tables)
    await connection.execute(text(f"LOCK TABLE {live} IN ACCESS EXCLUSIVE MODE"))
    await connection.execute(text(f"DROP SCHEMA IF EXISTS {RETIRED_SCHEMA} CASCADE"))
    await connection.execute(text(f"CREATE SCHEMA {RETIRED_SCHEMA}"))
    for table in tables:
        name = f'"{table.name}"'
        for source, target in ((LIVE_SCHEMA, RETIRED_SCHEMA), (REBUILD_SCHEMA, LIVE_SCHEMA)):
            await connection.execute(text(f"ALTER TABLE {source}.{name} SET SCHEMA {target}"))


async def _switch_sqlite(connection: AsyncConnection, tables: Sequence[Table]) -> None:
    for table in reversed(tables):
        await connection.execute(text(f'DELETE FROM main."{table.name}"'))
    for table in tables:
        columns = ", ".join(f'"{column.name}"' for column in table.columns)
        await connection.execute(
            text(
                f'INSERT INTO main."{table.name}" ({columns}) '
                f'SELECT {columns} FROM {REBUILD_SCHEMA}."{table.name}"'
            )
        )
    for table in reversed(tables):
        await connection.execute(text(f'DELETE FROM {REBUILD_SCHEMA}."{table.name}"'))


async def drop_retired(connection: AsyncConnection) -> None:
    """Drop the tables the switch retired (PostgreSQL; SQLite emptied them already)."""
    if connection.dialect.name == "postgresql":
        await connection.execute(text(f"DROP SCHEMA IF EXISTS {RETIRED_SCHEMA} CASCADE"))
        await connection.execute(text(f"DROP SCHEMA IF EXISTS {REBUILD_SCHEMA} CASCADE"))
