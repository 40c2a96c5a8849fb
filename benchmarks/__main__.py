"""``uv run python -m benchmarks [--events N] [--only STAGE]`` (stages: see ``STAGES``)."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.append import bench_batched, bench_single
from benchmarks.common import Result, scratch_database, tune_process
from benchmarks.consumer import bench_consumer
from benchmarks.kafka import kafka_bootstrap, sample_values
from benchmarks.parsing import choose_parser
from benchmarks.rebuild import bench_rebuild
from benchmarks.relay import bench_relay, prepare_store, relay_to_new_topic
from benchmarks.report import print_report, progress
from benchmarks.reporting import (
    QueryFigure,
    bench_catch_up,
    bench_queries,
    create_projection_tables,
    print_query_report,
)

STAGES = ("append", "relay", "consumer", "reporting", "rebuild", "catch-up", "queries")
"""``reporting`` is ``rebuild`` (every projection rebuilt from a topic), ``catch-up`` (the live
consumer's projections fed from a topic) and ``queries``."""


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
    return parser.parse_args(argv)


async def run(args: argparse.Namespace) -> int:
    tune_process()
    results: list[Result] = []
    queries: list[QueryFigure] = []
    title = [f"tdkt benchmarks: {os.cpu_count()} CPUs, Python {platform.python_version()}"]
    load_before = os.getloadavg()[0]
    speed_before = _reference_loop_s()
    async with scratch_database("run") as engine:
        title.append(f"PostgreSQL: {await _server_version(engine)}")
        if args.only in (None, "append"):
            results += await _appends(engine, args)
        if args.only in (None, "relay", "consumer", "reporting", "rebuild", "catch-up"):
            async with kafka_bootstrap() as (bootstrap, description):
                title.append(f"broker: {description}")
                if args.only in (None, "relay", "consumer"):
                    results += await _pipeline(engine, bootstrap, args)
                if args.only in (None, "reporting", "rebuild", "catch-up"):
                    await create_projection_tables(engine)
                if args.only in (None, "reporting", "rebuild"):
                    results.append(
                        await bench_rebuild(engine, bootstrap, args.reporting_events, args.runs)
                    )
                if args.only in (None, "reporting", "catch-up"):
                    results += await bench_catch_up(
                        engine, bootstrap, args.reporting_events, args.runs, args.profile
                    )
        if args.only == "queries":
            await create_projection_tables(engine)
        if args.only in (None, "reporting", "queries"):
            queries = await bench_queries(engine, args.runs, args.recipients)
    title.append(f"median of {args.runs} runs; GC thresholds raised, gc.freeze(), logging off")
    title.append(_load_line(load_before, os.getloadavg()[0]))
    title.append(_speed_line(speed_before, _reference_loop_s()))
    print_report(title, results)
    if queries:
        print_query_report(queries)
    return 0 if all("MISMATCH" not in note for r in results for note in r.notes) else 1


def _reference_loop_s() -> float:
    """Seconds this process takes for 10 million additions in a Python loop: how fast the
    machine's cores run right now (shared machines vary by half within an hour)."""
    start = time.perf_counter()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.perf_counter() - start


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
