"""``uv run python -m benchmarks [--quick] [--only STAGE]`` (stages: see ``STAGES``)."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.anchors import (
    AnchorCounts,
    Anchors,
    better_of,
    measure_anchors,
    reference_loop_s,
)
from benchmarks.append import bench_batched, bench_single
from benchmarks.common import (
    Result,
    checkpoint,
    postgres_host,
    scratch_database,
    tune_process,
)
from benchmarks.consumer import bench_consumer
from benchmarks.figures import Anchor, Figure, anchor_lines, render_text
from benchmarks.http import QUICK_HTTP, HttpCounts, bench_http
from benchmarks.kafka import kafka_bootstrap, sample_values
from benchmarks.parsing import choose_parser
from benchmarks.profiles import Profiler
from benchmarks.rebuild import bench_rebuild
from benchmarks.relay import bench_relay, prepare_store, relay_to_new_topic
from benchmarks.report import print_report, progress
from benchmarks.reporting import (
    RAW_SIZES,
    bench_catch_up,
    bench_queries,
    bench_raw_group_by,
    create_projection_tables,
    print_query_report,
)
from benchmarks.services import running_services
from benchmarks.side_by_side import (
    Collected,
    all_figures,
    load_detail,
    readme_section,
    replace_readme_section,
)

STAGES = (
    "append",
    "relay",
    "consumer",
    "reporting",
    "rebuild",
    "catch-up",
    "queries",
    "http",
    "anchors",
)
"""``reporting`` is ``rebuild`` (every projection rebuilt from a topic), ``catch-up`` (the live
consumer's projections fed from a topic) and ``queries``; ``http`` starts the three services
and loads them over HTTP; the raw anchors are measured in every run (``anchors``: only them)."""
_KAFKA_STAGES = (None, "relay", "consumer", "reporting", "rebuild", "catch-up", "http", "anchors")
README = Path(__file__).with_name("README.md")
QUICK = {
    "events": 20_000,
    "single_events": 400,
    "runs": 1,
    "reporting_events": 20_000,
    "recipients": 200,
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--events",
        type=int,
        default=200_000,
        help="events relayed and consumed per run (default 200,000); batched appends use half",
    )
    parser.add_argument(
        "--single-events",
        type=int,
        default=3_000,
        help="events per run of the single-event appends (default 3,000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--only", choices=STAGES, help="run one stage only")
    parser.add_argument(
        "--reporting-events",
        type=int,
        default=200_000,
        help="events of the reporting catch-up per run (default 200,000)",
    )
    parser.add_argument(
        "--recipients",
        type=int,
        default=2_000,
        help="distinct award recipients per agency in the query's projection (default 2,000)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile one more reporting catch-up (cProfile)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small counts, one run each, everything in under 3 minutes (a first look)",
    )
    parser.add_argument(
        "--py-spy",
        type=Path,
        metavar="DIR",
        help="record every service with py-spy during each HTTP load, keep the recordings in "
        "DIR and print their summaries (run as `uv run --with py-spy python -m benchmarks`)",
    )
    parser.add_argument(
        "--registry-processes",
        type=int,
        default=1,
        metavar="N",
        help="processes of the registry during the HTTP loads, on one database, requests sent "
        "to them in turn as a load balancer would (default 1; awards and reporting run one)",
    )
    parser.add_argument(
        "--write-readme",
        action="store_true",
        help=f"write the side-by-side table into {README.name} (do it after a full run)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        parser.set_defaults(**QUICK)
        args = parser.parse_args(argv)
    return args


async def run(args: argparse.Namespace) -> int:
    tune_process()
    title = [f"tdkt benchmarks: {os.cpu_count()} CPUs, Python {platform.python_version()}"]
    if args.quick:
        title.append("QUICK mode: small counts, one run each; for trying, not for judging")
    load_before, speed_before = os.getloadavg()[0], reference_loop_s()
    found = Collected()
    async with AsyncExitStack() as stack:
        host = await stack.enter_async_context(postgres_host())
        engine = await stack.enter_async_context(scratch_database(host, "run"))
        title.append(f"PostgreSQL: {await _server_version(engine)}")
        if args.only in (None, "http"):
            title.append(_processes_line(args.registry_processes))
        bootstrap = None
        if args.only in _KAFKA_STAGES:
            bootstrap, description = await stack.enter_async_context(kafka_bootstrap())
            title.append(f"broker: {description}")
        first = await measure_anchors(engine, bootstrap, _anchor_counts(args))
        found.anchors = first
        await _stages(engine, host, bootstrap, args, found)
        progress("raw anchors again, at the end of the run")
        await _quiet_disk(host)
        last = await measure_anchors(engine, bootstrap, _anchor_counts(args))
        found.anchors, anchor_runs = better_of(first, last), (first, last)
    title.append(f"median of {args.runs} runs; GC thresholds raised, gc.freeze(), logging off")
    title.append(_load_line(load_before, os.getloadavg()[0]))
    title.append(_speed_line(speed_before, reference_loop_s()))
    title.append("raw anchors: the better of two measurements, at the run's start and end")
    _print_all(title, found, args, anchor_runs)
    ok = all("MISMATCH" not in note for r in found.results for note in r.notes)
    return 0 if ok and not any(load.summary.errors for load in found.loads) else 1


async def _stages(
    engine: AsyncEngine,
    host: str,
    bootstrap: str | None,
    args: argparse.Namespace,
    found: Collected,
) -> None:
    only = args.only
    if only in (None, "append"):
        await _quiet_disk(host)
        found.results += await _appends(engine, args)
    if bootstrap is not None and only in (None, "relay", "consumer"):
        await _quiet_disk(host)
        found.results += await _pipeline(engine, bootstrap, args)
    if bootstrap is not None and only in (None, "reporting", "rebuild", "catch-up"):
        await create_projection_tables(engine)
        if only in (None, "reporting", "rebuild"):
            await _quiet_disk(host)
            found.results.append(
                await bench_rebuild(engine, bootstrap, args.reporting_events, args.runs)
            )
        if only in (None, "reporting", "catch-up"):
            await _quiet_disk(host)
            found.results += await bench_catch_up(
                engine, bootstrap, args.reporting_events, args.runs, args.profile
            )
    if only == "queries":
        await create_projection_tables(engine)
    if only in (None, "reporting", "queries"):
        await _quiet_disk(host)
        raw = (100_000,) if args.quick else RAW_SIZES
        found.queries = await bench_queries(engine, args.runs, args.recipients, raw)
        first_raw = found.queries[2]  # after the query and the same answer from counters
        found.raw_group_by = _raw_anchor(first_raw.p50_ms, raw[0])
    if bootstrap is not None and only in (None, "http"):
        await _http(engine, host, bootstrap, args, found)


async def _quiet_disk(host: str) -> None:
    """Before a stage: the stages before it written to disk (each HTTP load does the same)."""
    await checkpoint(f"postgresql://{host}/postgres")


async def _http(
    engine: AsyncEngine, host: str, bootstrap: str, args: argparse.Namespace, found: Collected
) -> None:
    if found.raw_group_by is None:
        rows = 100_000 if args.quick else RAW_SIZES[0]
        progress(f"raw GROUP BY over {rows:,} events (the stats query's anchor)")
        found.raw_group_by = _raw_anchor(await bench_raw_group_by(engine, rows, 3), rows)
    progress("starting registry, awards and reporting")
    async with running_services(host, bootstrap, args.registry_processes) as services:
        counts = QUICK_HTTP if args.quick else HttpCounts(recipients=args.recipients)
        profiler = Profiler(args.py_spy) if args.py_spy else None
        found.loads = await bench_http(services, counts, profiler)
        found.profiles = profiler.summaries if profiler else []
        usage = services.usage()
    found.peak_rss_mb = {name: u.peak_rss_mb for name, u in usage.items()}


def _processes_line(registry: int) -> str:
    return (
        f"HTTP loads: the registry as {registry} process{'es' if registry > 1 else ''} on its "
        "database (requests in turn, as behind a load balancer; CPU summed over them, memory "
        "per process), awards and reporting one each"
    )


def _raw_anchor(milliseconds: float, rows: int) -> Anchor:
    return Anchor(f"raw GROUP BY, {rows:,} events", milliseconds, "ms")


def _anchor_counts(args: argparse.Namespace) -> AnchorCounts:
    if args.quick:
        return AnchorCounts(transactions=800, rows=20_000, messages=20_000)
    return AnchorCounts(messages=args.events)


def _print_all(
    title: list[str],
    found: Collected,
    args: argparse.Namespace,
    anchor_runs: tuple[Anchors, Anchors],
) -> None:
    if found.results:
        print_report(title, found.results)
    if found.queries:
        print_query_report(found.queries)
    figures = all_figures(found)
    assert found.anchors is not None
    start, end = (anchor_lines(run.all()) for run in anchor_runs)
    anchors = [
        f"{best} (start {a.split(': ', 1)[1]}, end {b.split(': ', 1)[1]})"
        for best, a, b in zip(anchor_lines(found.anchors.all()), start, end, strict=True)
    ]
    detail = load_detail(found.loads) if found.loads else []
    print("\nSide by side: each figure, its raw anchor from this run, the ratio, the target\n")
    print("\n".join([*title, "", *render_text(figures), "", "Raw anchors:", *anchors]))
    print("\n".join(["", *detail]))
    if found.profiles:
        print(f"\npy-spy profiles (recordings in {args.py_spy}):")
        print("\n".join(found.profiles))
    if args.write_readme:
        _write_readme(title, figures, anchors, detail)


def _write_readme(
    title: list[str], figures: list[Figure], anchors: list[str], detail: list[str]
) -> None:
    now = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    section = readme_section(now, os.cpu_count() or 0, title, figures, anchors, detail)
    README.write_text(replace_readme_section(README.read_text(encoding="utf-8"), section))


def _speed_line(before: float, after: float) -> str:
    return (
        f"reference loop (10M additions): {before:.2f} s before, {after:.2f} s after; "
        "compare figures only between runs with similar times"
    )


def _load_line(before: float, after: float) -> str:
    line = f"load average (1 min): {before:.2f} before, {after:.2f} after"
    if before > 0.5:
        line += " -- WARNING: other processes were busy; figures are lower and noisier"
    return line


async def _appends(engine: AsyncEngine, args: argparse.Namespace) -> list[Result]:
    results = []
    for writers in (1, 8):
        progress(f"single appends, {writers} writer(s)")
        results.append(await bench_single(engine, args.single_events, writers, args.runs))
    progress("batched appends")
    results.append(await bench_batched(engine, args.events // 2, args.runs))
    return results


async def _pipeline(engine: AsyncEngine, bootstrap: str, args: argparse.Namespace) -> list[Result]:
    results = []
    if args.only == "consumer":
        progress(f"preloading and relaying {args.events:,} events (not timed)")
        progress(await prepare_store(engine, args.events))
        _, topic = await relay_to_new_topic(engine, bootstrap, args.events)
    else:
        progress("relay")
        relay_result, topic = await bench_relay(engine, bootstrap, args.events, args.runs)
        results.append(relay_result)
    if args.only in (None, "consumer"):
        progress("consumer")
        parser = choose_parser((await sample_values(bootstrap, topic, 1))[0])
        results += await bench_consumer(engine, bootstrap, topic, args.events, args.runs, parser)
    return results


async def _server_version(engine: AsyncEngine) -> str:
    async with engine.connect() as connection:
        version = (await connection.execute(text("SHOW server_version"))).scalar_one()
    return str(version)


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(run(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
