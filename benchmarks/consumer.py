"""The idempotent consumer through FastStream: relayed events → a count projection."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from faststream.kafka import KafkaBroker
from sqlalchemy import BigInteger, Column, MetaData, Select, String, Table, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from benchmarks.commit_clock import CommitClock
from benchmarks.common import Result, Run, settle, timed, truncate
from benchmarks.kafka import broker_security
from benchmarks.parsing import Envelope
from shared.consumer import DeadLetter, IdempotentConsumer, subscribe_idempotent
from shared.consumer.tables import processed_events

MAX_RECORDS = 5000

_metadata = MetaData()
event_counts = Table(
    "bench_event_counts",
    _metadata,
    Column("agency", String(64), primary_key=True),
    Column("event_type", String(100), primary_key=True),
    Column("n", BigInteger, nullable=False),
)


class CountsProjection:
    """Counts events per (agency, event_type): aggregated in Python, one upsert per batch."""

    async def apply(self, connection: AsyncConnection, events: Sequence[Envelope]) -> None:
        counts = Counter((event.agency, event.event_type) for event in events)
        rows = [{"agency": a, "event_type": t, "n": n} for (a, t), n in counts.items()]
        statement = insert(event_counts).values(rows)
        statement = statement.on_conflict_do_update(
            index_elements=[event_counts.c.agency, event_counts.c.event_type],
            set_={"n": event_counts.c.n + statement.excluded.n},
        )
        await connection.execute(statement)


class CollectingSink:
    """Dead letters kept in memory: the benchmark expects none."""

    def __init__(self) -> None:
        self.letters: list[DeadLetter] = []

    async def send(self, letters: list[DeadLetter]) -> None:
        self.letters.extend(letters)


@dataclass(frozen=True)
class Consumption:
    """One consumer run with what the clock and the database saw."""

    run: Run
    apply: Run
    join_s: float
    batches: int
    slowest_batch_s: float
    check: str
    ok: bool


async def bench_consumer(
    engine: AsyncEngine,
    bootstrap: str,
    topic: str,
    events: int,
    runs: int,
    parser: tuple[Callable[[bytes], Envelope], str],
) -> list[Result]:
    """Consume ``topic`` from the start ``runs`` times, each in a new consumer group.

    Two figures per run: from ``broker.start()`` (includes joining the group) and from the
    first batch handed to the handler, both to the commit of the last batch.
    """
    whole = Result(f"consumer: start → last commit, max_records {MAX_RECORDS:,}")
    apply = Result("consumer: first batch → last commit")
    whole.notes.append(f"parse: {parser[1]}; topic {topic}")
    async with engine.begin() as connection:
        await connection.run_sync(_metadata.create_all)
    for _ in range(runs):
        consumption = await consume_once(engine, bootstrap, topic, events, parser[0])
        whole.runs.append(consumption.run)
        apply.runs.append(consumption.apply)
        whole.notes.append(
            f"{consumption.check}; group join {consumption.join_s:.2f} s; "
            f"{consumption.batches} batches, slowest {consumption.slowest_batch_s * 1000:,.0f} ms"
        )
    return [whole, apply]


async def consume_once(
    engine: AsyncEngine,
    bootstrap: str,
    topic: str,
    events: int,
    parse: Callable[[bytes], Envelope],
) -> Consumption:
    """One consumer group reading ``topic`` from the start until ``events`` are applied."""
    await truncate(engine, processed_events.name, event_counts.name)
    sink = CollectingSink()
    consumer = _new_consumer(engine, parse, sink)
    clock = CommitClock(consumer, events)
    broker = KafkaBroker(
        bootstrap, logger=None, middlewares=[clock], security=broker_security(bootstrap)
    )
    group = f"bench-{uuid.uuid4().hex[:8]}"
    subscribe_idempotent(broker, consumer, topic, group_id=group, max_records=MAX_RECORDS)
    settle()
    try:
        run = await timed(events, lambda: _consume_all(broker, clock, events))
    finally:
        await broker.stop()
    check, ok = await _check(engine, events, len(sink.letters))
    if clock.handled < events:
        check += f"; TIMED OUT after {_timeout_s(events):.0f} s"
    run, apply = replace(run, events=clock.handled), clock.apply_run()
    join_s = run.seconds - apply.seconds
    return Consumption(run, apply, join_s, clock.batches, clock.slowest_batch_s, check, ok)


def _new_consumer(
    engine: AsyncEngine, parse: Callable[[bytes], Envelope], sink: CollectingSink
) -> IdempotentConsumer[Envelope]:
    return IdempotentConsumer(
        name="bench-counts",
        engine=engine,
        parse=parse,
        event_id_of=lambda event: event.event_id,
        handler=CountsProjection(),
        dead_letters=sink,
    )


async def _consume_all(broker: KafkaBroker, clock: CommitClock, events: int) -> float:
    """Start consuming; the time of the last commit, once all are handled or at the timeout."""
    await broker.start()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(clock.done.wait(), timeout=_timeout_s(events))
    clock.stopped = True
    return clock.last_commit[0]


def _timeout_s(events: int) -> float:
    return max(30.0, events / 4000)


async def _check(engine: AsyncEngine, events: int, dead_letters: int) -> tuple[str, bool]:
    async with engine.connect() as connection:
        total = await _scalar(connection, select(func.coalesce(func.sum(event_counts.c.n), 0)))
        groups = await _scalar(connection, select(func.count()).select_from(event_counts))
        processed = await _scalar(connection, select(func.count()).select_from(processed_events))
    ok = total == events and processed == events and dead_letters == 0
    return (
        f"check {'OK' if ok else 'MISMATCH'}: projection Σn = {total:,} over {groups} rows, "
        f"processed_events = {processed:,}, dead letters = {dead_letters}, expected {events:,}"
    ), ok


async def _scalar(connection: AsyncConnection, query: Select[tuple[int]]) -> int:
    return int((await connection.execute(query)).scalar_one())
