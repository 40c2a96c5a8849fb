"""The awards service's AsyncAPI document: the events it publishes to its topic.

The awards service has no app yet; its document already states the events it will publish
(through an outbox relay, like the registry), from a docs-only broker.
"""

from __future__ import annotations

from typing import Any

from faststream.kafka import KafkaBroker

from services.awards.settings import AwardsSettings
from shared.contracts.asyncapi import (
    CONTRACTS_VERSION,
    asyncapi_document,
    declare_event_topic,
    docs_only_broker,
)

TITLE = "tdkt awards events"
DESCRIPTION = """\
Khen thưởng: the events of the awards service (hồ sơ đề nghị khen thưởng, thẩm định, quyết định \
và thu hồi khen thưởng).

Every change the awards service records is an event on `<prefix>.awards.events` (default \
prefix `tdkt`), published by its outbox relay in the order it was stored, at least once.
"""


def awards_asyncapi_broker(settings: AwardsSettings) -> KafkaBroker:
    """A docs-only broker declaring the awards topic and its events (never connected)."""
    broker = docs_only_broker(settings)
    declare_event_topic(
        broker,
        settings.topics.awards_events,
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
