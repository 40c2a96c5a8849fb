"""A small app built the way every service is (``create_service_app``), for tests of what
happens before a request's body is read. No lifespan: its routes need no running service.

Run as a script, it sends one large body (streamed, never held by the client) and prints how
the app answered, how long it took and how much the process's peak memory grew:
``python -m tests.harness.guarded_app <megabytes> <token|no-token> [--chunked]``.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from collections.abc import AsyncIterator, Sequence
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, FastAPI, File, UploadFile
from pydantic import BaseModel, SecretStr

from shared.auth import CurrentPrincipal, Role, TokenIssuer
from shared.http.service_app import create_service_app
from shared.settings import ServiceSettings

SECRET = SecretStr("guarded-app-tests-secret-of-32-bytes-or-more")
TOKENS = TokenIssuer(secret=SECRET, issuer="tdkt")
MIB = 1024 * 1024

router = APIRouter(prefix="/v1")


class Thing(BaseModel):
    name: str


@router.post("/things", status_code=201)
async def add_thing(thing: Thing, principal: CurrentPrincipal) -> dict[str, str]:
    return {"name": thing.name, "by": principal.subject}


@router.get("/things")
async def list_things(principal: CurrentPrincipal) -> list[str]:
    return []


@router.get("/things/{thing_id}")
async def get_thing(thing_id: str, principal: CurrentPrincipal) -> dict[str, str]:
    return {"thing_id": thing_id}


@router.post("/things/import")
async def import_things(
    file: Annotated[UploadFile, File()], principal: CurrentPrincipal
) -> dict[str, int]:
    return {"bytes": len(await file.read())}


@router.post("/echo")
async def echo(body: dict[str, Any]) -> dict[str, Any]:
    return body


async def _never_started() -> Any:
    raise AssertionError("the guarded app runs without its lifespan")


def guarded_app(extra_routers: Sequence[APIRouter] = ()) -> FastAPI:
    """An app with authenticated JSON and upload routes and a public one (and the routes of
    ``extra_routers`` after them)."""
    return create_service_app(
        title="guarded",
        description="Routes for the request guard's tests.",
        settings=ServiceSettings(jwt_secret=SECRET),
        routers=[router, *extra_routers],
        start=_never_started,
        state_name="guarded",
    )


def bearer(roles: tuple[Role, ...] = ("officer",)) -> dict[str, str]:
    token = TOKENS.mint(subject="tester", agency="06", roles=roles)
    return {"Authorization": f"Bearer {token}"}


async def _chunks(megabytes: int) -> AsyncIterator[bytes]:
    chunk = b"x" * MIB
    for _ in range(megabytes):
        yield chunk


async def send_large_body(megabytes: int, token: bool, chunked: bool) -> dict[str, Any]:
    """POST ``megabytes`` MiB of JSON-ish bytes to ``/v1/things``; what came back and what it
    cost (peak resident memory growth, in MiB)."""
    app = guarded_app()
    headers = {**(bearer() if token else {}), "Content-Type": "application/json"}
    if not chunked:
        headers["Content-Length"] = str(megabytes * MIB)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://g") as c:
        response = await c.post("/v1/things", content=_chunks(megabytes), headers=headers)
    seconds = time.monotonic() - started
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    return {
        "status": response.status_code,
        "content_type": response.headers.get("content-type"),
        "seconds": round(seconds, 3),
        "grown_mib": round(grown_kib / 1024, 1),
    }


if __name__ == "__main__":
    size, token_given = int(sys.argv[1]), sys.argv[2] == "token"
    outcome = asyncio.run(send_large_body(size, token_given, "--chunked" in sys.argv))
    print(json.dumps(outcome))
