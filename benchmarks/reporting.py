"""The reporting service: projection catch-up, and the agency-period query against raw GROUP BYs.

(a) Catch-up: ``AwardGranted`` / ``CampaignLaunched`` events of 35 agencies, years 2016–2025,
the catalogue's codes, published to a new topic; then the real ``IdempotentConsumer`` with the
real ``AllProjections`` through ``subscribe_idempotent`` (max_records 5,000) reads it from the
start on PostgreSQL, as a rebuild would.

(b) Query: ``agency_period_stats`` (behind ``GET /v1/agencies/{agency}/stats``) over projection
tables filled directly with pre-aggregated rows standing for 10 million events (the query
reads precomputed counters, so how they got there does not matter).

(c) The same awards answer computed by a GROUP BY over a raw events table (jsonb payloads,
like the event store) of 1M and 5M rows.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from aiokafka import AIOKafkaProducer
from faststream.kafka import KafkaBroker
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.commit_clock import CommitClock
from benchmarks.common import Result, Run, settle, timed, truncate
from benchmarks.consumer import MAX_RECORDS, CollectingSink, _consume_all, _timeout_s
from benchmarks.kafka import broker_security, client_options, credentials_for
from benchmarks.latency import percentile
from benchmarks.report import progress
from services.reporting.projections.all import AllProjections
from services.reporting.projections.dimensions import level_class
from services.reporting.projections.tables import (
    agencies,
    award_counts,
    campaign_counts,
)
from services.reporting.projections.tables import metadata as projection_metadata
from services.reporting.queries.agency_awards import award_year_totals
from services.reporting.queries.agency_stats import agency_period_stats
from services.reporting.queries.common import YearRange, find_agency
from services.reporting.queries.dashboard import nation_dashboard
from services.reporting.queries.models import YearBasis
from services.reporting.queries.national_models import GroupBy
from shared.consumer import IdempotentConsumer, subscribe_idempotent
from shared.consumer.tables import processed_events
from shared.envelope import KafkaRecord, encode_event
from shared.events import AnyEvent, parse_event
from shared.kafka.topics import TopicNames, ensure_topics
from shared.reference.awards import AWARDS, RecipientScope

AGENCIES = ("BCT", *(f"{number:02d}" for number in range(1, 35)))
"""The ministry and 34 provincial departments."""
YEARS = range(2016, 2026)
CODES = tuple(AWARDS)
DECISION_SIZE = 50
CAMPAIGN_EVERY = 20
"""One event in 20 is a ``CampaignLaunched``, the others ``AwardGranted``."""
PERIOD = YearRange(2016, 2020)
QUERY_CALLS = 300
NATION_CALLS = 60
REPRESENTED_EVENTS = 10_000_000
RAW_SIZES = (1_000_000, 5_000_000)


# ---- (a) catch-up ----------------------------------------------------------------------------


def _kind_of(code: str, index: int) -> str:
    scope = AWARDS[code].recipient
    if scope is RecipientScope.INDIVIDUAL:
        return "member"
    if scope is RecipientScope.COLLECTIVE:
        return "unit"
    return "member" if index % 3 else "unit"


def event_record(index: int) -> KafkaRecord:
    """The Kafka record of event ``index`` (built from dicts by the one wire encoder: 10×
    faster than pydantic models).

    Events come as decisions do: 50 in a row share a stream (the decision), its agency, its
    year and its award code, as one decision grants one title to a list of recipients.
    """
    decision = index // DECISION_SIZE
    agency = AGENCIES[decision % len(AGENCIES)]
    year = YEARS[(decision // len(AGENCIES)) % len(YEARS)]
    base = {
        "event_id": str(uuid.uuid4()),
        "schema_version": 1,
        "agency": agency,
        "stream_id": f"s-{decision}",
        "stream_version": index % DECISION_SIZE + 1,
        "recorded_at": "2026-01-01T00:00:00Z",
        "actor": "benchmark",
        "correlation_id": str(uuid.uuid4()),
        "causation_id": None,
    }
    if index % CAMPAIGN_EVERY == 0:
        payload: dict[str, object] = {
            "campaign_id": f"{agency}:c:{index}",
            "title": "Phong trào thi đua yêu nước",
            "form": "regular",
            "scope": "sector_local",
            "launching_level": "ministry_province",
            "launching_agency": agency,
            "start_date": f"{year}-02-01",
            "end_date": f"{year}-12-31",
        }
        event = {**base, "event_type": "CampaignLaunched", "occurred_at": f"{year}-01-31T17:00:00Z"}
    else:
        code = CODES[decision % len(CODES)]
        kind = _kind_of(code, index)
        payload = {
            "award_id": f"{agency}:a:{index}",
            "decision_id": f"{agency}:d:{decision}",
            "recipient_kind": kind,
            "recipient_id": f"{agency}:{kind}:{index % 9973}",
            "award_code": code,
            "commendation_kind": "regular",
            "granting_level": AWARDS[code].granting_level.value,
            "achievement_year_from": year,
            "achievement_year_to": year,
            "decision_signed_on": f"{year + 1}-01-20",
        }
        event = {**base, "event_type": "AwardGranted", "occurred_at": f"{year + 1}-01-19T17:00:00Z"}
    return encode_event(event, payload)


async def publish_events(bootstrap: str, events: int) -> str:
    """A new 3-partition topic holding ``events`` events (not timed): a national awards topic
    under a prefix of its own, which the reporting screen takes for the national instance's."""
    topic = TopicNames(prefix=f"bench-reporting-{uuid.uuid4().hex[:8]}").awards_events
    await ensure_topics(bootstrap, [topic], credentials=credentials_for(bootstrap))
    producer = AIOKafkaProducer(linger_ms=5, max_batch_size=262_144, **client_options(bootstrap))
    await producer.start()
    try:
        for start in range(0, events, 10_000):
            records = map(event_record, range(start, min(start + 10_000, events)))
            futures = [
                await producer.send(topic, r.value, key=r.key, headers=r.headers) for r in records
            ]
            for future in futures:
                await future
    finally:
        await producer.stop()
    return topic


async def create_projection_tables(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(projection_metadata.create_all)


async def bench_catch_up(
    engine: AsyncEngine, bootstrap: str, events: int, runs: int, profile: bool = False
) -> list[Result]:
    """Consume the published topic from the start ``runs`` times, each in a new group."""
    progress(f"publishing {events:,} reporting events (not timed)")
    topic = await publish_events(bootstrap, events)
    whole = Result(
        f"reporting catch-up: start → last commit, max_records {MAX_RECORDS:,}",
        target="—",
    )
    apply = Result(
        "reporting catch-up: first batch → last commit",
        target="≥ 50,000 ev/s, ≥ 30 % of the raw consumer",
    )
    apply.notes.append(
        f"AllProjections on PostgreSQL, parse_event; 1 in {CAMPAIGN_EVERY} CampaignLaunched, "
        f"the rest AwardGranted over {len(CODES)} codes, {len(AGENCIES)} agencies, "
        f"years {YEARS[0]}–{YEARS[-1]}; topic {topic}"
    )
    for number in range(runs):
        progress(f"reporting catch-up run {number + 1}/{runs}")
        run, apply_run, note = await _catch_up_once(engine, bootstrap, topic, events)
        whole.runs.append(run)
        apply.runs.append(apply_run)
        apply.notes.append(note)
    if profile:
        progress("reporting catch-up under cProfile (not a figure)")
        profiler = cProfile.Profile()
        profiler.enable()
        await _catch_up_once(engine, bootstrap, topic, events)
        profiler.disable()
        apply.notes.append("cProfile of one more run (tottime, top 30):")
        apply.notes.extend(_profile_lines(profiler))
    return [whole, apply]


async def _catch_up_once(
    engine: AsyncEngine, bootstrap: str, topic: str, events: int
) -> tuple[Run, Run, str]:
    tables = [table.name for table in projection_metadata.sorted_tables]
    await truncate(engine, processed_events.name, *tables)
    sink = CollectingSink()
    consumer: IdempotentConsumer[AnyEvent] = IdempotentConsumer(
        name="projections",
        engine=engine,
        parse=parse_event,
        event_id_of=lambda event: event.event_id,
        handler=AllProjections(),
        dead_letters=sink,
    )
    clock = CommitClock(consumer, events)
    broker = KafkaBroker(
        bootstrap, logger=None, middlewares=[clock], security=broker_security(bootstrap)
    )
    group = f"bench-reporting-{uuid.uuid4().hex[:8]}"
    subscribe_idempotent(broker, consumer, topic, group_id=group, max_records=MAX_RECORDS)
    settle()
    try:
        run = await timed(events, lambda: _consume_all(broker, clock, events))
    finally:
        await broker.stop()
    run = replace(run, events=clock.handled)
    apply_run = clock.apply_run()
    check = await _check(engine, events, len(sink.letters))
    if clock.handled < events:
        check += f"; TIMED OUT after {_timeout_s(events):.0f} s"
    note = (
        f"{check}; group join {run.seconds - apply_run.seconds:.2f} s; {clock.batches} batches, "
        f"slowest {clock.slowest_batch_s * 1000:,.0f} ms"
    )
    return run, apply_run, note


async def _check(engine: AsyncEngine, events: int, dead_letters: int) -> str:
    async with engine.connect() as connection:
        awards = (await connection.execute(select(func.sum(award_counts.c.awards)))).scalar()
        campaigns = (
            await connection.execute(select(func.sum(campaign_counts.c.campaigns)))
        ).scalar()
    total = int(awards or 0) + int(campaigns or 0)
    ok = total == events and dead_letters == 0
    return (
        f"check {'OK' if ok else 'MISMATCH'}: Σawards + Σcampaigns = {total:,}, "
        f"dead letters = {dead_letters}, expected {events:,}"
    )


def _profile_lines(profiler: cProfile.Profile) -> list[str]:
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
    lines = [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return [f"  {line}" for line in lines[start:]]


# ---- (b) the agency-period query over precomputed rows ----------------------------------------


@dataclass(frozen=True)
class QueryFigure:
    name: str
    rows: str
    p50_ms: float
    p99_ms: float
    calls: int


_FILL_AWARD_COUNTS = """
INSERT INTO award_counts (agency, year, decision_year, award_code, recipient_kind,
    position_group, commendation_kind, granting_level, level_class, awards)
SELECT a.agency, y.year, y.year + 1, c.code, k.kind,
       CASE WHEN k.kind = 'member' THEN g.grp ELSE '' END,
       'regular', c.granting_level, c.level_class, 1
FROM unnest(CAST(:agencies AS text[])) AS a(agency)
CROSS JOIN generate_series(2016, 2025) AS y(year)
CROSS JOIN unnest(CAST(:codes AS text[]), CAST(:levels AS text[]), CAST(:classes AS text[]),
                  CAST(:scopes AS text[])) AS c(code, granting_level, level_class, scope)
CROSS JOIN (VALUES ('member'), ('unit')) AS k(kind)
CROSS JOIN (VALUES ('leader'), ('official'), ('worker'), ('unknown')) AS g(grp)
WHERE (c.scope = 'both' OR (c.scope = 'individual') = (k.kind = 'member'))
  AND (k.kind = 'member' OR g.grp = 'unknown')
"""

_FILL_RECIPIENTS = """
INSERT INTO award_recipients_by_year (agency, year, award_code, recipient_kind, recipient_id,
    awards)
SELECT a.agency, y.year, c.code, 'member', a.agency || ':member:' || r.n, 1
FROM unnest(CAST(:agencies AS text[])) AS a(agency)
CROSS JOIN generate_series(2016, 2025) AS y(year)
CROSS JOIN generate_series(1, :recipients) AS r(n)
CROSS JOIN unnest(CAST(:codes AS text[])) AS c(code)
"""

_FILL_FIRSTS = """
INSERT INTO award_recipient_firsts
    (agency, award_code, recipient_kind, year, previous_year, recipients)
SELECT agency, award_code, recipient_kind, year, previous_year, count(*)
FROM (
    SELECT agency, award_code, recipient_kind, year,
           COALESCE(LAG(year) OVER (
               PARTITION BY agency, award_code, recipient_kind, recipient_id ORDER BY year
           ), 0) AS previous_year
    FROM award_recipients_by_year
) AS held
GROUP BY agency, award_code, recipient_kind, year, previous_year
"""

_FILL_TOTALS = """
INSERT INTO award_totals (agency, year, award_code, recipient_kind, awards)
SELECT agency, year, award_code, recipient_kind, sum(awards)
FROM award_counts
GROUP BY agency, year, award_code, recipient_kind
"""

_FILL_CAMPAIGNS = """
INSERT INTO campaign_counts (agency, year, launching_level, form, scope, duration, campaigns)
SELECT a.agency, y.year, 'ministry_province', f.form, 'sector_local', 'year', 25
FROM unnest(CAST(:agencies AS text[])) AS a(agency)
CROSS JOIN generate_series(2016, 2025) AS y(year)
CROSS JOIN (VALUES ('regular'), ('thematic')) AS f(form)
"""


async def fill_projections(engine: AsyncEngine, recipients: int) -> str:
    """Counter rows standing for ``REPRESENTED_EVENTS`` events (see the module docstring).

    ``award_counts``: every key of the catalogue (35 agencies × 10 years × code × recipient
    kind × position group), counts scaled so they sum to the represented events minus the
    campaigns. ``award_recipients_by_year``: ``recipients`` members per agency, each holding
    two individual titles every year (its size follows the recipients, not the events), and
    ``award_recipient_firsts`` computed from it. ``award_totals``: ``award_counts`` summed
    over its other dimensions.
    """
    codes = list(CODES)
    params = {
        "agencies": list(AGENCIES),
        "codes": codes,
        "levels": [AWARDS[c].granting_level.value for c in codes],
        "classes": [level_class(c).value for c in codes],
        "scopes": [AWARDS[c].recipient.value for c in codes],
    }
    tables = [table.name for table in projection_metadata.sorted_tables]
    await truncate(engine, *tables)
    async with engine.begin() as connection:
        await connection.execute(text(_FILL_AWARD_COUNTS), params)
        await connection.execute(text(_FILL_CAMPAIGNS), {"agencies": list(AGENCIES)})
        campaigns = int(
            (await connection.execute(select(func.sum(campaign_counts.c.campaigns)))).scalar_one()
        )
        keys = int(
            (await connection.execute(select(func.count()).select_from(award_counts))).scalar_one()
        )
        per_key = (REPRESENTED_EVENTS - campaigns) // keys
        await connection.execute(text("UPDATE award_counts SET awards = :n"), {"n": per_key})
        rest = REPRESENTED_EVENTS - campaigns - per_key * keys
        await connection.execute(
            text(
                "UPDATE award_counts SET awards = awards + :rest WHERE ctid = "
                "(SELECT ctid FROM award_counts LIMIT 1)"
            ),
            {"rest": rest},
        )
        totals = (await connection.execute(text(_FILL_TOTALS))).rowcount
        await connection.execute(
            text(_FILL_RECIPIENTS),
            {"agencies": list(AGENCIES), "recipients": recipients, "codes": ["LDTT", "CSTDCS"]},
        )
        await connection.execute(text(_FILL_FIRSTS))
        await connection.execute(
            agencies.insert(),
            [{"agency_code": a, "name": f"Sở Công Thương {a}"} for a in AGENCIES],
        )
        total = (await connection.execute(select(func.sum(award_counts.c.awards)))).scalar_one()
        recipient_rows = (
            await connection.execute(text("SELECT count(*) FROM award_recipients_by_year"))
        ).scalar_one()
    await _autocommit(engine, "VACUUM ANALYZE")
    return (
        f"{int(total) + campaigns:,} events represented: award_counts {keys:,} rows, "
        f"award_totals {totals:,} rows, "
        f"award_recipients_by_year {int(recipient_rows):,} rows "
        f"({recipients:,} recipients per agency × 2 titles × 10 years), campaign_counts "
        f"{len(AGENCIES) * 20} rows"
    )


async def bench_agency_query(engine: AsyncEngine, agency: str = "01") -> tuple[float, float]:
    """p50 and p99 (ms) of ``agency_period_stats`` for 2016–2020, ``QUERY_CALLS`` calls."""
    async with engine.connect() as connection:
        info = await find_agency(connection, agency)
    assert info is not None
    as_of = date(2026, 1, 1)
    for _ in range(20):  # warm the pool, the plan caches and the buffers
        await agency_period_stats(engine, info, PERIOD, YearBasis.ACHIEVEMENT, as_of)
    times = []
    for _ in range(QUERY_CALLS):
        start = time.perf_counter()
        await agency_period_stats(engine, info, PERIOD, YearBasis.ACHIEVEMENT, as_of)
        times.append((time.perf_counter() - start) * 1000)
    return percentile(times, 50), percentile(times, 99)


async def bench_same_answer_precomputed(engine: AsyncEngine) -> tuple[float, float]:
    """p50 and p99 (ms) of the raw GROUP BY's answer (awards by code, kind and year, and the
    distinct recipients) read from the counters instead: the like-for-like comparison."""
    async with engine.connect() as connection:
        for _ in range(20):
            await award_year_totals(connection, ("01",), PERIOD)
        times = []
        for _ in range(QUERY_CALLS):
            start = time.perf_counter()
            await award_year_totals(connection, ("01",), PERIOD)
            times.append((time.perf_counter() - start) * 1000)
    return percentile(times, 50), percentile(times, 99)


async def bench_nation_dashboard(engine: AsyncEngine) -> tuple[float, float]:
    """p50 and p99 (ms) of ``nation_dashboard`` (the dashboard's nation page: the national
    table by the 63, the trend and the sector's coverage), 2016–2020, with its JSON."""
    async with engine.connect() as connection:
        for _ in range(5):
            await nation_dashboard(connection, PERIOD, YearBasis.ACHIEVEMENT, GroupBy.PROVINCE63)
        times = []
        for _ in range(NATION_CALLS):
            start = time.perf_counter()
            answer = await nation_dashboard(
                connection, PERIOD, YearBasis.ACHIEVEMENT, GroupBy.PROVINCE63
            )
            answer.model_dump_json()
            times.append((time.perf_counter() - start) * 1000)
    return percentile(times, 50), percentile(times, 99)


async def _autocommit(engine: AsyncEngine, statement: str) -> None:
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text(statement))


# ---- (c) the same answer from raw events ------------------------------------------------------

_RAW_TABLE = """
CREATE TABLE IF NOT EXISTS bench_raw_events (
    position bigint PRIMARY KEY,
    event_type text NOT NULL,
    agency text NOT NULL,
    payload jsonb NOT NULL
)
"""

_FILL_RAW = """
INSERT INTO bench_raw_events (position, event_type, agency, payload)
SELECT n, 'AwardGranted', (CAST(:agencies AS text[]))[1 + n % 35],
       jsonb_build_object(
           'award_id', 'a-' || n,
           'award_code', (CAST(:codes AS text[]))[1 + n % :ncodes],
           'recipient_kind', CASE WHEN n % 3 = 0 THEN 'unit' ELSE 'member' END,
           'recipient_id', 'r-' || (n % 9973),
           'commendation_kind', 'regular',
           'achievement_year_from', 2016 + (n / 35) % 10,
           'achievement_year_to', 2016 + (n / 35) % 10,
           'decision_signed_on', (2017 + (n / 35) % 10) || '-01-20')
FROM generate_series(1, :rows) AS n
"""

_RAW_QUERY = """
SELECT payload->>'award_code' AS award_code, payload->>'recipient_kind' AS recipient_kind,
       (payload->>'achievement_year_to')::int AS year,
       count(*) AS awards, count(DISTINCT payload->>'recipient_id') AS recipients
FROM bench_raw_events
WHERE event_type = 'AwardGranted' AND agency = :agency
  AND (payload->>'achievement_year_to')::int BETWEEN :year_from AND :year_to
GROUP BY 1, 2, 3
"""


async def bench_raw_group_by(engine: AsyncEngine, rows: int, runs: int) -> float:
    """Median ms of the awards part of the answer computed from ``rows`` raw events."""
    async with engine.begin() as connection:
        await connection.execute(text(_RAW_TABLE))
        await connection.execute(text("TRUNCATE bench_raw_events"))
        await connection.execute(
            text(_FILL_RAW),
            {"agencies": list(AGENCIES), "codes": list(CODES), "ncodes": len(CODES), "rows": rows},
        )
    await _autocommit(engine, "VACUUM ANALYZE bench_raw_events")
    params = {"agency": "01", "year_from": PERIOD.year_from, "year_to": PERIOD.year_to}
    times = []
    async with engine.connect() as connection:
        await connection.execute(text(_RAW_QUERY), params)  # warm the buffers
        for _ in range(runs):
            start = time.perf_counter()
            await connection.execute(text(_RAW_QUERY), params)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def bench_queries(
    engine: AsyncEngine, runs: int, recipients: int, raw_sizes: Sequence[int] = RAW_SIZES
) -> list[QueryFigure]:
    progress(f"filling the projections to stand for {REPRESENTED_EVENTS:,} events")
    described = await fill_projections(engine, recipients)
    progress("agency-period query")
    p50, p99 = await bench_agency_query(engine)
    figures = [QueryFigure("agency_period_stats 01, 2016–2020", described, p50, p99, QUERY_CALLS)]
    progress("the raw GROUP BY's answer, read from the counters")
    p50, p99 = await bench_same_answer_precomputed(engine)
    figures.append(
        QueryFigure(
            "same answer as the GROUP BY below, from the counters",
            "award_totals + award_recipient_firsts, one statement",
            p50,
            p99,
            QUERY_CALLS,
        )
    )
    for rows in raw_sizes:
        progress(f"raw GROUP BY over {rows:,} events")
        median = await bench_raw_group_by(engine, rows, max(runs, 3))
        figures.append(
            QueryFigure(
                f"GROUP BY over raw events, agency 01, 2016–2020 ({rows:,} rows)",
                f"bench_raw_events {rows:,} rows (jsonb payloads, no index on agency)",
                median,
                median,
                max(runs, 3),
            )
        )
    p50, p99 = await bench_nation_dashboard(engine)
    figures.append(
        QueryFigure("nation_dashboard 2016–2020 by the 63", described, p50, p99, NATION_CALLS)
    )
    return figures


def print_query_report(figures: Sequence[QueryFigure]) -> None:
    print()
    header = ("Query", "p50 ms", "p99 ms", "calls", "× slower than the same answer precomputed")
    base = figures[1].p50_ms
    rows = [
        (f.name, f"{f.p50_ms:,.2f}", f"{f.p99_ms:,.2f}", str(f.calls), f"{f.p50_ms / base:,.0f}×")
        for f in figures
    ]
    rows[0] = (*rows[0][:4], "target p99 ≤ 20 ms")
    rows[1] = (*rows[1][:4], "1× (raw GROUP BY target ≥ 1,000×)")
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for number, row in enumerate((header, *rows)):
        print(
            "  ".join(
                c.ljust(w) if i in (0, 4) else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if number == 0:
            print("  ".join("-" * w for w in widths))
    print()
    for figure in figures:
        print(f"* {figure.name}: {figure.rows}")
    print(f"  measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; raw figures are medians of runs")
