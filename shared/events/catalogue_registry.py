"""Typed events of the registry service: envelope + payload, one class per event type."""

from __future__ import annotations

from typing import Literal

from shared.events.registry import (
    AgencyCeased,
    AgencyContinued,
    AgencyMerged,
    AgencyOwnershipAssigned,
    AgencyRegistered,
    BlocFormed,
    CampaignClosed,
    CampaignLaunched,
    CampaignReviewed,
    DisciplineHoldLifted,
    DisciplineHoldPlaced,
    InitiativeRecognised,
    InitiativeRegistered,
    MemberAdded,
    MemberErased,
    MemberMoved,
    MemberTransferred,
    PactSigned,
    RatingRecorded,
    RegistrationApproved,
    RegistrationReturned,
    RegistrationSubmitted,
    UnitAdded,
    UnitRatingRecorded,
    UnitRenamed,
    UnitTransferred,
)
from shared.events.typed import EventEnvelopeTyped


class AgencyRegisteredEvent(EventEnvelopeTyped):
    """A :class:`AgencyRegistered` payload in its envelope (schema version 1)."""

    event_type: Literal["AgencyRegistered"]
    schema_version: Literal[1]
    payload: AgencyRegistered


class UnitAddedEvent(EventEnvelopeTyped):
    """A :class:`UnitAdded` payload in its envelope (schema version 1)."""

    event_type: Literal["UnitAdded"]
    schema_version: Literal[1]
    payload: UnitAdded


class UnitRenamedEvent(EventEnvelopeTyped):
    """A :class:`UnitRenamed` payload in its envelope (schema version 1)."""

    event_type: Literal["UnitRenamed"]
    schema_version: Literal[1]
    payload: UnitRenamed


class MemberAddedEvent(EventEnvelopeTyped):
    """A :class:`MemberAdded` payload in its envelope (schema version 1)."""

    event_type: Literal["MemberAdded"]
    schema_version: Literal[1]
    payload: MemberAdded


class MemberMovedEvent(EventEnvelopeTyped):
    """A :class:`MemberMoved` payload in its envelope (schema version 1)."""

    event_type: Literal["MemberMoved"]
    schema_version: Literal[1]
    payload: MemberMoved


class MemberErasedEvent(EventEnvelopeTyped):
    """A :class:`MemberErased` payload in its envelope (schema version 1)."""

    event_type: Literal["MemberErased"]
    schema_version: Literal[1]
    payload: MemberErased


class BlocFormedEvent(EventEnvelopeTyped):
    """A :class:`BlocFormed` payload in its envelope (schema version 1)."""

    event_type: Literal["BlocFormed"]
    schema_version: Literal[1]
    payload: BlocFormed


class PactSignedEvent(EventEnvelopeTyped):
    """A :class:`PactSigned` payload in its envelope (schema version 1)."""

    event_type: Literal["PactSigned"]
    schema_version: Literal[1]
    payload: PactSigned


class CampaignLaunchedEvent(EventEnvelopeTyped):
    """A :class:`CampaignLaunched` payload in its envelope (schema version 1)."""

    event_type: Literal["CampaignLaunched"]
    schema_version: Literal[1]
    payload: CampaignLaunched


class CampaignReviewedEvent(EventEnvelopeTyped):
    """A :class:`CampaignReviewed` payload in its envelope (schema version 1)."""

    event_type: Literal["CampaignReviewed"]
    schema_version: Literal[1]
    payload: CampaignReviewed


class CampaignClosedEvent(EventEnvelopeTyped):
    """A :class:`CampaignClosed` payload in its envelope (schema version 1)."""

    event_type: Literal["CampaignClosed"]
    schema_version: Literal[1]
    payload: CampaignClosed


class RegistrationSubmittedEvent(EventEnvelopeTyped):
    """A :class:`RegistrationSubmitted` payload in its envelope (schema version 2)."""

    event_type: Literal["RegistrationSubmitted"]
    schema_version: Literal[2]
    payload: RegistrationSubmitted


class RegistrationApprovedEvent(EventEnvelopeTyped):
    """A :class:`RegistrationApproved` payload in its envelope (schema version 1)."""

    event_type: Literal["RegistrationApproved"]
    schema_version: Literal[1]
    payload: RegistrationApproved


class RegistrationReturnedEvent(EventEnvelopeTyped):
    """A :class:`RegistrationReturned` payload in its envelope (schema version 1)."""

    event_type: Literal["RegistrationReturned"]
    schema_version: Literal[1]
    payload: RegistrationReturned


class InitiativeRegisteredEvent(EventEnvelopeTyped):
    """A :class:`InitiativeRegistered` payload in its envelope (schema version 1)."""

    event_type: Literal["InitiativeRegistered"]
    schema_version: Literal[1]
    payload: InitiativeRegistered


class InitiativeRecognisedEvent(EventEnvelopeTyped):
    """A :class:`InitiativeRecognised` payload in its envelope (schema version 1)."""

    event_type: Literal["InitiativeRecognised"]
    schema_version: Literal[1]
    payload: InitiativeRecognised


class RatingRecordedEvent(EventEnvelopeTyped):
    """A :class:`RatingRecorded` payload in its envelope (schema version 1)."""

    event_type: Literal["RatingRecorded"]
    schema_version: Literal[1]
    payload: RatingRecorded


class UnitRatingRecordedEvent(EventEnvelopeTyped):
    """A :class:`UnitRatingRecorded` payload in its envelope (schema version 1)."""

    event_type: Literal["UnitRatingRecorded"]
    schema_version: Literal[1]
    payload: UnitRatingRecorded


class DisciplineHoldPlacedEvent(EventEnvelopeTyped):
    """A :class:`DisciplineHoldPlaced` payload in its envelope (schema version 1)."""

    event_type: Literal["DisciplineHoldPlaced"]
    schema_version: Literal[1]
    payload: DisciplineHoldPlaced


class DisciplineHoldLiftedEvent(EventEnvelopeTyped):
    """A :class:`DisciplineHoldLifted` payload in its envelope (schema version 1)."""

    event_type: Literal["DisciplineHoldLifted"]
    schema_version: Literal[1]
    payload: DisciplineHoldLifted


class AgencyContinuedEvent(EventEnvelopeTyped):
    """A :class:`AgencyContinued` payload in its envelope (schema version 1)."""

    event_type: Literal["AgencyContinued"]
    schema_version: Literal[1]
    payload: AgencyContinued


class AgencyMergedEvent(EventEnvelopeTyped):
    """A :class:`AgencyMerged` payload in its envelope (schema version 1)."""

    event_type: Literal["AgencyMerged"]
    schema_version: Literal[1]
    payload: AgencyMerged


class AgencyCeasedEvent(EventEnvelopeTyped):
    """A :class:`AgencyCeased` payload in its envelope (schema version 1)."""

    event_type: Literal["AgencyCeased"]
    schema_version: Literal[1]
    payload: AgencyCeased


class UnitTransferredEvent(EventEnvelopeTyped):
    """A :class:`UnitTransferred` payload in its envelope (schema version 1)."""

    event_type: Literal["UnitTransferred"]
    schema_version: Literal[1]
    payload: UnitTransferred


class MemberTransferredEvent(EventEnvelopeTyped):
    """A :class:`MemberTransferred` payload in its envelope (schema version 1)."""

    event_type: Literal["MemberTransferred"]
    schema_version: Literal[1]
    payload: MemberTransferred


class AgencyOwnershipAssignedEvent(EventEnvelopeTyped):
    """A :class:`AgencyOwnershipAssigned` payload in its envelope (schema version 1)."""

    event_type: Literal["AgencyOwnershipAssigned"]
    schema_version: Literal[1]
    payload: AgencyOwnershipAssigned
