"""RFC 9457 problem responses for every kind of error a service answers."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from shared.auth import AuthenticationError
from shared.http import (
    PROBLEM_MEDIA_TYPE,
    ConflictProblem,
    NotFoundProblem,
    install_problem_handlers,
)


class CampaignCreate(BaseModel):
    title: str = Field(min_length=3)
    year: int


def build_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/campaigns")
    async def create(campaign: CampaignCreate) -> CampaignCreate:
        return campaign

    @app.get("/campaigns/{campaign_id}")
    async def read(campaign_id: str) -> None:
        raise NotFoundProblem(f"campaign {campaign_id} does not exist")

    @app.put("/campaigns/{campaign_id}")
    async def update(campaign_id: str) -> None:
        raise ConflictProblem("campaign changed meanwhile", current={"version": 7})

    @app.get("/teapot")
    async def teapot() -> None:
        raise HTTPException(status_code=418, detail="short and stout")

    @app.get("/boom")
    async def boom() -> None:
        raise ZeroDivisionError("secret internals")

    @app.get("/login")
    async def login() -> None:
        raise AuthenticationError("token expired")

    return app


@pytest.fixture
def client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=build_app(), raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://test")


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


async def test_a_validation_error_names_each_field(client: httpx.AsyncClient) -> None:
    body = problem(await client.post("/campaigns", json={"title": "x"}), 422)

    fields = {error["field"]: error["type"] for error in body["errors"]}
    assert fields == {"body.title": "string_too_short", "body.year": "missing"}
    assert "body.title" in body["detail"]
    assert all("input" not in error for error in body["errors"])


async def test_a_malformed_body_is_a_422_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/campaigns", content=b"{not json", headers={"content-type": "application/json"}
    )

    assert problem(response, 422)["errors"][0]["type"] == "json_invalid"


async def test_not_found(client: httpx.AsyncClient) -> None:
    assert problem(await client.get("/campaigns/c-9"), 404) == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "campaign c-9 does not exist",
        "instance": "/campaigns/c-9",
    }


async def test_a_conflict_carries_the_current_state(client: httpx.AsyncClient) -> None:
    body = problem(await client.put("/campaigns/c-9"), 409)

    assert body["title"] == "Conflict"
    assert body["current"] == {"version": 7}
    assert body["detail"] == "campaign changed meanwhile"


async def test_http_exceptions_and_unknown_routes_are_problems(client: httpx.AsyncClient) -> None:
    assert problem(await client.get("/teapot"), 418)["detail"] == "short and stout"
    assert problem(await client.get("/nowhere"), 404)["title"] == "Not Found"
    assert problem(await client.delete("/teapot"), 405)["title"] == "Method Not Allowed"


async def test_an_unexpected_error_is_a_500_problem_without_internals(
    client: httpx.AsyncClient,
) -> None:
    body = problem(await client.get("/boom"), 500)

    assert body["title"] == "Internal Server Error"
    assert "secret" not in str(body)


async def test_an_authentication_error_is_a_401_bearer_challenge(client: httpx.AsyncClient) -> None:
    response = await client.get("/login")

    assert problem(response, 401)["detail"] == "token expired"
    assert response.headers["www-authenticate"].startswith("Bearer")
