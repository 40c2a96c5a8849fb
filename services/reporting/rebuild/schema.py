"""The rebuild's tables beside the live ones (a schema of their own), and the switch."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import MetaData, Table, func, select, text
from sqlalchemy.engine import Connection
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
    """An engine on the service's database, with the few connections a rebuild uses."""
    return create_engine(url, pool_size=2)


async def prepare(connection: AsyncConnection) -> None:
    """Empty rebuild tables (any earlier, unfinished rebuild is dropped)."""
    await connection.execute(text(f"DROP SCHEMA IF EXISTS {REBUILD_SCHEMA} CASCADE"))
    await connection.execute(text(f"CREATE SCHEMA {REBUILD_SCHEMA}"))
    translated = await connection.execution_options(**rebuild_options())
    await translated.run_sync(_create_tables)


def _create_tables(connection: Connection) -> None:
    for table in TABLES:
        table.create(connection)


async def lock_live_consumer(connection: AsyncConnection) -> None:
    """Pause the live consumer until the end of this transaction (see the package docstring)."""
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
    live = _processed_in(LIVE_SCHEMA)
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
    await connection.execute(text(f"SET LOCAL lock_timeout = '{SWITCH_LOCK_TIMEOUT}'"))
    live = ", ".join(f'{LIVE_SCHEMA}."{table.name}"' for table in TABLES)
    await connection.execute(text(f"LOCK TABLE {live} IN ACCESS EXCLUSIVE MODE"))
    await connection.execute(text(f"DROP SCHEMA IF EXISTS {RETIRED_SCHEMA} CASCADE"))
    await connection.execute(text(f"CREATE SCHEMA {RETIRED_SCHEMA}"))
    for table in TABLES:
        name = f'"{table.name}"'
        for source, target in ((LIVE_SCHEMA, RETIRED_SCHEMA), (REBUILD_SCHEMA, LIVE_SCHEMA)):
            await connection.execute(text(f"ALTER TABLE {source}.{name} SET SCHEMA {target}"))


async def drop_retired(connection: AsyncConnection) -> None:
    """Drop the tables the switch retired, and the emptied rebuild schema."""
    await connection.execute(text(f"DROP SCHEMA IF EXISTS {RETIRED_SCHEMA} CASCADE"))
    await connection.execute(text(f"DROP SCHEMA IF EXISTS {REBUILD_SCHEMA} CASCADE"))
