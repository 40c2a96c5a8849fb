"""Typed events of the awards service: envelope + payload, one class per event type."""

from __future__ import annotations

from typing import Literal

from shared.events.awards import (
    AwardGranted,
    AwardRevoked,
    DecisionIssued,
    DecisionRevoked,
    ProposalForwarded,
    ProposalReturned,
    ProposalReviewed,
    ProposalSubmitted,
)
from shared.events.typed import EventEnvelopeTyped


class ProposalSubmittedEvent(EventEnvelopeTyped):
    """A :class:`ProposalSubmitted` payload in its envelope (schema version 1)."""

    event_type: Literal["ProposalSubmitted"]
    schema_version: Literal[1]
    payload: ProposalSubmitted


class ProposalReviewedEvent(EventEnvelopeTyped):
    """A :class:`ProposalReviewed` payload in its envelope (schema version 1)."""

    event_type: Literal["ProposalReviewed"]
    schema_version: Literal[1]
    payload: ProposalReviewed


class ProposalReturnedEvent(EventEnvelopeTyped):
    """A :class:`ProposalReturned` payload in its envelope (schema version 1)."""

    event_type: Literal["ProposalReturned"]
    schema_version: Literal[1]
    payload: ProposalReturned


class ProposalForwardedEvent(EventEnvelopeTyped):
    """A :class:`ProposalForwarded` payload in its envelope (schema version 1)."""

    event_type: Literal["ProposalForwarded"]
    schema_version: Literal[1]
    payload: ProposalForwarded


class DecisionIssuedEvent(EventEnvelopeTyped):
    """A :class:`DecisionIssued` payload in its envelope (schema version 1)."""

    event_type: Literal["DecisionIssued"]
    schema_version: Literal[1]
    payload: DecisionIssued


class AwardGrantedEvent(EventEnvelopeTyped):
    """A :class:`AwardGranted` payload in its envelope (schema version 1)."""

    event_type: Literal["AwardGranted"]
    schema_version: Literal[1]
    payload: AwardGranted


class AwardRevokedEvent(EventEnvelopeTyped):
    """A :class:`AwardRevoked` payload in its envelope (schema version 1)."""

    event_type: Literal["AwardRevoked"]
    schema_version: Literal[1]
    payload: AwardRevoked


class DecisionRevokedEvent(EventEnvelopeTyped):
    """A :class:`DecisionRevoked` payload in its envelope (schema version 1)."""

    event_type: Literal["DecisionRevoked"]
    schema_version: Literal[1]
    payload: DecisionRevoked
