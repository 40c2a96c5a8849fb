"""Base of the typed events: the envelope with a typed payload instead of a dict.

The envelope fields repeat those of :class:`shared.envelope.EventEnvelope` (a test keeps the two
in step); each subclass pins ``event_type`` and ``schema_version`` to literals and types
``payload``, which makes ``event_type`` a discriminator for the union of all events.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.envelope import EventEnvelope


class EventEnvelopeTyped(BaseModel):
    """One event as consumers receive it: the envelope around a validated payload."""

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

    def to_envelope(self) -> EventEnvelope:
        """The untyped envelope, payload as JSON-ready data (e.g. to republish it)."""
        return EventEnvelope.model_validate(self.model_dump(mode="json"))
