"""The registry's composition root: builds every dependency from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry import migrations
from services.registry.application.ownership import OWNERSHIP_STREAM_PREFIX
from services.registry.readmodel.directory_tables import agency_lifetimes
from services.registry.readmodel.projection import RegistryProjection
from services.registry.settings import RegistrySettings
from shared.application.commands import CommandRunner
from shared.database import create_engine, wait_for_database
from shared.database.migrations import migrate
from shared.eventstore import SqlEventStore
from shared.instances import NATIONAL, InstanceScope
from shared.instances.kafka_source import KafkaOwnershipSource
from shared.kafka.topics import TopicNames, ensure_topics, wait_for_kafka
from shared.lifetimes import LifetimeGuard
from shared.outbox import RelayConfig, StreamSelection
from shared.runtime.relay_runner import RelayRunner

SERVICE = "registry"


@dataclass
class Registry:
    """The running registry: commands, the store, the relays publishing what it records, and
    what this instance serves."""

    settings: RegistrySettings
    engine: AsyncEngine
    store: SqlEventStore
    commands: CommandRunner
    relay: RelayRunner
    topics: TopicNames
    scope: InstanceScope
    ownership: KafkaOwnershipSource
    #: The national registry's relay of the ministry's assignments to the ownership topic.
    ownership_relay: RelayRunner | None = None

    async def stop(self) -> None:
        if self.ownership_relay is not None:
            await self.ownership_relay.stop()
        await self.relay.stop()
        await self.ownership.stop()
        await self.engine.dispose()


async def create_schema(engine: AsyncEngine) -> None:
    """Migrate the event store's and the read model's tables to the newest revision."""
    await migrate(engine, migrations.schema())


def relays(
    settings: RegistrySettings, engine: AsyncEngine
) -> tuple[RelayRunner, RelayRunner | None]:
    """The relay of the registry's events to this instance's topic and, on the national
    instance, the relay of the ministry's assignments to the ownership topic."""

    def runner(config: RelayConfig) -> RelayRunner:
        servers, kafka = settings.kafka_bootstrap_servers, settings.kafka_credentials
        return RelayRunner(engine, servers, config, credentials=kafka)

    topic, name = settings.topics.registry_events_of(settings.instance), f"{SERVICE}-events"
    if settings.instance != NATIONAL:  # a province's registry never records an assignment
        return runner(RelayConfig(topic=topic, relay_name=name)), None
    assignments = StreamSelection(OWNERSHIP_STREAM_PREFIX, include=True)
    others = StreamSelection(OWNERSHIP_STREAM_PREFIX, include=False)
    return (
        runner(RelayConfig(topic=topic, relay_name=name, streams=others)),
        runner(
            RelayConfig(
                topic=settings.topics.ownership_events,
                relay_name=f"{SERVICE}-ownership",
                streams=assignments,
            )
        ),
    )


async def ensure_registry_topics(settings: RegistrySettings) -> None:
    """This instance's registry topic and the ownership topic (one partition: one order)."""
    servers, kafka, topics = (
        settings.kafka_bootstrap_servers,
        settings.kafka_credentials,
        settings.topics,
    )
    await ensure_topics(
        servers,
        [topics.registry_events_of(settings.instance)],
        single_partition=[topics.ownership_events],
        credentials=kafka,
    )


async def bootstrap(settings: RegistrySettings) -> Registry:
    """Connect to the database and the broker (waiting for both), read the ownership topic to
    its end, then start the relays."""
    engine = create_engine(settings.resolved_database_url())
    await wait_for_database(engine, settings.startup_timeout_s)
    topics, kafka = settings.topics, settings.kafka_credentials
    await wait_for_kafka(
        settings.kafka_bootstrap_servers, settings.startup_timeout_s, credentials=kafka
    )
    await ensure_registry_topics(settings)
    await create_schema(engine)
    ownership = KafkaOwnershipSource(
        settings.kafka_bootstrap_servers, topics.ownership_events, credentials=kafka
    )
    await ownership.start(settings.startup_timeout_s)
    scope = InstanceScope(settings.instance, settings.agencies, ownership)
    relay, ownership_relay = relays(settings, engine)

    def wake() -> None:
        relay.appended()
        if ownership_relay is not None:
            ownership_relay.appended()

    store = SqlEventStore(engine, on_appended=wake)
    # Every command, single or batch, for an agency this instance does not serve or dated
    # after its agency ceased is refused.
    commands = CommandRunner(
        engine, store, RegistryProjection(), LifetimeGuard(agency_lifetimes), scope
    )
    await relay.start()
    if ownership_relay is not None:
        await ownership_relay.start()
    return Registry(
        settings, engine, store, commands, relay, topics, scope, ownership, ownership_relay
    )
