"""Building a service's FastAPI app the same way everywhere."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Response

from shared.application.idempotency import FingerprintKey
from shared.auth import TokenIssuer, install_authentication
from shared.http.domain_problems import install_domain_problem_handlers
from shared.http.limits import RequestLimits
from shared.http.offline_docs import AsyncApiDocument, install_offline_docs
from shared.http.openapi_document import finish_openapi
from shared.http.openapi_problems import PROBLEM_RESPONSES
from shared.http.problems import install_problem_handlers
from shared.http.request_guard import RequestGuard
from shared.observability.operations import install_operations, observe
from shared.settings import ServiceSettings

Started = Callable[[], Awaitable[Any]]


def create_service_app(
    *,
    title: str,
    description: str,
    settings: ServiceSettings,
    routers: Sequence[APIRouter],
    start: Callable[[], Awaitable[Any]],
    state_name: str,
    asyncapi: AsyncApiDocument | None = None,
    limits: RequestLimits | None = None,
) -> FastAPI:
    """An app whose lifespan runs ``start()`` (the composition root) and stops what it built.

    ``start`` returns the running service object (with an async ``stop()``); it is kept in
    ``app.state.<state_name>`` for the routes' dependencies. Every app also serves
    ``/healthz``, ``/readyz`` and ``/metrics`` and tags each request with a correlation id.
    Its docs work offline: ``/docs`` (Swagger UI from local files) and, given ``asyncapi``
    (the service's AsyncAPI document), ``/asyncapi.json`` and ``/asyncapi``. Before a body is
    read, a request is authenticated (routes that need it) and held to ``limits``
    (:class:`~shared.http.request_guard.RequestGuard`).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = await start()
        setattr(app.state, state_name, service)
        observe(app, lambda: getattr(app.state, state_name))
        try:
            yield
        finally:
            await service.stop()

    app = FastAPI(
        title=title,
        description=description,
        version="0.1.0",
        lifespan=lifespan,
        responses=PROBLEM_RESPONSES,
        docs_url=None,  # the CDN pages; see install_offline_docs
        redoc_url=None,
    )
    tokens = TokenIssuer(secret=settings.jwt_secret, issuer=settings.jwt_issuer)
    install_authentication(app, tokens)
    app.state.tdkt_fingerprints = FingerprintKey(settings.fingerprint_secret)
    app.add_middleware(
        RequestGuard, router=app.router, tokens=tokens, limits=limits or RequestLimits()
    )
    install_problem_handlers(app)
    install_domain_problem_handlers(app)
    for router in routers:
        app.include_router(router)
    app.add_api_route("/healthz", _alive, methods=["GET"], include_in_schema=False)
    install_operations(app)
    install_offline_docs(app, asyncapi)
    finish_openapi(app)
    return app


async def _alive() -> Response:
    return Response(status_code=204)
