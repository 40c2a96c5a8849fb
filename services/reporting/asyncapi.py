"""The reporting service's AsyncAPI document: the topics it reads and its dead-letter topic.

The subscriber is the one the service runs (:func:`services.reporting.bootstrap.build_broker`);
building it connects nowhere. Its handler decodes the raw bytes itself (to dead-letter what
does not parse), so FastStream 0.7.8, whose subscribers take no message schema, documents its
payload as ``EmptyPayload``: the document's description points to the producers' documents.
The dead-letter topic is published by the consumer's own aiokafka producer, so it is declared
as a docs-only publisher.
"""

from __future__ import annotations

from typing import Any

from faststream.kafka import KafkaBroker

from services.reporting.bootstrap import build_broker, build_consumer
from services.reporting.screening import ReportingScreen
from services.reporting.settings import ReportingSettings
from shared.asyncapi import CONTRACTS_VERSION, asyncapi_document, dead_letter_description
from shared.database import create_engine
from shared.instances import FixedOwnership
from shared.outbox import KafkaEventPublisher

TITLE = "tdkt reporting consumers"
DESCRIPTION = """\
Báo cáo thống kê thi đua – khen thưởng: the topics the reporting service reads.

Consumer group `tdkt-reporting` (by default) reads `<prefix>.registry.events` and \
`<prefix>.awards.events` from the earliest offset and projects them into period statistics; \
with `TDKT_REPORTING_INSTANCES` also the topics of each province's own instance \
(`<prefix>.<instance>.registry.events`, `<prefix>.<instance>.awards.events`). An event counts \
only from the topic of the instance that owned its agency when it was recorded, by the \
ministry's assignments on `<prefix>.ownership.events` (read whole, with no consumer group, \
before anything is consumed); any other goes to the dead-letter topic with the reason. \
Its messages are the registry's and the awards service's events: their schemas, key and \
headers are in `registry.asyncapi.json` and `awards.asyncapi.json`. The handler reads the raw \
bytes and parses them itself (to dead-letter what does not parse), which is why the \
subscriber's payload shows here as `EmptyPayload`.

Offsets are committed only after a batch's database transaction committed; events are \
applied once each (deduplicated on `event_id`). Records that can never be applied go to the \
dead-letter topic `<prefix>.<consumer group>.dlq`.
"""


def reporting_asyncapi_broker(settings: ReportingSettings) -> KafkaBroker:
    """The service's broker (projection subscriber) plus its dead-letter topic, unconnected."""
    publisher = KafkaEventPublisher(settings.kafka_bootstrap_servers)  # never started
    engine = create_engine("postgresql+asyncpg://unused/unused")  # never connected
    screen = ReportingScreen(FixedOwnership(), settings.topics)  # never screens
    broker = build_broker(settings, build_consumer(settings, engine, publisher, screen))
    broker.publisher(
        settings.topics.dead_letter(settings.consumer_group),
        schema=bytes,
        title="ProjectionsDeadLetters",
        description=dead_letter_description(settings.consumer_group),
    )
    return broker


def reporting_asyncapi(settings: ReportingSettings) -> dict[str, Any]:
    """The reporting service's AsyncAPI 3.0 document as JSON data."""
    return asyncapi_document(
        reporting_asyncapi_broker(settings),
        title=TITLE,
        version=CONTRACTS_VERSION,
        description=DESCRIPTION,
    )
