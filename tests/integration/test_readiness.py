"""``/readyz`` answers 503 naming what is down when the database or the broker goes away.

The running registry's service object is swapped for one whose engine (or broker address)
points at a closed port, as if the server had gone after start-up.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from shared.database import create_engine
from tests.harness.registry_api import RegistryApi


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
async def database_gone(registry_api: RegistryApi, closed_port: int) -> AsyncIterator[RegistryApi]:
    """The registry, its database now unreachable."""
    running = registry_api.registry
    engine = create_engine(f"postgresql+asyncpg://tdkt:tdkt@127.0.0.1:{closed_port}/tdkt")
    registry_api.app.state.registry = replace(running, engine=engine)
    try:
        yield registry_api
    finally:
        registry_api.app.state.registry = running
        await engine.dispose()


async def test_readyz_names_the_database_when_it_is_gone(database_gone: RegistryApi) -> None:
    response = await database_gone.client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["checks"] == {"database": "down", "broker": "ok", "ownership": "ok"}
    assert problem["detail"] == "not ready: database unreachable"
    assert (await database_gone.client.get("/healthz")).status_code == 204


async def test_readyz_names_the_broker_when_it_is_gone(
    registry_api: RegistryApi, closed_port: int
) -> None:
    running = registry_api.registry
    settings = running.settings.model_copy(
        update={"kafka_bootstrap_servers": f"127.0.0.1:{closed_port}"}
    )
    registry_api.app.state.registry = replace(running, settings=settings)
    try:
        response = await registry_api.client.get("/readyz")
    finally:
        registry_api.app.state.registry = running
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "down", "ownership": "ok"}


class _NeverRead:
    """An ownership source whose follower has not caught up for a long time."""

    def is_current(self) -> bool:
        return False


async def test_readyz_names_the_ownership_topic_when_it_is_no_longer_followed(
    registry_api: RegistryApi,
) -> None:
    running = registry_api.registry
    registry_api.app.state.registry = replace(running, ownership=_NeverRead())
    try:
        response = await registry_api.client.get("/readyz")
    finally:
        registry_api.app.state.registry = running
    assert response.status_code == 503
    problem = response.json()
    assert problem["checks"] == {"database": "ok", "broker": "ok", "ownership": "down"}
    assert problem["detail"] == "not ready: ownership unreachable"
