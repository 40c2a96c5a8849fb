"""The awards service's composition root: store, relay, commands, and the local view of the
registry's facts fed by an idempotent consumer."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from faststream.kafka import KafkaBroker
from prometheus_client import CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine

from services.awards import migrations
from services.awards.localview.consumer import RegistryFactsHandler
from services.awards.localview.tables import lifetimes
from services.awards.readmodel.projection import AwardsProjection
from services.awards.settings import AwardsSettings
from shared.application.commands import CommandRunner
from shared.consumer import (
    IdempotentConsumer,
    all_of,
    headers_match_envelope,
    subscribe_idempotent,
)
from shared.consumer.dead_letter import PublisherDeadLetterSink
from shared.database import create_engine, wait_for_database
from shared.database.migrations import migrate
from shared.events import AnyEvent, parse_event
from shared.eventstore import SqlEventStore
from shared.instances import InstanceScope, OwnershipSource
from shared.instances.kafka_source import KafkaOwnershipSource
from shared.instances.screening import catch_up_before_screening, written_by_owner
from shared.kafka.offsets import OffsetProbe
from shared.kafka.security import faststream_security
from shared.kafka.topics import ensure_topics, wait_for_kafka
from shared.lifetimes import LifetimeGuard
from shared.observability.metrics import broker_middlewares
from shared.outbox import Publisher, RelayConfig
from shared.runtime.broker_start import BackgroundBrokerStart
from shared.runtime.relay_runner import RelayRunner

SERVICE = "awards"
CONSUMER_NAME = "registry-facts"


@dataclass
class Awards:
    """The running awards service."""

    settings: AwardsSettings
    engine: AsyncEngine
    store: SqlEventStore
    commands: CommandRunner
    relay: RelayRunner
    broker: KafkaBroker
    consumer: IdempotentConsumer[AnyEvent]
    ownership: KafkaOwnershipSource
    #: Where the broker's Prometheus middleware records; ``/metrics`` serves it.
    metrics: CollectorRegistry = field(default_factory=CollectorRegistry)
    #: Starts the broker in the background (the group join can take seconds).
    broker_start: BackgroundBrokerStart | None = None
    #: Asks the broker for the consumer group's offsets (``/metrics``, freshness).
    offset_probe: OffsetProbe | None = None

    async def stop(self) -> None:
        if self.broker_start is not None:
            await self.broker_start.stop()
        else:
            await self.broker.stop()
        if self.offset_probe is not None:
            await self.offset_probe.stop()
        await self.relay.stop()
        await self.ownership.stop()
        await self.engine.dispose()


async def create_schema(engine: AsyncEngine) -> None:
    """Migrate the store's, the read model's and the consumer's tables to the newest revision."""
    await migrate(engine, migrations.schema())


def build_consumer(
    settings: AwardsSettings, engine: AsyncEngine, publisher: Publisher, source: OwnershipSource
) -> IdempotentConsumer[AnyEvent]:
    """The registry-facts consumer: it refuses (dead-letters) an event whose topic's instance
    did not serve its agency when it was recorded, after catching up with the ownership topic."""
    topics = settings.topics
    return IdempotentConsumer(
        name=CONSUMER_NAME,
        engine=engine,
        parse=parse_event,
        event_id_of=lambda event: event.event_id,
        handler=RegistryFactsHandler(),
        dead_letters=PublisherDeadLetterSink(
            publisher, topics.dead_letter(settings.consumer_group), settings.consumer_group
        ),
        screen=all_of(headers_match_envelope, written_by_owner(source, topics)),
        prepare=partial(catch_up_before_screening, source, topics),
    )


def build_broker(
    settings: AwardsSettings,
    consumer: IdempotentConsumer[AnyEvent],
    metrics: CollectorRegistry | None = None,
) -> KafkaBroker:
    """The FastStream broker with the registry-facts subscriber on this instance's registry
    topic (also used for the AsyncAPI); with ``metrics``, FastStream's Prometheus middleware
    records into it."""
    broker = KafkaBroker(
        settings.kafka_bootstrap_servers,
        logger=None,
        middlewares=broker_middlewares(metrics, SERVICE),
        security=faststream_security(settings.kafka_credentials),
    )
    subscribe_idempotent(
        broker,
        consumer,
        settings.topics.registry_events_of(settings.instance),
        group_id=settings.consumer_group,
        max_records=1000,
        description="Keeps the registry facts the eligibility engine needs (this instance's "
        "registry: a province's awards service judges its members by its own registry's facts).",
    )
    return broker


async def ensure_awards_topics(settings: AwardsSettings) -> None:
    """This instance's awards and registry topics, the dead letters, the ownership topic."""
    servers, kafka, topics = (
        settings.kafka_bootstrap_servers,
        settings.kafka_credentials,
        settings.topics,
    )
    own = [
        topics.awards_events_of(settings.instance),
        topics.registry_events_of(settings.instance),
        topics.dead_letter(settings.consumer_group),
    ]
    await ensure_topics(servers, own, single_partition=[topics.ownership_events], credentials=kafka)


async def bootstrap(settings: AwardsSettings) -> Awards:
    """Connect to the database and the broker (waiting for both), read the ownership topic to
    its end, start relay and consumer."""
    engine = create_engine(settings.resolved_database_url())
    await wait_for_database(engine, settings.startup_timeout_s)
    topics, kafka = settings.topics, settings.kafka_credentials
    await wait_for_kafka(
        settings.kafka_bootstrap_servers, settings.startup_timeout_s, credentials=kafka
    )
    await ensure_awards_topics(settings)
    await create_schema(engine)
    ownership = KafkaOwnershipSource(
        settings.kafka_bootstrap_servers, topics.ownership_events, credentials=kafka
    )
    await ownership.start(settings.startup_timeout_s)
    relay = RelayRunner(
        engine,
        settings.kafka_bootstrap_servers,
        RelayConfig(
            topic=topics.awards_events_of(settings.instance), relay_name=f"{SERVICE}-events"
        ),
        credentials=kafka,
    )
    store = SqlEventStore(engine, on_appended=relay.appended)
    # Commands for an agency this instance does not serve, and decisions and proposals dated
    # after their agency ceased, are refused (409).
    scope = InstanceScope(settings.instance, settings.agencies, ownership)
    commands = CommandRunner(engine, store, AwardsProjection(), LifetimeGuard(lifetimes), scope)
    await relay.start()
    consumer = build_consumer(settings, engine, relay.publisher, ownership)
    metrics = CollectorRegistry()
    broker = build_broker(settings, consumer, metrics)
    broker_start = BackgroundBrokerStart(broker)
    broker_start.start()
    probe = OffsetProbe(settings.kafka_bootstrap_servers, settings.kafka_credentials)
    return Awards(
        settings,
        engine,
        store,
        commands,
        relay,
        broker,
        consumer,
        ownership,
        metrics,
        broker_start,
        probe,
    )
