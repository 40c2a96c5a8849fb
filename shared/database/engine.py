"""Building async engines that behave alike on PostgreSQL and SQLite."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

log = logging.getLogger(__name__)


_SQLITE_WRITE = "tdkt_sqlite_write"


class DatabaseUnavailable(RuntimeError):
    """The database did not answer before the start-up deadline."""


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def is_postgresql(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "postgresql"


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """An async engine for PostgreSQL or SQLite (see :func:`write_transaction`)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _create_sqlite_engine(url)
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        # No pre-ping (3 extra round trips per checkout on asyncpg): connections are recycled,
        # and a statement on a dead connection fails as a transient error that callers retry.
        pool_recycle=1800,
        json_serializer=_json_dumps,
        json_deserializer=orjson.loads,
    )


def _create_sqlite_engine(url: str) -> AsyncEngine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        url,
        connect_args={"timeout": 30},
        json_serializer=_json_dumps,
        json_deserializer=orjson.loads,
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(_SQLITE_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@asynccontextmanager
async def write_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A transaction that will write: on SQLite it takes the write lock at BEGIN.

    A deferred SQLite transaction that reads and then writes fails at once ("database is
    locked") if another connection wrote in between; ``BEGIN IMMEDIATE`` makes writers queue
    instead (busy timeout), and makes commit order equal to the order of autoincremented
    positions, which the outbox relay relies on. Reads stay deferred so they never block.
    """
    if engine.dialect.name != "sqlite":
        async with engine.begin() as connection:
            yield connection
        return
    async with engine.connect() as connection:
        writer = await connection.execution_options(**{_SQLITE_WRITE: True})
        async with writer.begin():
            yield writer


async def wait_for_database(engine: AsyncEngine, timeout_s: float) -> None:
    """Wait until the database answers, logging each failed attempt; raise after the deadline."""
    deadline = time.monotonic() + timeout_s
    attempt = 0
    while True:
        attempt += 1
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return
        except (OperationalError, DBAPIError, OSError) as error:
            if time.monotonic() >= deadline:
                raise DatabaseUnavailable(
                    f"database {engine.url.render_as_string(hide_password=True)} did not answer "
                    f"within {timeout_s:.0f}s: {error}"
                ) from error
            log.warning("database not reachable yet (attempt %d): %s", attempt, error)
            await asyncio.sleep(min(2.0, 0.2 * attempt))
