"""HTTP load on the running services: commands, imports and queries, closed and open loop.

Each load is closed loop (N clients) or open loop (a fixed offered rate); what it sends is in
``benchmarks.workload``. The queries read the reporting service's projections filled to stand
for 10 million events (as the ``queries`` stage fills them), once its consumer has caught up
with the loads before them.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.common import short_collector_pauses
from benchmarks.latency import LoadSummary
from benchmarks.load import closed_loop, open_loop
from benchmarks.profiles import Profiler
from benchmarks.report import progress
from benchmarks.reporting import fill_projections
from benchmarks.services import RunningServices
from benchmarks.workload import DECISION_AWARDS, Api, Workload
from shared.database.engine import create_engine


@dataclass(frozen=True)
class HttpCounts:
    """How many requests each load sends."""

    commands: int = 2_000
    clients: int = 8
    offered_rate: float = 300.0
    offered: int = 3_000
    decisions: int = 300
    imports: int = 10
    rows_per_import: int = 200
    queries: int = 500
    freshness: int = 50
    recipients: int = 2_000


QUICK_HTTP = HttpCounts(
    commands=200,
    offered=300,
    decisions=30,
    imports=2,
    rows_per_import=50,
    queries=50,
    freshness=5,
    recipients=200,
)


@dataclass(frozen=True)
class Measured:
    """A load's summary and the CPU seconds each process spent during it."""

    kind: str
    """command, offered, decision, import, stats, stats_computed, national or freshness."""
    name: str
    clients: str
    summary: LoadSummary
    cpu_s: dict[str, float]


@dataclass
class Meter:
    """Runs each load, noting every process's CPU (and, with a profiler, recording them)."""

    services: RunningServices
    profiler: Profiler | None = None

    async def measure(
        self, kind: str, name: str, clients: str, run: Callable[[], Awaitable[LoadSummary]]
    ) -> Measured:
        """Run one load, after a checkpoint (it pays for no earlier writes); the CPU seconds
        of each service, of PostgreSQL and of this client."""
        progress(f"HTTP: {name} ({clients})")
        await self.services.checkpoint()
        before, client0 = self.services.usage(), time.process_time()
        with self._recording(f"{name} ({clients})"), short_collector_pauses():
            summary = await run()
        after, client1 = self.services.usage(), time.process_time()
        cpu = {process: after[process].cpu_s - before[process].cpu_s for process in after}
        cpu["client"] = client1 - client0
        return Measured(kind, name, clients, summary, cpu)

    def _recording(self, label: str) -> contextlib.AbstractContextManager[None]:
        if self.profiler is None:
            return contextlib.nullcontext()
        return self.profiler.recording(label, self.services.pids())


async def bench_http(
    services: RunningServices, counts: HttpCounts, profiler: Profiler | None = None
) -> list[Measured]:
    """Every load, in an order that lets each use what the one before made."""
    api, meter = Api(services), Meter(services, profiler)
    try:
        work = Workload(api)
        progress(f"HTTP: the services are up; an agency and {counts.rows_per_import} members")
        await work.prepare(counts.rows_per_import)
        found = await _commands(meter, work, counts)
        found += await _imports(meter, work, counts)
        await _wait_caught_up(api)
        found += await _queries(meter, api, counts)
    finally:
        await api.aclose()
    return found


async def _commands(meter: Meter, work: Workload, counts: HttpCounts) -> list[Measured]:
    await closed_loop(work.launch_campaign, 4, 50)  # warm the connections and caches
    closed = await meter.measure(
        "command",
        "POST /v1/campaigns, closed loop",
        f"{counts.clients} clients",
        lambda: closed_loop(work.launch_campaign, counts.clients, counts.commands),
    )
    offered = await meter.measure(
        "offered",
        "POST /v1/campaigns, open loop",
        f"{counts.offered_rate:,.0f}/s offered",
        lambda: open_loop(work.launch_campaign, counts.offered_rate, counts.offered),
    )
    decisions = await meter.measure(
        "decision",
        f"POST /v1/decisions, {DECISION_AWARDS} awards",
        "1 client",
        lambda: closed_loop(work.issue_decision, 1, counts.decisions),
    )
    return [closed, offered, decisions]


async def _imports(meter: Meter, work: Workload, counts: HttpCounts) -> list[Measured]:
    rows, files = counts.rows_per_import, counts.imports
    campaigns = iter(work.campaigns)

    async def registrations(_: int) -> None:
        await work.import_registrations(next(campaigns))

    async def batch(_: int) -> None:
        await work.submit_batch(next(campaigns))

    return [
        await meter.measure(
            "import",
            f"decisions import, {rows} rows/file",
            "1 client",
            lambda: closed_loop(lambda i: work.import_decisions(i, rows), 1, files, rows),
        ),
        await meter.measure(
            "import",
            f"registration import, {rows} rows/file",
            "1 client",
            lambda: closed_loop(registrations, 1, files, rows),
        ),
        await meter.measure(
            "import",
            f"registrations batch, {rows} items",
            "1 client",
            lambda: closed_loop(batch, 1, files, rows),
        ),
    ]


async def _wait_caught_up(api: Api, timeout_s: float = 120.0) -> None:
    """Until the reporting consumer has applied everything the loads published."""
    progress("HTTP: waiting for the reporting consumer to catch up")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if (await api.get("reporting", "/v1/freshness")).get("lag_total") == 0:
            return
        await asyncio.sleep(0.5)
    progress(f"HTTP: the reporting consumer still lags after {timeout_s:.0f} s")


async def _queries(meter: Meter, api: Api, counts: HttpCounts) -> list[Measured]:
    engine = create_engine(meter.services.database_urls["reporting"])
    try:
        progress(f"HTTP: {await fill_projections(engine, counts.recipients)}")
    finally:
        await engine.dispose()
    years = {"from": 2016, "to": 2020}
    stats = "GET /v1/agencies/01/stats, 2016–2020"
    queries: list[tuple[str, str, str, dict[str, Any], int, dict[str, str]]] = [
        ("stats", stats, "/v1/agencies/01/stats", years, counts.queries, {}),
        (
            "stats_computed",
            f"{stats}, no-cache",
            "/v1/agencies/01/stats",
            years,
            counts.queries,
            _COMPUTED,
        ),
        ("national", "GET /v1/national, 2016–2020", "/v1/national", years, counts.queries, {}),
        ("freshness", "GET /v1/freshness", "/v1/freshness", {}, counts.freshness, {}),
    ]
    found = []
    for kind, name, path, params, calls, headers in queries:

        async def call(
            _: int, path: str = path, params: dict[str, Any] = params, h: dict[str, str] = headers
        ) -> None:
            await api.get("reporting", path, extra_headers=h, **params)

        await closed_loop(call, 1, 5)  # warm
        found.append(await meter.measure(kind, name, "1 client", _sequential(call, calls)))
    return found


_COMPUTED = {"Cache-Control": "no-cache"}
"""Every answer computed anew: what a call costs when the projections changed since the last
one (without it, the reporting service gives the answer it computed while the database is
unchanged, :mod:`shared.database.snapshot_cache`)."""


def _sequential(
    send: Callable[[int], Awaitable[None]], calls: int
) -> Callable[[], Awaitable[LoadSummary]]:
    return lambda: closed_loop(send, 1, calls)
