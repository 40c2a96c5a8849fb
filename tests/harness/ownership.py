"""The ministry's assignments of agencies to instances, as the national registry records them."""

from __future__ import annotations

import uuid
from datetime import datetime

from shared.envelope import EventEnvelope
from shared.events import AgencyOwnershipAssigned, AgencyOwnershipAssignedEvent, new_event
from shared.events.catalogue import parse_envelope
from shared.instances import NATIONAL


def assignment_envelope(
    agency: str, instance: str, sequence: int, at: datetime, previous: str = NATIONAL
) -> EventEnvelope:
    """The national registry's record of one assignment (stream ``ownership-<agency>``,
    recorded at ``at``), as its relay publishes it to the ownership topic."""
    payload = AgencyOwnershipAssigned(
        agency_code=agency,
        instance=instance,
        previous_instance=previous,
        sequence=sequence,
        legal_basis="Quyết định số 12/QĐ-BCT",
    )
    event = new_event(payload, occurred_at=at)
    return EventEnvelope(
        **event.model_dump(),
        agency=agency,
        stream_id=f"ownership-{agency}",
        stream_version=sequence,
        recorded_at=at,
        actor="ministry-admin",
        correlation_id=uuid.uuid4(),
    )


def typed_assignment(envelope: EventEnvelope) -> AgencyOwnershipAssignedEvent:
    """The typed event of an :func:`assignment_envelope`."""
    event = parse_envelope(envelope)
    if not isinstance(event, AgencyOwnershipAssignedEvent):
        raise TypeError(f"{envelope.event_type} is no ownership assignment")
    return event
