"""Serving a service's app with uvicorn (graceful shutdown on SIGTERM/SIGINT)."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from shared.observability.logging import configure_logging
from shared.runtime.gc_tuning import tune_gc_for_batches
from shared.settings import ServiceSettings


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    """Run ``app`` until SIGTERM/SIGINT; in-flight requests get 20 s, then the lifespan stops
    the service (its broker lets in-flight batches finish, the relay its current batch)."""
    configure_logging(settings.log_format)
    tune_gc_for_batches()
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,  # uvicorn's loggers write through configure_logging's handler
        log_level="info",
        timeout_graceful_shutdown=20,
    )
