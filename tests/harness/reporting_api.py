"""The reporting service for tests: its app running on PostgreSQL (fed directly, not over
Kafka), and a bare projection database for tests of the projections."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.api.app import create_app
from services.reporting.bootstrap import Reporting
from services.reporting.settings import ReportingSettings
from shared.auth import Role, mint_token
from shared.database import create_engine
from shared.envelope import EventEnvelope
from tests.harness.infra import unique_hex
from tests.harness.reporting_events import feed, reporting_consumer

MakeMigratedDatabase = Callable[[str], Awaitable[str]]

SECRET = "reporting-api-tests-secret-of-32-bytes-or-more"


@dataclass
class ReportingApi:
    """An HTTP client on the running reporting app."""

    client: httpx.AsyncClient
    app: FastAPI

    @property
    def reporting(self) -> Reporting:
        reporting: Reporting = self.app.state.reporting
        return reporting

    async def feed(self, *batches: Iterable[EventEnvelope]) -> None:
        """Apply events through the service's own consumer, one transaction per batch."""
        await feed(self.reporting.consumer, *batches)

    def headers(self, agency: str = "01", roles: Iterable[Role] = ("officer",)) -> dict[str, str]:
        token = mint_token(
            SecretStr(SECRET),
            subject=f"user-{agency}",
            agency=agency,
            roles=list(roles),
            issuer="tdkt",
            ttl=timedelta(hours=1),
        )
        return {"Authorization": f"Bearer {token}"}

    def analyst(self) -> dict[str, str]:
        return self.headers("BCT", roles=("analyst",))


@pytest.fixture(scope="session")
async def reporting_app(
    make_migrated_database: MakeMigratedDatabase, kafka_bootstrap: str
) -> AsyncIterator[FastAPI]:
    """The reporting app, started once per session through its own lifespan (bootstrap)."""
    prefix = f"t{unique_hex()}"
    settings = ReportingSettings(
        database_url=await make_migrated_database("reporting"),
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=prefix,
        consumer_group=f"{prefix}-reporting",
        jwt_secret=SecretStr(SECRET),
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def reporting_api(
    reporting_app: FastAPI, reporting_db: AsyncEngine
) -> AsyncIterator[ReportingApi]:
    """The running app answering from a fresh database of this test (fed directly).

    Starting the service joins a consumer group (seconds), so the app runs once per session
    and each test swaps in its own database and consumer.
    """
    running: Reporting = reporting_app.state.reporting
    reporting_app.state.reporting = replace(
        running, engine=reporting_db, consumer=reporting_consumer(reporting_db)
    )
    try:
        transport = httpx.ASGITransport(app=reporting_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as client:
            yield ReportingApi(client, reporting_app)
    finally:
        reporting_app.state.reporting = running


@pytest.fixture
async def reporting_db(make_migrated_database: MakeMigratedDatabase) -> AsyncIterator[AsyncEngine]:
    """A fresh PostgreSQL database with the reporting projection and consumer tables."""
    engine = create_engine(await make_migrated_database("projections"))
    try:
        yield engine
    finally:
        await engine.dispose()
