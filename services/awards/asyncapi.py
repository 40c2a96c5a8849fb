"""The awards service's AsyncAPI document: the events it publishes to its topic (through its
outbox relay), the registry topic it consumes for its local view, and its dead-letter topic.
"""

from __future__ import annotations

from typing import Any

from faststream.kafka import KafkaBroker

from services.awards.bootstrap import build_broker, build_consumer
from services.awards.settings import AwardsSettings
from shared.asyncapi import (
    CONTRACTS_VERSION,
    asyncapi_document,
    dead_letter_description,
    declare_event_topic,
)
from shared.database import create_engine
from shared.instances import FixedOwnership
from shared.outbox import KafkaEventPublisher

TITLE = "tdkt awards events"
DESCRIPTION = """\
Khen thưởng: the events of the awards service (hồ sơ đề nghị khen thưởng, thẩm định, quyết định \
và thu hồi khen thưởng).

Every change the awards service records is an event on `<prefix>.awards.events` (default \
prefix `tdkt`), published by its outbox relay in the order it was stored, at least once.
"""


def awards_asyncapi_broker(settings: AwardsSettings) -> KafkaBroker:
    """The service's broker (registry-facts subscriber), its topic and dead letters, unconnected."""
    publisher = KafkaEventPublisher(settings.kafka_bootstrap_servers)  # never started
    engine = create_engine("postgresql+asyncpg://unused/unused")  # never connected
    consumer = build_consumer(settings, engine, publisher, FixedOwnership())
    broker = build_broker(settings, consumer)
    broker.publisher(
        settings.topics.dead_letter(settings.consumer_group),
        schema=bytes,
        title="RegistryFactsDeadLetters",
        description=dead_letter_description(settings.consumer_group),
    )
    declare_event_topic(
        broker,
        settings.topics.awards_events_of(settings.instance),
        "awards",
        title="AwardsEvents",
        summary="The awards service's events: one topic shared by all agencies (see `agency`).",
    )
    return broker


def awards_asyncapi(settings: AwardsSettings) -> dict[str, Any]:
    """The awards service's AsyncAPI 3.0 document as JSON data."""
    return asyncapi_document(
        awards_asyncapi_broker(settings),
        title=TITLE,
        version=CONTRACTS_VERSION,
        description=DESCRIPTION,
    )
