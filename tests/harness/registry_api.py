"""The registry's app, running (lifespan started) on PostgreSQL and Kafka, for API tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import SecretStr

from services.registry.api.app import create_app
from services.registry.bootstrap import Registry
from services.registry.settings import RegistrySettings
from tests.harness.service_api import ServiceApi, serving

SECRET = "registry-api-tests-secret-of-32-bytes-or-more"


@dataclass
class RegistryApi(ServiceApi):
    """An HTTP client on the running app, and the running registry itself."""

    @property
    def registry(self) -> Registry:
        registry: Registry = self.app.state.registry
        return registry


async def _running(
    database_url: str, kafka_bootstrap: str, prefix: str
) -> AsyncIterator[RegistryApi]:
    settings = RegistrySettings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=prefix,
        jwt_secret=SecretStr(SECRET),
    )
    app = create_app(settings)
    async with serving(app, "registry") as client:
        yield RegistryApi(client, app, f"{prefix}.registry.events", SECRET)


@pytest.fixture
async def registry_api(
    make_migrated_database: Any, kafka_bootstrap: str, unique_prefix: str
) -> AsyncIterator[RegistryApi]:
    """The registry on a fresh, migrated database; events go to ``<prefix>.registry.events``."""
    url = await make_migrated_database("registry")
    async for api in _running(url, kafka_bootstrap, unique_prefix):
        yield api
