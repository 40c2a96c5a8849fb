"""What every benchmark shares: runs and results, a scratch database, process tuning."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

import shared.consumer.tables
from shared.database.embedded import EmbeddedPostgres
from shared.database.engine import create_engine
from shared.eventstore.tables import metadata as store_metadata
from shared.runtime.gc_tuning import tune_gc_for_batches
from tests.harness.infra import asyncpg_dsn

ENV_POSTGRES = "TDKT_BENCH_PG"
"""``user@host:port`` of a PostgreSQL to benchmark on; unset: an embedded one we start."""


@dataclass(frozen=True)
class Run:
    """One timed run: how many events in how long, and the CPU this process used meanwhile."""

    events: int
    seconds: float
    cpu_seconds: float

    @property
    def rate(self) -> float:
        return self.events / self.seconds

    @property
    def cpu_percent(self) -> float:
        return 100.0 * self.cpu_seconds / self.seconds


@dataclass
class Result:
    """The runs of one figure, with its target and remarks for the report."""

    name: str
    target: str = ""
    runs: list[Run] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rates(self) -> list[float]:
        return [run.rate for run in self.runs]

    @property
    def median(self) -> float:
        return statistics.median(self.rates)

    @property
    def median_cpu_percent(self) -> float:
        return statistics.median(run.cpu_percent for run in self.runs)


async def timed(events: int, body: Callable[[], Awaitable[float | None]]) -> Run:
    """Time ``body``; it may return its own end (a ``perf_counter`` value) to stop the clock."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    end = await body()
    wall1, cpu1 = time.perf_counter(), time.process_time()
    return Run(events, (end or wall1) - wall0, cpu1 - cpu0)


def tune_process() -> None:
    """Cheap and legitimate: logging at WARNING, no cyclic GC pass every 700 allocations.

    Batches of thousands of pydantic models trigger the young-generation collector over
    and over (PLATFORM-NOTES §4 row 3: GC tuning is worth about 3× there).
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    tune_gc_for_batches()


@contextmanager
def short_collector_pauses() -> Iterator[None]:
    """Python's default collector thresholds for the block, in a process that times requests.

    :func:`tune_process` lets 100,000 objects gather before a young-generation pass, which
    then walks them all at once: 10–18 ms, every quarter of a second in a load generator,
    charged to every request it was sending or reading then. The default thresholds walk
    a few hundred at a time: about as much work, in pauses too short to see.
    """
    tuned = gc.get_threshold()
    gc.set_threshold(*DEFAULT_COLLECTOR_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*tuned)


DEFAULT_COLLECTOR_THRESHOLDS = (700, 10, 10)


def settle() -> None:
    """Collect garbage between runs, outside the timed part."""
    gc.collect()


async def checkpoint(database_url: str) -> None:
    """Write every page changed so far to disk now, outside the timed part: PostgreSQL's
    (``CHECKPOINT``), then every file's (``sync``, the broker's log among them).

    A load that follows large fixtures otherwise runs while the disk writes them: the raw
    ``GROUP BY``'s millions of rows (half a gigabyte of WAL, a checkpoint of 30 s) and the
    raw producer's records, which the kernel writes back 30 s after they were written. Its
    commits then wait for the disk behind those writes (seen: every ``COMMIT`` of the open
    loop held 180–260 ms at once, twice in 10 s). ``CHECKPOINT`` needs a super user or
    ``pg_checkpoint``; without, it says so once.
    """
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        await connection.execute("CHECKPOINT")
    except asyncpg.InsufficientPrivilegeError as error:
        if not _CHECKPOINT_REFUSED:
            _CHECKPOINT_REFUSED.append(error)
            print(f"note: no CHECKPOINT before the loads ({error}); figures may pay for it")
    finally:
        await connection.close()
    await asyncio.to_thread(os.sync)


_CHECKPOINT_REFUSED: list[Exception] = []


@asynccontextmanager
async def postgres_host() -> AsyncIterator[str]:
    """``user@host:port`` of ``TDKT_BENCH_PG``, else of an embedded PostgreSQL (durable
    settings, as a service runs it) in a temporary directory, stopped on exit."""
    if os.environ.get(ENV_POSTGRES):
        yield os.environ[ENV_POSTGRES]
        return
    with tempfile.TemporaryDirectory(prefix="tdkt-bench-") as directory:
        server = EmbeddedPostgres(Path(directory) / "data")
        await asyncio.to_thread(server.start)
        try:
            yield f"postgres@127.0.0.1:{server.port}"
        finally:
            await asyncio.to_thread(server.stop)


@asynccontextmanager
async def scratch_database(host: str, label: str) -> AsyncIterator[AsyncEngine]:
    """A new database ``tdkt_bench_<label>_<random>`` on ``host`` with the event store's and
    the consumers' schemas; dropped on exit."""
    async with empty_database(host, label) as url:
        engine = create_engine(url, pool_size=10)
        try:
            await _create_schemas(engine)
            yield engine
        finally:
            await engine.dispose()


@asynccontextmanager
async def empty_database(host: str, label: str) -> AsyncIterator[str]:
    """A new empty database ``tdkt_bench_<label>_<random>`` on ``host``, its SQLAlchemy URL
    (asyncpg driver); dropped on exit, whoever is still connected."""
    name = f"tdkt_bench_{label}_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(f"postgresql://{host}/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgresql+asyncpg://{host}/{name}"
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def _create_schemas(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(store_metadata.create_all)
        await connection.run_sync(shared.consumer.tables.metadata.create_all)


async def truncate(engine: AsyncEngine, *tables: str) -> None:
    """Empty ``tables`` and reset their sequences (no ANALYZE: see the README)."""
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY"))
