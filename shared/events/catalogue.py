"""The event catalogue: every event type, its typed model, and the parse/build functions.

``AnyEvent`` is the union of the current version of every event, discriminated by
``event_type``; subscribers declare it (or one member) as their message body and AsyncAPI
documents it. ``parse_event`` is the one way in: decode, upcast, validate.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Union
from uuid import UUID, uuid4

import orjson
from pydantic import Field, TypeAdapter, ValidationError

from shared.envelope import EventEnvelope, EventPayload, NewEvent
from shared.events.catalogue_awards import (
    AwardGrantedEvent,
    AwardRevokedEvent,
    DecisionIssuedEvent,
    DecisionRevokedEvent,
    ProposalForwardedEvent,
    ProposalReturnedEvent,
    ProposalReviewedEvent,
    ProposalSubmittedEvent,
)
from shared.events.catalogue_registry import (
    AgencyCeasedEvent,
    AgencyContinuedEvent,
    AgencyMergedEvent,
    AgencyOwnershipAssignedEvent,
    AgencyRegisteredEvent,
    BlocFormedEvent,
    CampaignClosedEvent,
    CampaignLaunchedEvent,
    CampaignReviewedEvent,
    DisciplineHoldLiftedEvent,
    DisciplineHoldPlacedEvent,
    InitiativeRecognisedEvent,
    InitiativeRegisteredEvent,
    MemberAddedEvent,
    MemberErasedEvent,
    MemberMovedEvent,
    MemberTransferredEvent,
    PactSignedEvent,
    RatingRecordedEvent,
    RegistrationApprovedEvent,
    RegistrationReturnedEvent,
    RegistrationSubmittedEvent,
    UnitAddedEvent,
    UnitRatingRecordedEvent,
    UnitRenamedEvent,
    UnitTransferredEvent,
)
from shared.events.errors import InvalidEvent, UnknownEventType, UnsupportedSchemaVersion
from shared.events.payloads import PAYLOADS, TOPIC_OF
from shared.events.typed import EventEnvelopeTyped
from shared.events.upcasting import upcast

__all__ = [
    "EVENT_ADAPTER",
    "PAYLOADS",
    "TOPIC_OF",
    "AnyEvent",
    "EventEnvelopeTyped",
    "new_event",
    "parse_envelope",
    "parse_event",
    "topic_of",
]

AnyEvent = Annotated[
    Union[  # noqa: UP007 - a Union reads better than a 28-line chain of `|`
        AgencyRegisteredEvent,
        UnitAddedEvent,
        UnitRenamedEvent,
        MemberAddedEvent,
        MemberMovedEvent,
        MemberErasedEvent,
        BlocFormedEvent,
        PactSignedEvent,
        CampaignLaunchedEvent,
        CampaignReviewedEvent,
        CampaignClosedEvent,
        RegistrationSubmittedEvent,
        RegistrationApprovedEvent,
        RegistrationReturnedEvent,
        InitiativeRegisteredEvent,
        InitiativeRecognisedEvent,
        RatingRecordedEvent,
        UnitRatingRecordedEvent,
        AgencyContinuedEvent,
        AgencyMergedEvent,
        AgencyCeasedEvent,
        AgencyOwnershipAssignedEvent,
        UnitTransferredEvent,
        MemberTransferredEvent,
        DisciplineHoldPlacedEvent,
        DisciplineHoldLiftedEvent,
        ProposalSubmittedEvent,
        ProposalReviewedEvent,
        ProposalReturnedEvent,
        ProposalForwardedEvent,
        DecisionIssuedEvent,
        AwardGrantedEvent,
        AwardRevokedEvent,
        DecisionRevokedEvent,
    ],
    Field(discriminator="event_type"),
]
"""Any current event, told apart by ``event_type``."""

EVENT_ADAPTER: TypeAdapter[AnyEvent] = TypeAdapter(AnyEvent)
"""Validates (and documents, via ``json_schema()``) any current event."""


def parse_event(raw: bytes | str | Mapping[str, Any]) -> AnyEvent:
    """Decode a message, upcast it to the current version of its type, and validate it.

    Unknown payload fields are ignored (additive changes keep the version). Raises
    :class:`UnknownEventType`, :class:`UnsupportedSchemaVersion` or :class:`InvalidEvent`:
    the message can never be applied and belongs on the dead-letter topic.
    """
    if isinstance(raw, bytes | str):
        try:  # the common case, a current version: pydantic-core parses and validates at once
            return EVENT_ADAPTER.validate_json(raw, extra="ignore")
        except ValidationError:
            pass  # an older version to upcast, or an error the steps below name precisely
    current = upcast(_decode(raw))
    try:
        return EVENT_ADAPTER.validate_python(current, extra="ignore")
    except ValidationError as error:
        event_type = current.get("event_type")
        raise InvalidEvent(
            f"invalid {event_type} event: {_summary(error)}",
            event_type=str(event_type),
            schema_version=current.get("schema_version"),
        ) from error


def parse_envelope(envelope: EventEnvelope) -> AnyEvent:
    """The typed event of a stored or received :class:`EventEnvelope`."""
    return parse_event(envelope.model_dump(mode="json"))


def new_event(
    payload: EventPayload, *, occurred_at: datetime, event_id: UUID | None = None
) -> NewEvent:
    """Wrap a current payload for appending; ``occurred_at`` must be timezone-aware."""
    event_type = payload.event_type
    if PAYLOADS.get(event_type) is not type(payload):
        if event_type in PAYLOADS:
            raise UnsupportedSchemaVersion(
                f"{type(payload).__name__} is not the current version of {event_type}",
                event_type=event_type,
                schema_version=payload.schema_version,
            )
        raise UnknownEventType(f"{event_type!r} is not in the catalogue", event_type=event_type)
    if occurred_at.tzinfo is None or occurred_at.utcoffset() is None:
        raise ValueError("occurred_at must be timezone-aware")
    return NewEvent(
        event_id=event_id or uuid4(),
        event_type=event_type,
        schema_version=payload.schema_version,
        occurred_at=occurred_at,
        payload=payload.model_dump(mode="json"),
    )


def topic_of(event_type: str) -> str:
    """The service publishing ``event_type`` ("registry" or "awards")."""
    try:
        return TOPIC_OF[event_type]
    except KeyError:
        raise UnknownEventType(f"{event_type!r} is not in the catalogue") from None


def _decode(raw: bytes | str | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(raw, Mapping):
        return raw
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise InvalidEvent(f"the message is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise InvalidEvent(f"the message is a JSON {type(data).__name__}, not an object")
    return data


def _summary(error: ValidationError, limit: int = 5) -> str:
    parts = [
        f"{'.'.join(str(p) for p in e['loc']) or '<root>'}: {e['msg']}"
        for e in error.errors()[:limit]
    ]
    more = error.error_count() - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")
