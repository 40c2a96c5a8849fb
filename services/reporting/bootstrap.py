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
from services.reporting.screening import screen
from services.reporting.settings import ReportingSettings
from shared.consumer import IdempotentConsumer, subscribe_idempotent
from shared.consumer.dead_letter import PublisherDeadLetterSink
from shared.database import create_engine, wait_for_database
from shared.database.migrations import migrate
from shared.events import AnyEvent, parse_event
from shared.kafka.offsets import OffsetProbe
from shared.kafka.security import faststream_security
from shared.kafka.topics import TopicNames, ensure_topics, wait_for_kafka
from shared.observability.metrics import broker_middlewares
from shared.outbox import KafkaEventPublisher, Publisher
from shared.runtime.broker_start import BackgroundBrokerStart

SERVICE = "reporting"
CONSUMER_NAME = "projections"


@dataclass
class Reporting:
    """The running reporting service: projections fed by the registry and awards topics."""

    settings: ReportingSettings
    engine: AsyncEngine
    broker: KafkaBroker
    dead_letter_publisher: KafkaEventPublisher
    consumer: IdempotentConsumer[AnyEvent]
    #: Where the broker's Prometheus middleware records; ``/metrics`` serves it.
    metrics: CollectorRegistry = field(default_factory=CollectorRegistry)
    #: Starts the broker in the background (the group join can take seconds).
    broker_start: BackgroundBrokerStart | None = None
    #: Asks the broker for the consumer group's offsets (``/metrics``, freshness).
    offset_probe: OffsetProbe | None = None

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
        await self.dead_letter_publisher.stop()
        await self.engine.dispose()


def build_consumer(
    settings: ReportingSettings, engine: AsyncEngine, publisher: Publisher
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
    )


def build_broker(
    settings: ReportingSettings,
    consumer: IdempotentConsumer[AnyEvent],
    metrics: CollectorRegistry | None = None,
) -> KafkaBroker:
    """The FastStream broker with the projection subscriber (also used for the AsyncAPI);
    with ``metrics``, FastStream's Prometheus middleware records into it."""
    topics = TopicNames(prefix=settings.topic_prefix)
    broker = KafkaBroker(
        settings.kafka_bootstrap_servers,
        logger=None,
        middlewares=broker_middlewares(metrics, SERVICE),
        security=faststream_security(settings.kafka_credentials),
    )
    subscribe_idempotent(
        broker,
        consumer,
        topics.registry_events,
        topics.awards_events,
        group_id=settings.consumer_group,
        max_records=1000,
        description="Projects registry and awards events into period statistics.",
    )
    return broker


async def bootstrap(settings: ReportingSettings) -> Reporting:
    engine = create_engine(settings.resolved_database_url())
    await wait_for_database(engine, settings.startup_timeout_s)
    await migrate(engine, migrations.schema())
    topics = TopicNames(prefix=settings.topic_prefix)
    kafka = settings.kafka_credentials
    await wait_for_kafka(
        settings.kafka_bootstrap_servers, settings.startup_timeout_s, credentials=kafka
    )
    await ensure_topics(
        settings.kafka_bootstrap_servers,
        [topics.registry_events, topics.awards_events, topics.dead_letter(settings.consumer_group)],
        credentials=kafka,
    )
    publisher = KafkaEventPublisher(
        settings.kafka_bootstrap_servers, client_id="reporting-dlq", credentials=kafka
    )
    await publisher.start()
    consumer = build_consumer(settings, engine, publisher)
    metrics = CollectorRegistry()
    broker = build_broker(settings, consumer, metrics)
    broker_start = BackgroundBrokerStart(broker)
    broker_start.start()
    probe = OffsetProbe(settings.kafka_bootstrap_servers, kafka)
    return Reporting(settings, engine, broker, publisher, consumer, metrics, broker_start, probe)
