"""Building AsyncAPI 3.0 documents of the event topics with FastStream.

FastStream documents what a :class:`~faststream.kafka.KafkaBroker` declares: its subscribers
and its publishers. The registry and awards services publish through the outbox relay (raw
aiokafka), not through FastStream, so their documents come from a *docs-only* broker: it only
declares publishers with a message schema, and is never connected.

FastStream 0.7.8 documents neither Kafka keys nor headers, so the channel descriptions state
them (:func:`event_topic_description`).
"""

from __future__ import annotations

import json
import operator
from functools import reduce
from typing import Annotated, Any, get_args

from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI
from pydantic import BaseModel, Field

from shared.envelope import KAFKA_HEADERS
from shared.events import TOPIC_OF, AnyEvent, Service
from shared.settings import ServiceSettings

ASYNCAPI_VERSION = "3.0.0"
"""The AsyncAPI specification version of every document."""

CONTRACTS_VERSION = "0.1.0"
"""The documents' ``info.version``, the same as the services' OpenAPI documents."""

ENVELOPE_HEADERS = KAFKA_HEADERS
"""Kafka headers repeating envelope fields (:func:`shared.envelope.encode_event`)."""

DEAD_LETTER_HEADERS: dict[str, str] = {
    "dlq.reason": "why the record can never be applied (at most 2000 characters)",
    "dlq.error_type": "class name of the error",
    "dlq.consumer": "consumer group that gave up on the record",
    "dlq.source_topic": "topic the record was read from",
    "dlq.source_partition": "its partition (decimal)",
    "dlq.source_offset": "its offset (decimal)",
    "dlq.failed_at": "when it was dead-lettered (ISO 8601, UTC)",
}
"""Headers a dead letter adds to the original record (:mod:`shared.consumer.dead_letter`)."""


def docs_only_broker(settings: ServiceSettings) -> KafkaBroker:
    """A broker that is only ever documented: building it connects nowhere."""
    return KafkaBroker(settings.kafka_bootstrap_servers, logger=None)


def typed_events_of(service: Service) -> Any:
    """The discriminated union (on ``event_type``) of the typed events ``service`` publishes.

    Members keep the order of :data:`shared.events.AnyEvent`, so documents are stable.
    """
    members = [event for event in _event_classes() if TOPIC_OF[event_type_of(event)] == service]
    if not members:
        raise ValueError(f"no events are published by {service!r}")
    union = reduce(operator.or_, members)
    return Annotated[union, Field(discriminator="event_type")]


def event_type_of(event_class: type[BaseModel]) -> str:
    """The ``event_type`` a typed event class pins with its ``Literal``."""
    annotation = event_class.model_fields["event_type"].annotation
    (event_type,) = get_args(annotation)
    return str(event_type)


def _event_classes() -> list[type[BaseModel]]:
    union, *_metadata = get_args(AnyEvent)
    return list(get_args(union))


def event_topic_description(service: Service, summary: str) -> str:
    """A channel description stating the message format, key, headers and versioning."""
    headers = ", ".join(f"`{name}`" for name in ENVELOPE_HEADERS)
    return (
        f"{summary}\n\n"
        f"Every message is one event of the {service} service: a JSON envelope (UTF-8) whose "
        "`event_type` selects the payload schema. Key: the envelope's `stream_id` (UTF-8), so "
        "the events of one stream stay in order on one partition. Headers (UTF-8 strings) "
        f"repeat envelope fields so routers need not parse the body: {headers}. "
        "Consumers deduplicate on `event_id` (delivery is at least once) and ignore unknown "
        "payload fields (additive changes keep `schema_version`). A breaking change is a new "
        "`schema_version`; events stored earlier keep their version on the topic and "
        "consumers upcast them when read, so the schemas here are the current versions. "
        "Retention is unlimited."
    )


def dead_letter_description(consumer_group: str) -> str:
    """A dead-letter channel description listing the ``dlq.*`` headers."""
    headers = "; ".join(f"`{name}`: {meaning}" for name, meaning in DEAD_LETTER_HEADERS.items())
    return (
        f"Records consumer group `{consumer_group}` can never apply (not JSON, unknown event "
        "type or version, invalid payload, or a broken invariant). Each message is the "
        "original record as received: same key, same value bytes (usually an event envelope, "
        "see the producers' AsyncAPI documents, but not necessarily valid JSON) and the "
        f"original headers, plus: {headers}."
    )


def declare_event_topic(
    broker: KafkaBroker, topic: str, service: Service, *, title: str, summary: str
) -> None:
    """Declare (for the documents only) that ``service``'s events are published to ``topic``."""
    broker.publisher(
        topic,
        schema=typed_events_of(service),
        title=title,
        description=event_topic_description(service, summary),
    )


def asyncapi_document(
    broker: KafkaBroker, *, title: str, version: str, description: str
) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of ``broker`` as plain JSON data, the same on every run."""
    specification = AsyncAPI(
        broker,
        title=title,
        version=version,
        description=description,
        schema_version=ASYNCAPI_VERSION,
    ).to_specification()
    return normalised(specification.to_jsonable())


def normalised(document: Any) -> dict[str, Any]:
    """``document`` as plain JSON data with sorted keys (no ids or timestamps to strip).

    FastStream 0.7.8 writes no random ids or times into the document (``id`` is only set
    when an ``identifier`` is given), so a JSON round trip with sorted keys is enough.
    """
    data = json.loads(json.dumps(document, sort_keys=True, ensure_ascii=False))
    if not isinstance(data, dict):
        raise TypeError(f"an AsyncAPI document is a JSON object, not {type(data).__name__}")
    return data
