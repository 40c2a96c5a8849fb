"""What the API fixtures of the registry and awards services share: a client on the running
app and tokens for its callers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

import httpx
from fastapi import FastAPI
from pydantic import SecretStr

from shared.auth import Role, mint_token


@dataclass
class ServiceApi:
    """An HTTP client on a running app, the app, its event topic and its JWT secret."""

    client: httpx.AsyncClient
    app: FastAPI
    topic: str
    secret: str

    def headers(
        self, agency: str = "06", roles: Iterable[Role] = ("officer",), **extra: str
    ) -> dict[str, str]:
        """Authorization for a caller of ``agency`` with ``roles`` (plus any extra headers)."""
        return {**bearer(self.secret, agency, roles), **extra}


def bearer(secret: str, agency: str, roles: Iterable[Role] = ("officer",)) -> dict[str, str]:
    """An ``Authorization`` header: a one-hour token of ``agency`` with ``roles``, signed
    with ``secret`` (the service's JWT secret)."""
    token = mint_token(
        SecretStr(secret),
        subject=f"user-{agency}",
        agency=agency,
        roles=list(roles),
        issuer="tdkt",
        ttl=timedelta(hours=1),
    )
    return {"Authorization": f"Bearer {token}"}


@asynccontextmanager
async def serving(app: FastAPI, host: str) -> AsyncIterator[httpx.AsyncClient]:
    """``app`` with its lifespan started, and a client on it at ``http://<host>``."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{host}") as client:
            yield client
