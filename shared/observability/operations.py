"""The operations endpoints of every service: ``/readyz`` and ``/metrics``.

Neither needs authentication (probes and scrapers carry no token) and neither is part of the
OpenAPI document. Both look at the running service object the app's lifespan keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.observability.correlation import CorrelationIdMiddleware
from shared.observability.metrics import ServiceMetrics, render
from shared.observability.readiness import check_readiness, readiness_response
from shared.settings import ServiceSettings


class FollowedTopic(Protocol):
    """A topic the service keeps reading (the ownership topic)."""

    def is_current(self) -> bool: ...


class RunningService(Protocol):
    """What readiness needs from every service object."""

    @property
    def engine(self) -> AsyncEngine: ...

    @property
    def settings(self) -> ServiceSettings: ...

    @property
    def ownership(self) -> FollowedTopic: ...


@dataclass(frozen=True)
class Operations:
    """The running service (read per request) and the app's metrics registry."""

    current_service: Callable[[], RunningService]
    registry: CollectorRegistry
    metrics: ServiceMetrics


def install_operations(app: FastAPI) -> None:
    """Correlation ids on every request, and the ``/readyz`` and ``/metrics`` routes."""
    app.add_middleware(CorrelationIdMiddleware)
    app.add_api_route("/readyz", _ready, methods=["GET"], include_in_schema=False)
    app.add_api_route("/metrics", _metrics, methods=["GET"], include_in_schema=False)


def observe(app: FastAPI, current_service: Callable[[], Any]) -> None:
    """Start observing a started service (called by the lifespan).

    A service whose broker records FastStream metrics exposes that registry as ``metrics``;
    otherwise the app gets a registry of its own. Our ``tdkt_*`` metrics join it.
    """
    registry = getattr(current_service(), "metrics", None)
    if not isinstance(registry, CollectorRegistry):
        registry = CollectorRegistry()
    metrics = ServiceMetrics(current_service)
    registry.register(metrics)
    app.state.tdkt_operations = Operations(current_service, registry, metrics)


async def _ready(request: Request) -> Response:
    """200 ``{"database": "ok", "broker": "ok", "ownership": "ok"}``, or 503 naming what is
    unreachable (``ownership``: the ownership topic has not been read for a while)."""
    service = _operations(request).current_service()
    settings = service.settings
    checks = await check_readiness(
        service.engine, settings.kafka_bootstrap_servers, credentials=settings.kafka_credentials
    )
    checks["ownership"] = "ok" if service.ownership.is_current() else "down"
    return readiness_response(checks, instance=request.url.path)


async def _metrics(request: Request) -> Response:
    """The Prometheus text exposition."""
    operations = _operations(request)
    body = await render(operations.registry, operations.metrics)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


def _operations(request: Request) -> Operations:
    operations: Operations = request.app.state.tdkt_operations
    return operations
