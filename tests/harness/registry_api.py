"""The registry's app, running (lifespan started) on SQLite and the test broker, for API tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from services.registry.api.app import create_app
from services.registry.bootstrap import Registry
from services.registry.settings import RegistrySettings
from shared.auth import Role, mint_token

SECRET = "registry-api-tests-secret-of-32-bytes-or-more"


@dataclass
class RegistryApi:
    """An HTTP client on the running app, and the running registry itself."""

    client: httpx.AsyncClient
    app: FastAPI
    topic: str

    @property
    def registry(self) -> Registry:
        registry: Registry = self.app.state.registry
        return registry

    def headers(
        self, agency: str = "06", roles: Iterable[Role] = ("officer",), **extra: str
    ) -> dict[str, str]:
        """Authorization for a caller of ``agency`` with ``roles`` (plus any extra headers)."""
        token = mint_token(
            SecretStr(SECRET),
            subject=f"user-{agency}",
            agency=agency,
            roles=list(roles),
            issuer="tdkt",
            ttl=timedelta(hours=1),
        )
        return {"Authorization": f"Bearer {token}", **extra}


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
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://registry") as client:
            yield RegistryApi(client, app, f"{prefix}.registry.events")


@pytest.fixture
async def registry_api(
    tmp_path: Path, kafka_bootstrap: str, unique_prefix: str
) -> AsyncIterator[RegistryApi]:
    """The registry on a fresh SQLite database; events go to ``<prefix>.registry.events``."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'registry.db'}"
    async for api in _running(url, kafka_bootstrap, unique_prefix):
        yield api


@pytest.fixture
async def registry_api_pg(
    make_postgres_database: Any, kafka_bootstrap: str, unique_prefix: str
) -> AsyncIterator[RegistryApi]:
    """The registry on a fresh PostgreSQL database (as in production)."""
    async for api in _running(await make_postgres_database(), kafka_bootstrap, unique_prefix):
        yield api
