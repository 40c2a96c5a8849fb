"""Serving a service's app with uvicorn (graceful shutdown on SIGTERM/SIGINT)."""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import TypeVar

import uvicorn
from fastapi import FastAPI

from shared.database.service_database import service_database
from shared.observability.logging import configure_logging
from shared.runtime.gc_tuning import tune_gc_for_batches
from shared.settings import ServiceSettings

Settings = TypeVar("Settings", bound=ServiceSettings)


def serve(service: str, settings: Settings, create_app: Callable[[Settings], FastAPI]) -> None:
    """Run the service's app until SIGTERM/SIGINT; in-flight requests get 20 s, then the
    lifespan stops the service (its broker lets in-flight batches finish, the relay its current
    batch). Without a database URL it runs on its embedded PostgreSQL (stopped afterwards)."""
    configure_logging(settings.log_format)
    tune_gc_for_batches()
    # uvicorn re-raises the signal that stopped it once it has shut down; SIGTERM's default
    # action would end the process there, before the embedded PostgreSQL is stopped.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    with service_database(settings, service) as settings_with_database:
        _run(create_app(settings_with_database), settings_with_database)


def _exit_on_sigterm(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


def _run(app: FastAPI, settings: ServiceSettings) -> None:
    # uvicorn's "auto" loop and HTTP parser are uvloop and httptools (both dependencies): the
    # event loop and the parsing are a large share of a short command's CPU time.
    uvicorn.run(
        app,
        loop="auto",
        http="auto",
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,  # uvicorn's loggers write through configure_logging's handler
        log_level="info",
        timeout_graceful_shutdown=20,
    )
