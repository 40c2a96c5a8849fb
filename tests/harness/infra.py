"""Test infrastructure: the Kafka-protocol broker, PostgreSQL databases, polling with a deadline.

Plain functions, so scripts and fixtures share them; ``tests/conftest.py`` wires them up.
"""

from __future__ import annotations

import asyncio
import inspect
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import asyncpg
from sqlalchemy.engine import make_url

from shared.database.embedded import EPHEMERAL_SETTINGS, EmbeddedPostgres, EmbeddedPostgresError
from shared.kafka.apache import ApacheKafka, BrokerStartError
from shared.kafka.topics import BrokerUnavailable, ensure_topics, wait_for_kafka

T = TypeVar("T")

EXTERNAL_KAFKA_TIMEOUT_S = 30.0


class InfraUnavailable(RuntimeError):
    """A piece of test infrastructure could not be reached or started."""


@dataclass(frozen=True)
class HarnessConfig:
    """What the test run was told about its infrastructure (from the environment)."""

    kafka_bootstrap: str | None
    postgres_url: str | None
    ci: bool

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> HarnessConfig:
        """Read ``TDKT_TEST_KAFKA_BOOTSTRAP``, ``TDKT_TEST_POSTGRES_URL`` and ``CI``."""
        return cls(
            kafka_bootstrap=environ.get("TDKT_TEST_KAFKA_BOOTSTRAP") or None,
            postgres_url=environ.get("TDKT_TEST_POSTGRES_URL") or None,
            ci=environ.get("CI", "").lower() in {"1", "true", "yes"},
        )


def unique_hex(length: int = 12) -> str:
    """A short random hex string for names that must not collide between tests."""
    return uuid.uuid4().hex[:length]


async def external_kafka(bootstrap: str) -> str:
    """Check that the Kafka named by the environment answers; never fall back silently."""
    try:
        await wait_for_kafka(bootstrap, EXTERNAL_KAFKA_TIMEOUT_S, interval_s=2.0)
    except BrokerUnavailable as error:
        raise InfraUnavailable(f"TDKT_TEST_KAFKA_BOOTSTRAP is set but {error}") from error
    return bootstrap


async def start_kafka() -> ApacheKafka:
    """Start an Apache Kafka broker for the test session (its log in a temporary directory)."""
    broker = ApacheKafka()
    try:
        await broker.start()
    except BrokerStartError as error:
        raise InfraUnavailable(f"could not start Apache Kafka: {error}") from error
    return broker


def start_postgres(data_dir: Path) -> EmbeddedPostgres:
    """Start a throw-away embedded PostgreSQL for the test session in ``data_dir``."""
    server = EmbeddedPostgres(data_dir, settings=EPHEMERAL_SETTINGS)
    try:
        server.start()
    except (EmbeddedPostgresError, OSError) as error:
        raise InfraUnavailable(f"could not start the embedded PostgreSQL: {error}") from error
    return server


async def create_topics(bootstrap: str, names: Iterable[str], partitions: int = 3) -> None:
    """Create ``names`` (if missing) with ``partitions`` partitions each."""
    await ensure_topics(bootstrap, names, partitions)


def asyncpg_dsn(url: str) -> str:
    """A libpq-style DSN asyncpg accepts, from any PostgreSQL URL (SQLAlchemy form or not)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def sqlalchemy_url(admin_url: str, database: str) -> str:
    """The ``postgresql+asyncpg://`` URL of ``database`` on the server of ``admin_url``."""
    parsed = make_url(admin_url).set(drivername="postgresql+asyncpg", database=database)
    return parsed.render_as_string(hide_password=False)


async def check_postgres(admin_url: str, timeout_s: float = 5.0) -> None:
    """Connect once; raise ``InfraUnavailable`` naming the server if that fails."""
    server = make_url(admin_url).render_as_string(hide_password=True)
    try:
        connection = await asyncpg.connect(asyncpg_dsn(admin_url), timeout=timeout_s)
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        raise InfraUnavailable(f"PostgreSQL at {server} unreachable: {error!r}") from error
    await connection.close()


async def create_database(admin_url: str, name: str, template: str | None = None) -> str:
    """Create database ``name`` (empty, or a copy of ``template``); return its
    ``postgresql+asyncpg://`` URL."""
    connection = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        copy = f' TEMPLATE "{template}"' if template else ""
        await connection.execute(f'CREATE DATABASE "{name}"{copy}')
    finally:
        await connection.close()
    return sqlalchemy_url(admin_url, name)


async def drop_databases(admin_url: str, names: Iterable[str]) -> None:
    """Drop ``names``, disconnecting whoever still uses them."""
    connection = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        for name in names:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def eventually(
    predicate: Callable[[], T | Awaitable[T]],
    timeout: float = 10.0,  # noqa: ASYNC109 - the deadline is reported with the last result
    interval: float = 0.05,
    message: str = "condition not met",
) -> T:
    """Poll ``predicate`` until it returns something truthy; return that value.

    A falsy result or an ``AssertionError`` means "not yet"; any other error fails at once.
    After ``timeout`` seconds, raise ``AssertionError`` with ``message`` and the last result.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            outcome = predicate()
            result = await outcome if inspect.isawaitable(outcome) else outcome
            if result:
                return result
            last = f"last result: {result!r}"
        except AssertionError as error:
            last = f"last assertion: {error}"
        if time.monotonic() >= deadline:
            raise AssertionError(f"{message} within {timeout:g} s ({last})")
        await asyncio.sleep(interval)
