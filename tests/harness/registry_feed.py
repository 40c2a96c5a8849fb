"""Registry events delivered to the awards service's local view as Kafka records, with the
headers the relay writes (the consumer refuses a record whose headers are missing)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from shared.consumer import IncomingRecord
from shared.envelope import EventEnvelope, EventPayload
from shared.events import new_event
from tests.harness.awards_api import AwardsApi

WHEN = datetime(2024, 1, 10, tzinfo=UTC)


def registry_envelope(
    payload: EventPayload, agency: str, occurred_at: datetime = WHEN, stream_id: str = ""
) -> EventEnvelope:
    """``payload`` as the registry of ``agency`` would publish it (a stream of its own)."""
    event = new_event(payload, occurred_at=occurred_at)
    return EventEnvelope(
        **event.model_dump(),
        agency=agency,
        stream_id=stream_id or f"s-{uuid.uuid4()}",
        stream_version=1,
        recorded_at=datetime.now(UTC),
        actor="registry",
        correlation_id=uuid.uuid4(),
    )


def incoming(envelopes: Iterable[EventEnvelope], topic: str = "registry") -> list[IncomingRecord]:
    """The envelopes as the records the consumer receives (key, value and headers)."""
    return [
        IncomingRecord(topic, 0, offset, wire.key, wire.value, tuple(wire.headers))
        for offset, wire in enumerate(envelope.wire() for envelope in envelopes)
    ]


def registry_topic(api: AwardsApi) -> str:
    """The registry topic the awards service reads (its instance's: the consumer refuses an
    event from any other topic)."""
    settings = api.awards.settings
    return settings.topics.registry_events_of(settings.instance)


async def feed(
    api: AwardsApi, agency: str, *payloads: EventPayload, occurred_at: datetime = WHEN
) -> None:
    """The registry's events of ``agency``, through the service's consumer."""
    envelopes = [registry_envelope(p, agency, occurred_at) for p in payloads]
    await api.awards.consumer.process(incoming(envelopes, registry_topic(api)))
