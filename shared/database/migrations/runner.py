"""Running Alembic commands on an async engine: one transaction, one migrator at a time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.database.migrations.environment import (
    connection_of,
    context_options,
    migration_config,
    schema_of,
    with_connection,
)
from shared.database.migrations.schema import MigrationError, ServiceSchema

log = logging.getLogger(__name__)

#: ASCII "tdkt" + "migr": the PostgreSQL advisory lock that makes starting replicas take turns.
MIGRATION_LOCK_KEY = 0x7464_6B74_6D69_6772
VERSION_TABLE = "alembic_version"

Action = Callable[[Config], object]


async def migrate(engine: AsyncEngine, schema: ServiceSchema) -> None:
    """Bring a service's database to the newest revision (at start, before anything else).

    The service hands its ``schema`` over (its migrations package's ``schema()``). A database
    made by ``create_all`` before migrations existed is adopted when it matches the models,
    and refused otherwise (see :mod:`shared.database.migrations`). A database already at the
    newest revision is found so in two queries, without loading Alembic's environment (most
    starts: every replica, every restart).
    """
    config = migration_config(schema)
    async with _migration_transaction(engine) as connection:
        if await _recorded_revisions(connection) == _newest_revisions(schema.script_location):
            return
        await connection.run_sync(lambda sync: adopt_then_upgrade(with_connection(config, sync)))


async def run_alembic(engine: AsyncEngine, config: Config, action: Action) -> None:
    """Run ``action`` (Alembic commands on ``config``) in one transaction on ``engine``.

    The transaction holds an advisory lock, so replicas starting together migrate one after
    the other (the later ones find nothing to do).
    """
    async with _migration_transaction(engine) as connection:
        await connection.run_sync(lambda sync: action(with_connection(config, sync)))


def adopt_then_upgrade(config: Config) -> None:
    """Adopt a database made before migrations (if it matches the models), then upgrade."""
    connection = connection_of(config)
    tables = set(inspect(connection).get_table_names())
    if tables and VERSION_TABLE not in tables:
        _adopt(connection, config)
    command.upgrade(config, "head")


def schema_diff(connection: Connection, schema: ServiceSchema) -> list[Any]:
    """What autogenerate would change to make the database match the models (empty: none)."""
    context = MigrationContext.configure(connection, opts=context_options(schema))
    return list(compare_metadata(context, schema.metadata))


def _adopt(connection: Connection, config: Config) -> None:
    schema = schema_of(config)
    differences = schema_diff(connection, schema)
    if differences:
        raise MigrationError(_refusal(connection, schema, differences))
    log.warning(
        "the %s database was made before migrations and matches the models: stamped at head",
        schema.service,
    )
    command.stamp(config, "head")


def _refusal(connection: Connection, schema: ServiceSchema, differences: list[Any]) -> str:
    url = connection.engine.url
    shown = ", ".join(_describe(difference) for difference in differences[:5])
    shown += ", ..." if len(differences) > 5 else ""
    advice = f"Bring the schema in line with the models, then run `{schema.command} stamp head`."
    return (
        f"The {schema.service} database {url.render_as_string(hide_password=True)} has tables "
        "but no migration history (it was made before migrations existed) and differs from "
        f"the models in {len(differences)} ways ({shown}). {advice}"
    )


def _describe(difference: Any) -> str:
    """``add_table agencies``, ``add_column campaign_counts.duration``: what and where."""
    kind, *details = difference[0] if isinstance(difference, list) else difference
    names = [item if isinstance(item, str) else getattr(item, "name", None) for item in details]
    return f"{kind} {'.'.join(name for name in names if isinstance(name, str))}"


async def _recorded_revisions(connection: AsyncConnection) -> frozenset[str]:
    if await connection.scalar(select(func.to_regclass(VERSION_TABLE))) is None:
        return frozenset()
    found = await connection.scalars(text(f"SELECT version_num FROM {VERSION_TABLE}"))
    return frozenset(found)


@cache
def _newest_revisions(script_location: Path) -> frozenset[str]:
    return frozenset(ScriptDirectory(str(script_location)).get_heads())


@asynccontextmanager
async def _migration_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.begin() as connection:
        await connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
        yield connection
