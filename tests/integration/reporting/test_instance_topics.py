"""One reporting service reading the national topics and a province's own (issue 18).

The reporting service runs for real with ``instances=("sct-01",)``; events are produced to
the topics as the harness's super user, as each instance's relay would publish them, and the
ministry's assignment of agency 01 to ``sct-01`` to the ownership topic. An event counts
only from the topic of the instance that owned its agency when it was recorded: 01's events
from sct-01's topics (and from the national ones only if recorded before the assignment),
79's from the national ones. Every other is dead-lettered with a reason naming the owner, and
a rebuild (its set-based read, its parsing worker) counts exactly what the live path counts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from pydantic import SecretStr

from services.reporting import bootstrap as reporting_bootstrap
from services.reporting.api.freshness import measure_freshness
from services.reporting.bootstrap import Reporting, bootstrap
from services.reporting.projections.tables import award_counts, campaign_counts
from services.reporting.rebuild.__main__ import InstanceUrls, RebuildOptions, check_topics, main
from services.reporting.rebuild.run import Rebuild
from services.reporting.rebuild.schema import create_rebuild_engine, prepare
from services.reporting.screening import ReportingScreen
from services.reporting.settings import ReportingSettings
from shared.database import create_engine
from shared.database.engine import write_transaction
from shared.envelope import EventEnvelope
from shared.instances import Assignment, FixedOwnership, OwnershipLedger
from shared.instances.kafka_source import KafkaOwnershipSource
from shared.kafka.topics import TopicNames
from shared.outbox import KafkaEventPublisher, OutgoingMessage, StoreHead
from tests.harness.infra import create_topics, eventually, unique_hex
from tests.harness.kafka_reader import read_topic
from tests.harness.ownership import assignment_envelope
from tests.harness.reporting_events import agency_registered, award, campaign, counters, records
from tests.integration.reporting.test_rebuild import snapshot

pytestmark = pytest.mark.integration

SECRET = "instance-topics-tests-secret-of-32-bytes-or-more"
SCT_01 = "sct-01"
ASSIGNED_AT = datetime.now(UTC) - timedelta(minutes=5)
"""When the ministry assigned 01 to sct-01: events made by the harness are recorded now."""


def assigned(agency: str, sequence: int = 1, at: datetime = ASSIGNED_AT) -> EventEnvelope:
    """The national registry's record of the ministry's assignment of ``agency`` to sct-01."""
    return assignment_envelope(agency, SCT_01, sequence, at)


def before_the_assignment(event: EventEnvelope) -> EventEnvelope:
    return event.model_copy(update={"recorded_at": ASSIGNED_AT - timedelta(days=1)})


@dataclass
class Scenario:
    """What was published where, and the running service that read it."""

    settings: ReportingSettings
    service: Reporting
    published: dict[str, list[EventEnvelope]]
    refused: dict[str, tuple[str, EventEnvelope]]
    """By event id: the topic that carried a refused event, and the event."""

    @property
    def topics(self) -> TopicNames:
        return self.settings.topics


async def publish(publisher: KafkaEventPublisher, topic: str, events: list[EventEnvelope]) -> None:
    await publisher.publish(topic, [OutgoingMessage(*event.wire()) for event in events])


def history(topics: TopicNames) -> tuple[dict[str, list[EventEnvelope]], list[str]]:
    """Events per topic; the ids of those that must be refused."""
    forged_campaign_01 = campaign(date(2025, 4, 1), agency="01")
    forged_award_01 = award("LDTT", "m-2", 2025, agency="01")
    forged_award_79 = award("BK_BO", "m-8", 2025, agency="79")
    published = {
        topics.registry_events: [
            agency_registered("79", "Sở Công Thương TP. Hồ Chí Minh", "79"),
            campaign(date(2025, 3, 1), agency="79"),
            forged_campaign_01,
        ],
        topics.awards_events: [
            before_the_assignment(award("LDTT", "m-0", 2024, agency="01")),
            award("CSTDCS", "m-7", 2025, agency="79"),
            forged_award_01,
        ],
        topics.registry_events_of(SCT_01): [
            agency_registered("01", "Sở Công Thương Hà Nội", "01"),
            campaign(date(2025, 5, 1), agency="01"),
        ],
        topics.awards_events_of(SCT_01): [award("LDTT", "m-1", 2025, agency="01"), forged_award_79],
    }
    refused = [str(e.event_id) for e in (forged_campaign_01, forged_award_01, forged_award_79)]
    return published, refused


@pytest.fixture(scope="module")
async def scenario(
    make_migrated_database: Callable[[str], Awaitable[str]], kafka_bootstrap: str
) -> AsyncIterator[Scenario]:
    prefix = f"t{unique_hex()}"
    settings = ReportingSettings(
        database_url=await make_migrated_database("reporting"),
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=prefix,
        consumer_group=f"{prefix}-reporting",
        instances=(SCT_01,),
        jwt_secret=SecretStr(SECRET),
    )
    topics = settings.topics
    await create_topics(kafka_bootstrap, [topics.ownership_events], partitions=1)
    publisher = KafkaEventPublisher(kafka_bootstrap, client_id="instance-topics-test")
    await publisher.start()
    await publish(publisher, topics.ownership_events, [assigned("01")])
    service = await bootstrap(settings)
    try:
        published, refused_ids = history(topics)
        for topic, events in published.items():
            await publish(publisher, topic, events)
        total = sum(len(events) for events in published.values())
        consumer = service.consumer
        await eventually(
            lambda: consumer.applied_total + consumer.dead_lettered_total >= total,
            timeout=60,
            message="the reporting service did not read every topic",
        )
        refused = {
            str(event.event_id): (topic, event)
            for topic, events in published.items()
            for event in events
            if str(event.event_id) in refused_ids
        }
        yield Scenario(settings, service, published, refused)
    finally:
        await publisher.stop()
        await service.stop()


async def test_events_count_from_the_topics_of_their_agencys_owner(scenario: Scenario) -> None:
    engine = scenario.service.engine

    awards = await counters(engine, award_counts, "agency", "award_code")
    campaigns = await counters(engine, campaign_counts, "agency", "year")

    # 01's award from sct-01 and its award recorded on the national topic before the
    # assignment; 79's from the national topic only.
    assert awards == {("01", "LDTT"): 2, ("79", "CSTDCS"): 1}
    assert campaigns == {("01", 2025): 1, ("79", 2025): 1}
    assert scenario.service.consumer.dead_lettered_by_error == {"RefusedEvent": 3}


async def test_events_written_by_another_instance_are_dead_lettered_naming_the_owner(
    scenario: Scenario, kafka_bootstrap: str
) -> None:
    dead_letters = scenario.topics.dead_letter(scenario.settings.consumer_group)

    letters = await read_topic(kafka_bootstrap, dead_letters, at_least=3)

    by_id: dict[str, dict[str, str]] = {}
    for letter in letters:
        headers = {name: value.decode() for name, value in letter.headers}
        by_id[headers["event_id"]] = headers
    assert set(by_id) == set(scenario.refused)
    for event_id, (topic, event) in scenario.refused.items():
        headers = by_id[event_id]
        assert headers["dlq.source_topic"] == topic
        assert headers["dlq.error_type"] == "RefusedEvent"
        owner, carrier = ("national", SCT_01) if event.agency == "79" else (SCT_01, "national")
        assert headers["dlq.reason"].startswith(
            f"agency {event.agency} was served by instance {owner!r} when this event was "
            f"recorded ({event.recorded_at.isoformat()}), not by {carrier!r}"
        ), headers["dlq.reason"]


async def test_freshness_names_the_instances_read_and_the_assignments_loaded(
    scenario: Scenario,
) -> None:
    fresh = await measure_freshness(scenario.service)

    assert fresh.ownership.loaded
    assert fresh.ownership.topic == scenario.topics.ownership_events
    assert fresh.ownership.assignments == 1
    assert fresh.ownership.instances == ["national", SCT_01]
    [consumer] = fresh.consumers
    read = {partition.topic for partition in consumer.partitions}
    assert set(scenario.published) <= read


async def test_an_assignment_published_a_moment_ago_is_caught_up_before_judging(
    scenario: Scenario,
    make_migrated_database: Callable[[str], Awaitable[str]],
    kafka_bootstrap: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The service's own follower waits an hour here: only the consumer's catch-up hook can
    learn that 02 went to sct-01 before the event for 02 on sct-01's topic is judged."""

    def slow_follower(settings: ReportingSettings) -> KafkaOwnershipSource:
        topic = settings.topics.ownership_events
        return KafkaOwnershipSource(kafka_bootstrap, topic, refresh_interval_s=3600)

    monkeypatch.setattr(reporting_bootstrap, "ownership_source", slow_follower)
    prefix = f"t{unique_hex()}"
    settings = scenario.settings.model_copy(
        update={
            "database_url": await make_migrated_database("reporting"),
            "topic_prefix": prefix,
            "consumer_group": f"{prefix}-reporting",
        }
    )
    topics = settings.topics
    await create_topics(kafka_bootstrap, [topics.ownership_events], partitions=1)
    service = await bootstrap(settings)
    publisher = KafkaEventPublisher(kafka_bootstrap, client_id="instance-topics-test")
    await publisher.start()
    try:
        now = datetime.now(UTC) - timedelta(seconds=1)
        await publish(publisher, topics.ownership_events, [assigned("02", at=now)])
        await publish(
            publisher, topics.awards_events_of(SCT_01), [award("LDTT", "m-5", 2025, agency="02")]
        )
        await eventually(lambda: service.consumer.applied_total >= 1, timeout=60)
        assert service.consumer.dead_lettered_total == 0
        assert await counters(service.engine, award_counts, "agency") == {("02",): 1}
    finally:
        await publisher.stop()
        await service.stop()


class Heads(httpx.AsyncBaseTransport):
    """Every producing service's head: as many events as its topic holds, all published."""

    def __init__(self, published: dict[str, list[EventEnvelope]], urls: dict[str, str]) -> None:
        self._topic_of = urls
        self._published = published
        self.asked: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        topic = self._topic_of[f"{request.url.scheme}://{request.url.netloc.decode()}"]
        self.asked.append(topic)
        events = len(self._published[topic])
        head = StoreHead(
            topic=topic,
            events=events,
            last_position=events,
            published_position=events,
            published_events=events,
        )
        return httpx.Response(200, content=head.model_dump_json())


async def test_a_rebuild_counts_what_the_live_path_counts(scenario: Scenario) -> None:
    topics, published = scenario.topics, scenario.published
    urls = {
        "http://registry": topics.registry_events,
        "http://awards": topics.awards_events,
        "http://registry-01": topics.registry_events_of(SCT_01),
        "http://awards-01": topics.awards_events_of(SCT_01),
    }
    heads = Heads(published, urls)
    unchecked = RebuildOptions("http://registry", "http://awards", settle_s=0.2)
    lines: list[str] = []

    await check_topics(scenario.settings, unchecked, lines.append, heads)

    assert lines[0].startswith(
        f"rebuild: WARNING: instance {SCT_01}: {topics.registry_events_of(SCT_01)} and "
        f"{topics.awards_events_of(SCT_01)} are not compared with its services' stores"
    )
    assert lines[1] == "rebuild: the topics hold every event of registry and awards"
    assert heads.asked == [topics.registry_events, topics.awards_events]

    engine = create_engine(scenario.settings.resolved_database_url())
    try:
        live = await snapshot(engine)
        options = RebuildOptions(
            "http://registry",
            "http://awards",
            settle_s=0.2,
            instances=(InstanceUrls(SCT_01, "http://registry-01", "http://awards-01"),),
        )
        lines.clear()
        code = await main(scenario.settings, options, report=lines.append, transport=heads)
        assert code == 0, lines
        rebuilt = await snapshot(engine)
    finally:
        await engine.dispose()

    assert "rebuild: the topics hold every event of registry, awards, sct-01 registry" in lines[0]
    assert f"rebuild: reading the topics of national, {SCT_01}" in lines
    assert "rebuild: 1 assignments of agencies to instances known" in lines
    [switched] = [line for line in lines if line.startswith("rebuild: switched")]
    assert "7 applied, 3 skipped" in switched, switched
    assert rebuilt == live
    assert rebuilt["award_counts"] != []


async def test_the_rebuilds_catch_up_judges_by_the_owner_as_the_live_path_does(
    make_migrated_database: Callable[[str], Awaitable[str]],
) -> None:
    """After the first read, the rebuild applies what arrived since through its consumer:
    screened the same way (the catch-up and the switch's last gap)."""
    topics = TopicNames()
    moved = OwnershipLedger.of([Assignment("01", 1, ASSIGNED_AT, SCT_01)])
    engine = create_rebuild_engine(await make_migrated_database("reporting"))
    try:
        async with write_transaction(engine) as connection:
            await prepare(connection)
        screen = ReportingScreen(FixedOwnership(moved), topics)
        rebuild = Rebuild(engine, "unused:9092", [], screen=screen, report=lambda _line: None)

        await rebuild._consumer.process(
            [
                *records(
                    [award("LDTT", "m-1", 2025, agency="01")], topics.awards_events_of(SCT_01)
                ),
                *records([award("LDTT", "m-2", 2025, agency="01")], topics.awards_events),
                *records(
                    [award("LDTT", "m-3", 2025, agency="79")], topics.awards_events_of(SCT_01)
                ),
            ]
        )

        assert rebuild.stats.skipped == 2
        assert rebuild._consumer.applied_total == 1
    finally:
        await engine.dispose()
