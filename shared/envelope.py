"""The event envelope: the wire contract every event on every topic follows.

An event is an envelope (who, when, which stream, which version of the schema) around a
payload (what happened). The envelope is the same for every event type; the payload is
described by the event catalogue in :mod:`shared.events`. :func:`encode_event` is how an
event goes on the wire, whoever sends it; the relay has PostgreSQL render the same bytes as it
reads stored events (:mod:`shared.outbox.stored_record`, held equal to it by a test).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar, NamedTuple
from uuid import UUID

import orjson
from pydantic import BaseModel, ConfigDict, Field


def _consumers_ignore_unknown_fields(schema: dict[str, Any]) -> None:
    # Producers build payloads strictly, but additive changes keep the schema version:
    # the published schema must not tell integrators to reject fields added later.
    schema.pop("additionalProperties", None)


class EventPayload(BaseModel):
    """Base of every payload in the catalogue: what happened, without the envelope.

    Each concrete payload names its ``event_type`` and current ``schema_version``; the domain
    returns payloads and the application wraps them in envelopes.
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_extra=_consumers_ignore_unknown_fields
    )

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1


class NewEvent(BaseModel):
    """An event about to be appended: the store assigns its stream version and position."""

    model_config = ConfigDict(frozen=True)

    event_id: UUID
    event_type: str
    schema_version: int
    occurred_at: datetime
    payload: dict[str, Any]


class EnvelopeFields(BaseModel):
    """The envelope's fields but its type, schema version and payload: who, when, which stream.

    The one definition of those fields: :class:`EventEnvelope` adds the type, version and
    payload as plain data, the typed events of :mod:`shared.events` add them pinned and typed.
    """

    model_config = ConfigDict(frozen=True)

    event_id: UUID = Field(description="Globally unique id; consumers deduplicate on it.")
    agency: str = Field(min_length=1, description="Agency (tenant) the event belongs to.")
    stream_id: str = Field(min_length=1, description="Aggregate stream; the Kafka key.")
    stream_version: int = Field(ge=1, description="Position of the event in its stream.")
    occurred_at: datetime = Field(description="Business time (e.g. the decision date).")
    recorded_at: datetime = Field(description="When the producing service stored it.")
    actor: str = Field(description="Who caused it (user id or system component).")
    correlation_id: UUID = Field(description="Id shared by every event of one request.")
    causation_id: UUID | None = Field(default=None, description="Event that caused this one.")


class EventEnvelope(EnvelopeFields):
    """One event as it is stored and published (JSON on Kafka, key = ``stream_id``)."""

    event_type: str = Field(description="Name in the catalogue, e.g. CampaignLaunched.")
    schema_version: int = Field(ge=1, description="Version of the payload schema.")
    payload: dict[str, Any] = Field(description="The event's data, per its catalogue entry.")

    def wire(self) -> KafkaRecord:
        """The event as the relay publishes it (:func:`encode_event`)."""
        return encode_event(self.model_dump(exclude={"payload"}), self.payload)

    def to_json(self) -> bytes:
        """The Kafka value of :meth:`wire`: the envelope as JSON."""
        return self.wire().value


KAFKA_HEADERS = ("event_type", "schema_version", "agency", "event_id", "correlation_id")
"""The envelope fields every Kafka record repeats as headers, so routers need not parse it."""


class KafkaRecord(NamedTuple):
    """One event's Kafka record: key (stream id), value (JSON envelope), headers."""

    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


def encode_event(fields: Mapping[str, Any], payload: Any) -> KafkaRecord:
    """The Kafka record of one event: the wire encoder (the relay's read renders the same
    bytes in SQL, :mod:`shared.outbox.stored_record`).

    ``fields`` holds the envelope's fields but the payload: a stored row, or a
    ``model_dump()``. ``payload`` is JSON-ready data, or from the store an
    ``orjson.Fragment`` of its stored JSON, copied into the value as it is. Nothing is
    validated here. The value's members keep the contract's order; timestamps are RFC 3339.
    """
    event_id = str(fields["event_id"])
    correlation_id = str(fields["correlation_id"])
    causation_id = fields["causation_id"]
    envelope = {
        "event_id": event_id,
        "event_type": fields["event_type"],
        "schema_version": fields["schema_version"],
        "agency": fields["agency"],
        "stream_id": fields["stream_id"],
        "stream_version": fields["stream_version"],
        "occurred_at": fields["occurred_at"],
        "recorded_at": fields["recorded_at"],
        "actor": fields["actor"],
        "correlation_id": correlation_id,
        "causation_id": None if causation_id is None else str(causation_id),
        "payload": payload,
    }
    headers = [
        ("event_type", fields["event_type"].encode()),
        ("schema_version", str(fields["schema_version"]).encode()),
        ("agency", fields["agency"].encode()),
        ("event_id", event_id.encode()),
        ("correlation_id", correlation_id.encode()),
    ]
    return KafkaRecord(fields["stream_id"].encode(), orjson.dumps(envelope), headers)
