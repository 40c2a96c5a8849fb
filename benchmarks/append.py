"""Appending to the SQL event store: one event per transaction, and 1,000 per call."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.common import Result, Run, settle, timed, truncate
from benchmarks.fixtures import agency_of, batches, context_for, new_event
from shared.database.engine import write_transaction
from shared.envelope import NewEvent
from shared.eventstore.port import AppendContext
from shared.eventstore.sql import SqlEventStore

BATCH_SIZE = 1000
PRELOAD_STREAM_EVENTS = 50
PRELOAD_WRITERS = 4


async def bench_single(engine: AsyncEngine, events: int, writers: int, runs: int) -> Result:
    """``writers`` concurrent tasks, each appending one event per call to its own stream."""
    label = "writer" if writers == 1 else "writers"
    result = Result(f"append: 1 event/tx, {writers} {label}", target=_single_target(writers))
    for _ in range(runs):
        result.runs.append(await _single_run(engine, events, writers))
    return result


def _single_target(writers: int) -> str:
    return "≈ the raw anchor" if writers in (1, 8) else ""


async def _single_run(engine: AsyncEngine, events: int, writers: int) -> Run:
    await truncate(engine, "events")
    store = SqlEventStore(engine)
    per_writer = events // writers
    work = [[new_event(index, agency_of(w)) for index in range(per_writer)] for w in range(writers)]
    settle()

    async def body() -> None:
        await asyncio.gather(
            *(_write_stream(engine, store, w, items) for w, items in enumerate(work))
        )

    return await timed(per_writer * writers, body)


async def _write_stream(
    engine: AsyncEngine, store: SqlEventStore, writer: int, items: list[NewEvent]
) -> None:
    stream, context = f"award-single-{uuid.uuid4()}", context_for(agency_of(writer))
    for version, event in enumerate(items):
        await append(engine, store, stream, version, [event], context)


async def bench_batched(engine: AsyncEngine, events: int, runs: int) -> Result:
    """One writer; each call appends ``BATCH_SIZE`` events to a new stream in one transaction."""
    result = Result(f"append: {BATCH_SIZE:,} events/call", target="≥ 30,000 ev/s")
    for _ in range(runs):
        result.runs.append(await _batched_run(engine, events))
    return result


async def _batched_run(engine: AsyncEngine, events: int) -> Run:
    await truncate(engine, "events")
    store = SqlEventStore(engine)
    work = list(batches(events, BATCH_SIZE))
    settle()

    async def body() -> None:
        for stream, context, items in work:
            await append(engine, store, stream, 0, items, context)

    return await timed(events, body)


async def preload(engine: AsyncEngine, events: int) -> Run:
    """Fill an empty store: ``PRELOAD_STREAM_EVENTS`` per stream and append, several writers.

    Smaller streams than the batched figure's, so that the relay sees many distinct keys.
    """
    await truncate(engine, "events", "relay_state")
    store = SqlEventStore(engine)
    work = list(batches(events, PRELOAD_STREAM_EVENTS))
    settle()

    async def writer(share: list[tuple[str, AppendContext, list[NewEvent]]]) -> None:
        for stream, context, items in share:
            await append(engine, store, stream, 0, items, context)

    async def body() -> None:
        await asyncio.gather(*(writer(work[w::PRELOAD_WRITERS]) for w in range(PRELOAD_WRITERS)))

    return await timed(events, body)


async def append(
    engine: AsyncEngine,
    store: SqlEventStore,
    stream: str,
    version: int,
    items: list[NewEvent],
    context: AppendContext,
) -> None:
    """Append as a command does: ``append_in`` in one write transaction of its own."""
    async with write_transaction(engine) as connection:
        await store.append_in(connection, stream, version, items, context)
