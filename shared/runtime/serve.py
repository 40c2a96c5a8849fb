"""Serving a service's app with uvicorn (graceful shutdown on SIGTERM/SIGINT)."""

from __future__ import annotations

import logging

import uvicorn
from fastapi import FastAPI

from shared.settings import ServiceSettings


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_level="info",
        timeout_graceful_shutdown=20,
    )
