"""Rebuilding the projections on PostgreSQL and the real broker while queries keep running.

The live service projects a history; the rebuild then reads the topics from offset zero into
the rebuild schema while more events arrive and a loop keeps querying. Every query must be
answered, and once switched (and the live consumer caught up) the tables and the answer must
equal those of an incremental projection of the same events into another database.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.bootstrap import bootstrap
from services.reporting.projections.tables import award_facts
from services.reporting.projections.tables import metadata as projection_metadata
from services.reporting.queries.agency_stats import agency_period_stats
from services.reporting.queries.common import YearRange, find_agency
from services.reporting.queries.models import AgencyPeriodStats, YearBasis
from services.reporting.rebuild.run import Rebuild
from services.reporting.rebuild.schema import create_rebuild_engine
from services.reporting.screening import ReportingScreen
from services.reporting.settings import ReportingSettings
from shared.consumer.tables import metadata as consumer_metadata
from shared.database import create_engine
from shared.envelope import EventEnvelope
from shared.instances import FixedOwnership
from shared.kafka.topics import TopicNames, ensure_topics
from shared.outbox import KafkaEventPublisher
from shared.outbox.publisher import OutgoingMessage
from tests.harness.reporting_events import (
    agency_registered,
    award,
    award_revoked,
    campaign,
    decision_revoked,
    feed,
    member_added,
    reporting_consumer,
)

AGENCIES = ("01", "79")
CODES = ("LDTT", "CSTDCS", "BK_BO", "HCLD3")
ENTITY_TABLES = {"agencies", "members", "award_facts", "registration_facts", "proposal_facts"}
YEARS = YearRange(2015, 2021)


def history(rng: random.Random, awards: int, first: int) -> list[EventEnvelope]:
    """Grants (some revoked, singly or by decision), members and campaigns, shuffled; the
    agencies' registrations among them in the first history."""
    events: list[EventEnvelope] = []
    if first == 0:
        events += [agency_registered(code, f"Sở Công Thương {code}", code) for code in AGENCIES]
    by_decision: list[str] = []
    for index in range(first, first + awards):
        agency = rng.choice(AGENCIES)
        award_id = f"a-{index}"
        member = f"m-{rng.randrange(awards // 4 + 1)}"
        events.append(
            award(
                rng.choice(CODES), member, rng.randint(2016, 2020), agency=agency, award_id=award_id
            )
        )
        roll = rng.random()
        if roll < 0.1:
            events.append(award_revoked(award_id, agency=agency))
        elif roll < 0.15:
            by_decision.append(award_id)
    if by_decision:
        events.append(decision_revoked(by_decision, agency=AGENCIES[0]))
    for number in range(first // 4, first // 4 + awards // 8):
        group = rng.choice(("leader", "official", "worker"))
        events.append(member_added(f"m-{number}", group, agency=rng.choice(AGENCIES)))
    for _ in range(awards // 20):
        year = rng.randint(2016, 2020)
        events.append(campaign(date(year, 3, 1), date(year, 12, 31), agency=rng.choice(AGENCIES)))
    rng.shuffle(events)
    return events


async def publish(
    publisher: KafkaEventPublisher, topics: TopicNames, events: Sequence[EventEnvelope]
) -> None:
    """Each event on its service's topic, keyed by stream; every tenth one twice."""
    registry = {"AgencyRegistered", "MemberAdded", "CampaignLaunched"}
    by_topic: dict[str, list[OutgoingMessage]] = {}
    for index, event in enumerate(events):
        topic = topics.registry_events if event.event_type in registry else topics.awards_events
        message = OutgoingMessage(*event.wire())
        by_topic.setdefault(topic, []).extend([message] * (2 if index % 10 == 0 else 1))
    for topic, messages in by_topic.items():
        await publisher.publish(topic, messages)


async def snapshot(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    found: dict[str, list[tuple[Any, ...]]] = {}
    async with engine.connect() as connection:
        for table in projection_metadata.sorted_tables:
            rows = [tuple(row) for row in (await connection.execute(select(table))).all()]
            if table.name not in ENTITY_TABLES:
                rows = [row for row in rows if row[-1] != 0]
            found[table.name] = sorted(rows, key=repr)
    return found


async def answer(engine: AsyncEngine) -> list[AgencyPeriodStats]:
    answers = []
    for code in AGENCIES:
        async with engine.connect() as connection:
            agency = await find_agency(connection, code)
        assert agency is not None
        answers.append(
            await agency_period_stats(
                engine, agency, YEARS, YearBasis.ACHIEVEMENT, date(2022, 1, 1)
            )
        )
    return answers


async def eventually(
    check: Callable[[], Awaitable[bool]], what: str, timeout_s: float = 60.0
) -> None:
    deadline = time.monotonic() + timeout_s
    while not await check():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        await asyncio.sleep(0.2)


async def test_rebuild_switches_while_queries_keep_answering(
    make_postgres_database: Callable[[], Awaitable[str]], kafka_bootstrap: str, unique_prefix: str
) -> None:
    rng = random.Random(5)
    before, during = history(rng, 2000, 0), history(rng, 400, 2000)
    url, reference_url = await make_postgres_database(), await make_postgres_database()
    settings = ReportingSettings(
        database_url=url,
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=unique_prefix,
        consumer_group=f"{unique_prefix}-reporting",
    )
    topics = TopicNames(prefix=unique_prefix)
    service = await bootstrap(settings)
    publisher = KafkaEventPublisher(kafka_bootstrap, client_id="rebuild-test")
    await publisher.start()
    queries = create_engine(url)
    rebuild_engine = create_rebuild_engine(url)
    reference = create_engine(reference_url)
    try:
        await publish(publisher, topics, before)
        await eventually(
            lambda: _true(service.consumer.applied_total >= len(before)), "the live side caught up"
        )

        answered, errors = 0, []
        stop = asyncio.Event()

        async def keep_querying() -> None:
            nonlocal answered
            while not stop.is_set():
                try:
                    await answer(queries)
                    answered += 1
                except Exception as error:
                    errors.append(repr(error))
                await asyncio.sleep(0)

        lines: list[str] = []
        rebuild = Rebuild(
            rebuild_engine,
            kafka_bootstrap,
            [topics.registry_events, topics.awards_events],
            screen=ReportingScreen(service.ownership, topics),
            batch_size=500,
            catch_up_threshold=50,
            report=lines.append,
        )
        querying = asyncio.create_task(keep_querying())
        rebuilding = asyncio.create_task(rebuild.run())
        await asyncio.sleep(0.3)
        await publish(publisher, topics, during)
        stats = await rebuilding
        answered_during = answered
        stop.set()
        await querying
        print("\n".join(lines))
        print(f"queries answered during the rebuild: {answered_during}")

        assert errors == []
        assert answered_during > 0
        assert stats.records >= len(before)

        async with reference.begin() as connection:
            await connection.run_sync(projection_metadata.create_all)
            await connection.run_sync(consumer_metadata.create_all)
        everything = before + during
        await feed(
            reporting_consumer(reference),
            *(everything[i : i + 500] for i in range(0, len(everything), 500)),
        )
        expected = await snapshot(reference)

        async def caught_up() -> bool:
            return await snapshot(queries) == expected

        try:
            await eventually(caught_up, "the switched tables equal the reference")
        except AssertionError:
            got = await snapshot(queries)
            for name in expected:
                if got[name] != expected[name]:
                    extra = set(got[name]) - set(expected[name])
                    missing = set(expected[name]) - set(got[name])
                    print(
                        "DIFF",
                        name,
                        "extra",
                        sorted(extra, key=repr)[:5],
                        "missing",
                        sorted(missing, key=repr)[:5],
                        len(extra),
                        len(missing),
                    )
            print("\n".join(lines))
            raise
        assert await answer(queries) == await answer(reference)
    finally:
        await publisher.stop()
        await service.stop()
        for engine in (queries, rebuild_engine, reference):
            await engine.dispose()


async def _true(value: bool) -> bool:
    return value


async def test_bulk_rebuild_skips_what_can_never_be_applied(
    postgres_database_url: str, kafka_bootstrap: str, unique_prefix: str
) -> None:
    """Records the live consumer dead-lettered (not JSON, an unknown type) are counted as
    skipped by the set-based first read; everything else is projected once."""
    topics = TopicNames(prefix=unique_prefix)
    # No service runs here to create its topic, and the broker never creates one by itself.
    await ensure_topics(kafka_bootstrap, [topics.registry_events, topics.awards_events])
    events = history(random.Random(9), 300, 0)
    publisher = KafkaEventPublisher(kafka_bootstrap, client_id="rebuild-test")
    await publisher.start()
    engine = create_rebuild_engine(postgres_database_url)
    reference = create_engine(postgres_database_url)
    try:
        await publish(publisher, topics, events)
        unknown = b'{"event_type": "NoSuchEvent", "schema_version": 1}'
        poison = [OutgoingMessage(b"k", value, []) for value in (b"not json", unknown)]
        await publisher.publish(topics.awards_events, poison)
        async with engine.begin() as connection:
            await connection.run_sync(projection_metadata.create_all)
            await connection.run_sync(consumer_metadata.create_all)
        rebuild = Rebuild(
            engine,
            kafka_bootstrap,
            [topics.registry_events, topics.awards_events],
            screen=ReportingScreen(FixedOwnership(), topics),
            report=lambda _line: None,
        )
        stats = await rebuild.run()

        assert stats.skipped == 2
        assert stats.applied == len({event.event_id for event in events})
        live = await snapshot(reference)
        expected_awards = sum(row[-1] for row in live["award_counts"])
        revoked = await _revoked_awards(reference)
        granted = sum(1 for event in events if event.event_type == "AwardGranted")
        assert expected_awards == granted - revoked
    finally:
        await publisher.stop()
        await engine.dispose()
        await reference.dispose()


async def _revoked_awards(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        rows = (
            await connection.execute(
                select(award_facts.c.award_id).where(award_facts.c.revoked & award_facts.c.granted)
            )
        ).all()
    return len(rows)
