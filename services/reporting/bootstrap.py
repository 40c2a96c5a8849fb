"""The reporting service's composition root."""

from __future__ import annotations

from dataclasses import dataclass, field

from faststream.kafka import KafkaBroker
from prometheus_client import CollectorRegistry
from prometheus_client.core import Metric
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting import migrations
from services.reporting.figures import reporting_metrics
from services.reporting.projections.all import AllProjections
from services.reporting.queries.dashboard import NationDashboard
from services.reporting.queries.models import AgencyPeriodStats
from services.reporting.queries.national import NationalTable
from services.reporting.screening import ReportingScreen
from services.reporting.settings import ReportingSettings
from shared.consumer import IdempotentConsumer, subscribe_idempotent
from shared.consumer.dead_letter import PublisherDeadLetterSink
from shared.database import create_engine, wait_for_database
from shared.database.migrations import migrate
from shared.database.snapshot_cache import SnapshotCache
from shared.events import AnyEvent, parse_event
from shared.instances import NATIONAL
from shared.instances.kafka_source import KafkaOwnershipSource
from shared.kafka.offsets import OffsetProbe
from shared.kafka.security import faststream_security
from shared.kafka.topics import TopicNames, ensure_topics, wait_for_kafka
from shared.observability.metrics import broker_middlewares
from shared.outbox import KafkaEventPublisher, Publisher
from shared.runtime.broker_start import BackgroundBrokerStart

SERVICE = "reporting"
CONSUMER_NAME = "projections"


ANSWERS_KEPT = 32
"""Answers each cache keeps (the latest used): an agency's five years with every breakdown row
take about 300 KB."""


@dataclass
class Reporting:
    """The running reporting service: projections fed by the registry and awards topics of
    every instance it reads, judged by the ministry's assignments of agencies to instances."""

    settings: ReportingSettings
    engine: AsyncEngine
    broker: KafkaBroker
    dead_letter_publisher: KafkaEventPublisher
    consumer: IdempotentConsumer[AnyEvent]
    ownership: KafkaOwnershipSource
    #: Where the broker's Prometheus middleware records; ``/metrics`` serves it.
    metrics: CollectorRegistry = field(default_factory=CollectorRegistry)
    #: Starts the broker in the background (the group join can take seconds).
    broker_start: BackgroundBrokerStart | None = None
    #: Asks the broker for the consumer group's offsets (``/metrics``, freshness).
    offset_probe: OffsetProbe | None = None
    #: One agency's statistics over a period, reused while the database is unchanged.
    period_stats: SnapshotCache[AgencyPeriodStats] = field(
        default_factory=lambda: SnapshotCache(ANSWERS_KEPT)
    )
    #: The national table of a period, reused alike.
    national_tables: SnapshotCache[NationalTable] = field(
        default_factory=lambda: SnapshotCache(ANSWERS_KEPT)
    )
    #: The national dashboard's data of a period, reused alike.
    nation_dashboards: SnapshotCache[NationDashboard] = field(
        default_factory=lambda: SnapshotCache(ANSWERS_KEPT)
    )

    async def own_metrics(self) -> list[Metric]:
        """Figures only this service has (read by ``/metrics``)."""
        return await reporting_metrics(self.engine)

    async def stop(self) -> None:
        if self.broker_start is not None:
            await self.broker_start.stop()
        else:
            await self.broker.stop()
        if self.offset_probe is not None:
            await self.offset_probe.stop()
        await self.ownership.stop()
        await self.dead_letter_publisher.stop()
        await self.engine.dispose()


def instances_read(settings: ReportingSettings) -> list[str]:
    """The instances whose topics the service reads: the national one, then the provinces'."""
    return list(dict.fromkeys((NATIONAL, *settings.instances)))


def event_topics(settings: ReportingSettings) -> list[str]:
    """The registry and awards topics of every instance the service reads."""
    topics = settings.topics
    return [
        topic
        for instance in instances_read(settings)
        for topic in (topics.registry_events_of(instance), topics.awards_events_of(instance))
    ]


def build_consumer(
    settings: ReportingSettings, engine: AsyncEngine, publisher: Publisher, screen: ReportingScreen
) -> IdempotentConsumer[AnyEvent]:
    topics = TopicNames(prefix=settings.topic_prefix)
    return IdempotentConsumer(
        name=CONSUMER_NAME,
        engine=engine,
        parse=parse_event,
        event_id_of=lambda event: event.event_id,
        handler=AllProjections(),
        dead_letters=PublisherDeadLetterSink(
            publisher, topics.dead_letter(settings.consumer_group), settings.consumer_group
        ),
        screen=screen,
        prepare=screen.prepare,
    )


def build_broker(
    settings: ReportingSettings,
    consumer: IdempotentConsumer[AnyEvent],
    metrics: CollectorRegistry | None = None,
) -> KafkaBroker:
    """The FastStream broker with the projection subscriber (also used for the AsyncAPI);
    with ``metrics``, FastStream's Prometheus middleware records into it."""
    broker = KafkaBroker(
        settings.kafka_bootstrap_servers,
        logger=None,
        middlewares=broker_middlewares(metrics, SERVICE),
        security=faststream_security(settings.kafka_credentials),
    )
    subscribe_idempotent(
        broker,
        consumer,
        *event_topics(settings),
        group_id=settings.consumer_group,
        max_records=1000,
        description="Projects registry and awards events into period statistics.",
    )
    return broker


def ownership_source(settings: ReportingSettings) -> KafkaOwnershipSource:
    """The ministry's assignments of agencies to instances, read from the ownership topic."""
    return KafkaOwnershipSource(
        settings.kafka_bootstrap_servers,
        settings.topics.ownership_events,
        credentials=settings.kafka_credentials,
    )


async def provision_topics(settings: ReportingSettings) -> None:
    """Create the topics the service reads and its dead-letter topic where the principal may
    (in production the Kafka setup did: then this checks that they exist)."""
    topics, kafka = settings.topics, settings.kafka_credentials
    await ensure_topics(
        settings.kafka_bootstrap_servers,
        [*event_topics(settings), topics.dead_letter(settings.consumer_group)],
        single_partition=[topics.ownership_events],
        credentials=kafka,
    )


async def bootstrap(settings: ReportingSettings) -> Reporting:
    engine = create_engine(settings.resolved_database_url())
    await wait_for_database(engine, settings.startup_timeout_s)
    await migrate(engine, migrations.schema())
    kafka = settings.kafka_credentials
    await wait_for_kafka(
        settings.kafka_bootstrap_servers, settings.startup_timeout_s, credentials=kafka
    )
    await provision_topics(settings)
    ownership = ownership_source(settings)
    # Every event is judged by who owned its agency then: the assignments come first.
    await ownership.start(settings.startup_timeout_s)
    try:
        return await _consuming(settings, engine, ownership)
    except BaseException:
        await ownership.stop()
        raise


async def _consuming(
    settings: ReportingSettings, engine: AsyncEngine, ownership: KafkaOwnershipSource
) -> Reporting:
    kafka = settings.kafka_credentials
    publisher = KafkaEventPublisher(
        settings.kafka_bootstrap_servers, client_id="reporting-dlq", credentials=kafka
    )
    await publisher.start()
    consumer = build_consumer(
        settings, engine, publisher, ReportingScreen(ownership, settings.topics)
    )
    metrics = CollectorRegistry()
    broker = build_broker(settings, consumer, metrics)
    broker_start = BackgroundBrokerStart(broker)
    broker_start.start()
    probe = OffsetProbe(settings.kafka_bootstrap_servers, kafka)
    return Reporting(
        settings, engine, broker, publisher, consumer, ownership, metrics, broker_start, probe
    )
