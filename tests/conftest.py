"""The shared test harness: one broker and one PostgreSQL server per session, unique names per test.

Infrastructure that is missing makes the tests that need it fail with the reason; nothing is
skipped silently. Tests that request an infrastructure fixture are marked ``integration``
automatically, so ``-m "not integration"`` runs only what needs nothing.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import NoReturn

import pytest

from shared.kafka.tansu import TansuBroker
from tests.harness.infra import (
    HarnessConfig,
    InfraUnavailable,
    check_postgres,
    create_database,
    drop_databases,
    external_kafka,
    start_tansu,
    unique_hex,
)

MakeDatabase = Callable[[], Awaitable[str]]

_INFRA_FIXTURES = frozenset(
    {"kafka_bootstrap", "postgres_admin_url", "make_postgres_database", "postgres_database_url"}
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses real infrastructure as ``integration``."""
    for item in items:
        if _INFRA_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


_HINTS = {
    "Kafka": "Set TDKT_TEST_KAFKA_BOOTSTRAP to a running Kafka, or unset it to use Tansu.",
    "PostgreSQL": "Start PostgreSQL or point TDKT_TEST_POSTGRES_URL at one.",
}


def _unavailable(config: HarnessConfig, what: str, error: InfraUnavailable) -> NoReturn:
    hint = "CI=true: this infrastructure is required." if config.ci else _HINTS[what]
    # Raised "from None": the reason is in the message, the chained traceback is noise.
    raise pytest.fail.Exception(f"{what} unavailable: {error}\n{hint}", pytrace=False) from None


@pytest.fixture(scope="session")
def harness_config() -> HarnessConfig:
    """The test infrastructure configuration (the only environment read of the test run)."""
    return HarnessConfig.from_environ(os.environ)


@pytest.fixture(scope="session")
async def kafka_bootstrap(harness_config: HarnessConfig) -> AsyncIterator[str]:
    """Bootstrap servers of ``TDKT_TEST_KAFKA_BOOTSTRAP``, else of a Tansu broker we start."""
    broker: TansuBroker | None = None
    try:
        if harness_config.kafka_bootstrap:
            bootstrap = await external_kafka(harness_config.kafka_bootstrap)
        else:
            broker = await start_tansu()
            bootstrap = broker.bootstrap_servers
    except InfraUnavailable as error:
        _unavailable(harness_config, "Kafka", error)
    try:
        yield bootstrap
    finally:
        if broker is not None:
            await broker.stop()


@pytest.fixture(scope="session")
async def postgres_admin_url(harness_config: HarnessConfig) -> str:
    """URL of a PostgreSQL superuser connection, checked to answer."""
    try:
        await check_postgres(harness_config.postgres_url)
    except InfraUnavailable as error:
        _unavailable(harness_config, "PostgreSQL", error)
    return harness_config.postgres_url


@pytest.fixture(scope="session")
async def make_postgres_database(postgres_admin_url: str) -> AsyncIterator[MakeDatabase]:
    """Factory: ``await make_postgres_database()`` → URL of a new, empty database.

    Every database it created is dropped (``WITH (FORCE)``) at the end of the session.
    """
    created: list[str] = []

    async def make() -> str:
        name = f"tdkt_test_{unique_hex(16)}"
        url = await create_database(postgres_admin_url, name)
        created.append(name)
        return url

    yield make
    await drop_databases(postgres_admin_url, created)


@pytest.fixture
async def postgres_database_url(make_postgres_database: MakeDatabase) -> str:
    """A fresh ``postgresql+asyncpg://`` database for this test."""
    return await make_postgres_database()


@pytest.fixture
def unique_prefix() -> str:
    """A topic prefix no other test uses (``t<hex>``)."""
    return f"t{unique_hex()}"


from tests.harness.awards_api import awards_api, awards_api_pg  # noqa: E402, F401
from tests.harness.registry_api import registry_api, registry_api_pg  # noqa: E402, F401
from tests.harness.reporting_api import (  # noqa: E402, F401
    projection_db,
    reporting_api,
    reporting_app,
    reporting_db,
)
