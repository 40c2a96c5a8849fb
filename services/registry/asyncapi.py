"""The registry's AsyncAPI document: the events it publishes to its topic.

The registry publishes through the outbox relay (raw aiokafka), so the document comes from a
docs-only broker that declares the topic as a publisher of the registry's typed events.
"""

from __future__ import annotations

from typing import Any

from faststream.kafka import KafkaBroker

from services.registry.settings import RegistrySettings
from shared.asyncapi import (
    CONTRACTS_VERSION,
    asyncapi_document,
    declare_event_topic,
    docs_only_broker,
    event_topic_description,
)
from shared.events import AgencyOwnershipAssignedEvent

TITLE = "tdkt registry events"
DESCRIPTION = """\
Sổ đăng ký thi đua: the events of the registry service (đơn vị, cá nhân, khối thi đua, \
phong trào, đăng ký, sáng kiến, xếp loại).

Every change the registry records is an event on `<prefix>.registry.events` (default prefix \
`tdkt`), published by its outbox relay in the order it was stored, at least once.
"""

OWNERSHIP_SUMMARY = """\
The ministry's assignments of agencies to the instances that serve them \
(**AgencyOwnershipAssigned**), published only by the national registry, on one partition \
(`<prefix>.ownership.events`). Every instance and the reporting service read it whole before \
trusting an event: an event counts only if its topic's instance served its agency when it was \
recorded. A province's instance publishes its registry's events to \
`<prefix>.<instance>.registry.events`.
"""


def registry_asyncapi_broker(settings: RegistrySettings) -> KafkaBroker:
    """A docs-only broker declaring the registry topic and its events (never connected)."""
    broker = docs_only_broker(settings)
    declare_event_topic(
        broker,
        settings.topics.registry_events_of(settings.instance),
        "registry",
        title="RegistryEvents",
        summary="The registry service's events: one topic shared by all agencies (see `agency`).",
    )
    broker.publisher(
        settings.topics.ownership_events,
        schema=AgencyOwnershipAssignedEvent,
        title="OwnershipAssignments",
        description=event_topic_description("registry", OWNERSHIP_SUMMARY),
    )
    return broker


def registry_asyncapi(settings: RegistrySettings) -> dict[str, Any]:
    """The registry's AsyncAPI 3.0 document as JSON data."""
    return asyncapi_document(
        registry_asyncapi_broker(settings),
        title=TITLE,
        version=CONTRACTS_VERSION,
        description=DESCRIPTION,
    )
