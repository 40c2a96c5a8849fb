"""The correlation middleware: echoes the caller's ``X-Correlation-ID`` or creates one."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Header

from shared.observability.correlation import CorrelationIdMiddleware, current_correlation_id


def app() -> FastAPI:
    """A route answering the correlation id it sees in the context and in its header."""
    application = FastAPI()
    application.add_middleware(CorrelationIdMiddleware)

    @application.get("/seen")
    async def seen(
        header: Annotated[str | None, Header(alias="X-Correlation-ID")] = None,
    ) -> dict[str, str | None]:
        return {"context": current_correlation_id(), "header": header}

    return application


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_the_callers_id_is_current_and_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/seen", headers={"X-Correlation-ID": "abc-123"})
    assert response.headers["X-Correlation-ID"] == "abc-123"
    assert response.json() == {"context": "abc-123", "header": "abc-123"}


async def test_an_id_is_created_when_none_is_given(client: httpx.AsyncClient) -> None:
    response = await client.get("/seen")
    created = response.headers["X-Correlation-ID"]
    assert uuid.UUID(created)
    # The routes see the created id too, so the events they record carry it.
    assert response.json() == {"context": created, "header": created}


async def test_every_request_gets_its_own_id(client: httpx.AsyncClient) -> None:
    first = await client.get("/seen")
    second = await client.get("/seen")
    assert first.headers["X-Correlation-ID"] != second.headers["X-Correlation-ID"]
    assert current_correlation_id() is None
