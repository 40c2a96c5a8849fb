"""Readiness: can the service reach its database and its broker right now?

Each check answers within ``timeout_s``; the checks run concurrently, so a probe takes at most
about that long (set the orchestrator's probe timeout above it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Literal

from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.http.problems import ProblemError, ProblemResponse
from shared.kafka.security import KafkaCredentials
from shared.kafka.topics import reach_broker

log = logging.getLogger(__name__)

CheckOutcome = Literal["ok", "down"]
DEFAULT_TIMEOUT_S = 2.0
NOT_READY_TYPE = "urn:tdkt:problem:not-ready"


async def database_answers(engine: AsyncEngine, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
    """``SELECT 1`` on a pooled connection; raises if it fails or takes longer than the timeout."""
    async with asyncio.timeout(timeout_s), engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def broker_answers(
    bootstrap_servers: str,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    *,
    credentials: KafkaCredentials | None = None,
) -> None:
    """A metadata request to the broker; raises if it fails or takes longer than the timeout."""
    await reach_broker(bootstrap_servers, timeout_s=timeout_s, credentials=credentials)


async def check_readiness(
    engine: AsyncEngine,
    bootstrap_servers: str,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    *,
    credentials: KafkaCredentials | None = None,
) -> dict[str, CheckOutcome]:
    """``{"database": "ok"|"down", "broker": "ok"|"down"}``, both checked concurrently."""
    database, broker = await asyncio.gather(
        _outcome("database", lambda: database_answers(engine, timeout_s)),
        _outcome(
            "broker", lambda: broker_answers(bootstrap_servers, timeout_s, credentials=credentials)
        ),
    )
    return {"database": database, "broker": broker}


def readiness_response(checks: dict[str, CheckOutcome], instance: str) -> JSONResponse:
    """200 with the checks when all are ok, else a 503 problem naming what is down."""
    down = [name for name, outcome in checks.items() if outcome != "ok"]
    if not down:
        return JSONResponse(checks)
    problem = ProblemError(
        f"not ready: {', '.join(down)} unreachable",
        status=503,
        type=NOT_READY_TYPE,
        extra={"checks": checks},
    )
    return ProblemResponse(problem.body(instance), status_code=503)


async def _outcome(name: str, check: Callable[[], Awaitable[None]]) -> CheckOutcome:
    try:
        await check()
    except Exception as error:  # any failure (refused, timeout, auth) means "not ready"
        log.warning("readiness: %s is down: %s: %s", name, type(error).__name__, error)
        return "down"
    return "ok"
