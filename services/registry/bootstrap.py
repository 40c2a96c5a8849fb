"""The registry's composition root: builds every dependency from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry import migrations
from services.registry.readmodel.directory_tables import agency_lifetimes
from services.registry.readmodel.projection import RegistryProjection
from services.registry.settings import RegistrySettings
from shared.application.commands import CommandRunner
from shared.database import create_engine, wait_for_database
from shared.database.migrations import migrate
from shared.eventstore import SqlEventStore
from shared.kafka.topics import TopicNames, ensure_topics, wait_for_kafka
from shared.lifetimes import LifetimeGuard
from shared.outbox import RelayConfig
from shared.runtime.relay_runner import RelayRunner

SERVICE = "registry"


@dataclass
class Registry:
    """The running registry: commands, the store and the relay publishing what it records."""

    settings: RegistrySettings
    engine: AsyncEngine
    store: SqlEventStore
    commands: CommandRunner
    relay: RelayRunner
    topics: TopicNames

    async def stop(self) -> None:
        await self.relay.stop()
        await self.engine.dispose()


async def create_schema(engine: AsyncEngine) -> None:
    """Migrate the event store's and the read model's tables to the newest revision."""
    await migrate(engine, migrations.schema())


async def bootstrap(settings: RegistrySettings) -> Registry:
    """Connect to the database and the broker (waiting for both), then start the relay."""
    engine = create_engine(settings.resolved_database_url())
    await wait_for_database(engine, settings.startup_timeout_s)
    topics = TopicNames(prefix=settings.topic_prefix)
    kafka = settings.kafka_credentials
    await wait_for_kafka(
        settings.kafka_bootstrap_servers, settings.startup_timeout_s, credentials=kafka
    )
    await ensure_topics(
        settings.kafka_bootstrap_servers, [topics.registry_events], credentials=kafka
    )
    await create_schema(engine)
    relay = RelayRunner(
        engine,
        settings.kafka_bootstrap_servers,
        RelayConfig(topic=topics.registry_events, relay_name=f"{SERVICE}-events"),
        credentials=kafka,
    )
    store = SqlEventStore(engine, on_appended=relay.relay.wake)
    # Every command, single or batch, dated after its agency ceased is refused.
    commands = CommandRunner(engine, store, RegistryProjection(), LifetimeGuard(agency_lifetimes))
    await relay.start()
    return Registry(settings, engine, store, commands, relay, topics)
