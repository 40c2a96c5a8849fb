"""The event envelope: the wire contract every event on every topic follows.

An event is an envelope (who, when, which stream, which version of the schema) around a
payload (what happened). The envelope is the same for every event type; the payload is
described by the event catalogue in :mod:`shared.events`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
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


class EventEnvelope(BaseModel):
    """One event as it is stored and published (JSON on Kafka, key = ``stream_id``)."""

    model_config = ConfigDict(frozen=True)

    event_id: UUID = Field(description="Globally unique id; consumers deduplicate on it.")
    event_type: str = Field(description="Name in the catalogue, e.g. CampaignLaunched.")
    schema_version: int = Field(ge=1, description="Version of the payload schema.")
    agency: str = Field(min_length=1, description="Agency (tenant) the event belongs to.")
    stream_id: str = Field(min_length=1, description="Aggregate stream; the Kafka key.")
    stream_version: int = Field(ge=1, description="Position of the event in its stream.")
    occurred_at: datetime = Field(description="Business time (e.g. the decision date).")
    recorded_at: datetime = Field(description="When the producing service stored it.")
    actor: str = Field(description="Who caused it (user id or system component).")
    correlation_id: UUID = Field(description="Id shared by every event of one request.")
    causation_id: UUID | None = Field(default=None, description="Event that caused this one.")
    payload: dict[str, Any] = Field(description="The event's data, per its catalogue entry.")

    def to_json(self) -> bytes:
        return orjson.dumps(self.model_dump())

    def kafka_headers(self) -> list[tuple[str, bytes]]:
        """Headers repeated from the envelope so routers need not parse the body."""
        return [
            ("event_type", self.event_type.encode()),
            ("schema_version", str(self.schema_version).encode()),
            ("agency", self.agency.encode()),
            ("event_id", str(self.event_id).encode()),
            ("correlation_id", str(self.correlation_id).encode()),
        ]
