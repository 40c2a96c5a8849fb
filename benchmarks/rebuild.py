"""The reporting rebuild: every projection rebuilt from offset zero and switched in.

The topic is the catch-up's (``benchmarks.reporting.publish_events``: decisions of 50 awards,
1 in 20 events a campaign). Each run is the real ``Rebuild`` as ``tdkt rebuild`` runs it:
build the ``reporting_rebuild`` schema, read every partition from offset zero (award events
staged with COPY and projected in SQL, the others through the projections), catch up, lock
the live consumer's table and switch the schemas. The clock runs from ``Rebuild.run()`` to its
return, so the figure includes the schema set-up, the projection of the award events and the
switch. The check sums the switched-in counters against the events. The live tables are
emptied before each run, so that every run finds the same state (the switch checks the events
the live consumer applied in the last minute: the previous run's 100,000 would cost it 0.2 s).
"""

from __future__ import annotations

import time

from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.common import Result, Run, settle, timed, truncate
from benchmarks.kafka import credentials_for
from benchmarks.report import progress
from benchmarks.reporting import _check, publish_events
from services.reporting.projections.tables import metadata as projection_metadata
from services.reporting.rebuild.run import Rebuild
from services.reporting.screening import ReportingScreen
from shared.consumer.tables import processed_events
from shared.instances import FixedOwnership
from shared.kafka.topics import TopicNames


async def bench_rebuild(engine: AsyncEngine, bootstrap: str, events: int, runs: int) -> Result:
    progress(f"publishing {events:,} reporting events for the rebuild (not timed)")
    topic = await publish_events(bootstrap, events)
    result = Result("reporting rebuild: offset zero → switched", target="≥ 100,000 ev/s")
    result.notes.append(
        "services.reporting.rebuild.Rebuild on PostgreSQL into reporting_rebuild, then switched; "
        f"topic {topic}"
    )
    for number in range(runs):
        progress(f"reporting rebuild run {number + 1}/{runs}")
        run, note = await _rebuild_once(engine, bootstrap, topic, events)
        result.runs.append(run)
        result.notes.append(note)
    return result


async def _rebuild_once(
    engine: AsyncEngine, bootstrap: str, topic: str, events: int
) -> tuple[Run, str]:
    tables = [table.name for table in projection_metadata.sorted_tables]
    await truncate(engine, processed_events.name, *tables)  # every run switches into the same
    phases: list[tuple[float, str]] = []

    def report(line: str) -> None:
        phases.append((time.perf_counter(), line))

    topics = TopicNames(prefix=topic.removesuffix(".awards.events"))
    rebuild = Rebuild(
        engine,
        bootstrap,
        [topic],
        screen=ReportingScreen(FixedOwnership(), topics),
        report=report,
        credentials=credentials_for(bootstrap),
    )

    async def rebuild_all() -> None:
        await rebuild.run()

    settle()
    start = time.perf_counter()
    run = await timed(events, rebuild_all)
    check = await _check(engine, events, rebuild.stats.skipped)
    return run, f"{check}; {_phases(start, phases)}"


def _phases(start: float, lines: list[tuple[float, str]]) -> str:
    """Seconds of each phase, from the times of the rebuild's progress lines."""

    def at(text: str) -> float | None:
        return next((moment for moment, line in lines if text in line), None)

    marks = [
        ("set-up", at("records in")),
        ("read and stage", at("projecting the award events")),
        ("project the award events", at("award events projected")),
        ("catch up and switch", at("switched")),
    ]
    parts, previous = [], start
    for name, moment in marks:
        if moment is not None:
            parts.append(f"{name} {moment - previous:.2f} s")
            previous = moment
    return ", ".join(parts)
