"""Before a body is read: authentication, body size, parameter text (shared.http.request_guard).

The app is built as every service is (tests.harness.guarded_app); no infrastructure.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import fastapi.routing
import httpx
import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute

from shared.http.limits import MAX_BODY_BYTES, MAX_UPLOAD_BYTES
from tests.harness.guarded_app import MIB, bearer, guarded_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=guarded_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://guarded") as found:
        yield found


def _large_body(megabytes: int, *options: str) -> dict[str, Any]:
    """What the guarded app answers to a streamed body of ``megabytes`` MiB, in a process of
    its own (so its peak memory is this request's alone)."""
    command = [sys.executable, "-m", "tests.harness.guarded_app", str(megabytes), *options]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_a_huge_body_without_a_token_is_refused_unread() -> None:
    refused = _large_body(105, "no-token")

    assert refused["status"] == 401
    assert refused["content_type"] == "application/problem+json"
    assert refused["seconds"] < 2
    assert refused["grown_mib"] < 20  # reading it would take over 105 MiB


def test_a_huge_chunked_body_with_a_token_is_cut_off_at_the_limit() -> None:
    refused = _large_body(105, "token", "--chunked")

    assert refused["status"] == 413
    assert refused["content_type"] == "application/problem+json"
    assert refused["grown_mib"] < 20


async def test_a_body_declared_over_the_limit_is_refused_before_it_is_read(
    client: httpx.AsyncClient,
) -> None:
    reads = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal reads
        reads += 1
        yield b"{}"

    headers = {**bearer(), "Content-Length": str(MAX_BODY_BYTES + 1)}
    refused = await client.post("/v1/things", content=body(), headers=headers)

    assert refused.status_code == 413
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["detail"] == f"the request body is larger than {MAX_BODY_BYTES:,} bytes"
    assert reads == 0


async def test_an_invalid_token_is_refused_before_the_body_is_read(
    client: httpx.AsyncClient,
) -> None:
    reads = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal reads
        reads += 1
        yield b'{"name": "x"}'

    expired = {"Authorization": "Bearer not.a.token"}
    refused = await client.post("/v1/things", content=body(), headers=expired)

    assert refused.status_code == 401
    assert refused.json()["detail"] == "malformed token"
    assert "invalid_token" in refused.headers["www-authenticate"]
    assert reads == 0


async def test_bodies_within_the_limit_reach_their_route(client: httpx.AsyncClient) -> None:
    added = await client.post("/v1/things", json={"name": "x" * MIB}, headers=bearer())
    public = await client.post("/v1/echo", json={"a": 1})

    assert added.status_code == 201
    assert public.json() == {"a": 1}


async def test_a_route_taking_a_file_has_the_larger_limit(client: httpx.AsyncClient) -> None:
    file_of = {"file": ("rows.csv", b"x" * (MAX_BODY_BYTES + MIB), "text/csv")}
    too_big = {"file": ("rows.csv", b"x" * MAX_UPLOAD_BYTES, "text/csv")}
    read = await client.post("/v1/things/import", files=file_of, headers=bearer())
    refused = await client.post("/v1/things/import", files=too_big, headers=bearer())

    assert read.json() == {"bytes": MAX_BODY_BYTES + MIB}
    assert refused.status_code == 413


async def test_a_public_route_is_held_to_the_limit_too(client: httpx.AsyncClient) -> None:
    refused = await client.post("/v1/echo", content=b"x" * (MAX_BODY_BYTES + 1))

    assert refused.status_code == 413


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/v1/things/a%00b", "path.thing_id"),
        ("/v1/things/%E2%80%AEevil", "path.thing_id"),
        ("/v1/things?page=1%0A2", "query.page"),
    ],
)
async def test_control_and_bidi_characters_in_the_url_are_refused(
    client: httpx.AsyncClient, url: str, field: str
) -> None:
    refused = await client.get(url, headers=bearer())

    assert refused.status_code == 422
    assert [error["field"] for error in refused.json()["errors"]] == [field]


async def test_a_header_with_control_characters_is_a_bad_request(
    client: httpx.AsyncClient,
) -> None:
    refused = await client.get("/v1/things", headers={**bearer(), "Idempotency-Key": "a\x00b"})

    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "header.idempotency-key"


async def test_an_unexpected_method_names_every_allowed_one(client: httpx.AsyncClient) -> None:
    refused = await client.request("DELETE", "/v1/things", headers=bearer())

    assert refused.status_code == 405
    assert refused.headers["allow"] == "GET, POST"


async def test_an_apps_first_request_lists_the_routes_only_as_far_as_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Listing a route builds FastAPI's context for it, the most of an app's first request
    when done for every route: the guard lists them as far as it needs, as FastAPI routes."""
    built: list[str] = []
    build = fastapi.routing._EffectiveRouteContext.from_api_route.__func__  # type: ignore[attr-defined]

    def counted(cls: type, *, original_route: APIRoute, **options: Any) -> Any:
        built.append(original_route.path)
        return build(cls, original_route=original_route, **options)

    monkeypatch.setattr(
        fastapi.routing._EffectiveRouteContext, "from_api_route", classmethod(counted)
    )
    later = APIRouter(prefix="/v2")

    @later.get("/later")
    async def later_route() -> dict[str, str]:
        return {"found": "later"}

    app = guarded_app(extra_routers=[later])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://guarded") as client:
        listed = await client.get("/v1/things", headers=bearer())
        assert "/v2/later" not in built
        found = await client.get("/v2/later")
        refused = await client.request("DELETE", "/v2/later")

    assert listed.status_code == 200
    assert (found.status_code, found.json()) == (200, {"found": "later"})
    assert (refused.status_code, refused.headers["allow"]) == (405, "GET")
    assert built.count("/v2/later") == 1  # built once, by whichever looked first, kept for both
