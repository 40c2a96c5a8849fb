"""Payloads the registry service publishes (topic ``<prefix>.registry.events``).

The models live in three modules by subject; this module gathers them.
"""

from __future__ import annotations

from shared.envelope import EventPayload
from shared.events.registry_campaigns import (
    CampaignClosed,
    CampaignLaunched,
    CampaignReviewed,
    RegistrationApproved,
    RegistrationReturned,
    RegistrationSubmitted,
    RegistrationSubmittedV1,
)
from shared.events.registry_directory import (
    AgencyRegistered,
    BlocFormed,
    MemberAdded,
    MemberErased,
    MemberMoved,
    PactSigned,
    UnitAdded,
    UnitRenamed,
)
from shared.events.registry_lineage import (
    AgencyCeased,
    AgencyContinued,
    AgencyMerged,
    MemberTransferred,
    UnitTransferred,
)
from shared.events.registry_ownership import AgencyOwnershipAssigned
from shared.events.registry_records import (
    DisciplineHoldLifted,
    DisciplineHoldPlaced,
    InitiativeRecognised,
    InitiativeRegistered,
    RatingRecorded,
    UnitRatingRecorded,
)

REGISTRY_PAYLOADS: tuple[type[EventPayload], ...] = (
    AgencyRegistered,
    AgencyContinued,
    AgencyMerged,
    AgencyCeased,
    AgencyOwnershipAssigned,
    UnitAdded,
    UnitRenamed,
    UnitTransferred,
    MemberAdded,
    MemberMoved,
    MemberTransferred,
    MemberErased,
    BlocFormed,
    PactSigned,
    CampaignLaunched,
    CampaignReviewed,
    CampaignClosed,
    RegistrationSubmitted,
    RegistrationApproved,
    RegistrationReturned,
    InitiativeRegistered,
    InitiativeRecognised,
    RatingRecorded,
    UnitRatingRecorded,
    DisciplineHoldPlaced,
    DisciplineHoldLifted,
)
"""Current version of every registry payload."""

REGISTRY_HISTORIC_PAYLOADS: tuple[type[EventPayload], ...] = (RegistrationSubmittedV1,)
"""Superseded versions, kept to document the shapes upcasters read."""

__all__ = [
    "REGISTRY_HISTORIC_PAYLOADS",
    "REGISTRY_PAYLOADS",
    "AgencyCeased",
    "AgencyContinued",
    "AgencyMerged",
    "AgencyOwnershipAssigned",
    "AgencyRegistered",
    "BlocFormed",
    "CampaignClosed",
    "CampaignLaunched",
    "CampaignReviewed",
    "DisciplineHoldLifted",
    "DisciplineHoldPlaced",
    "InitiativeRecognised",
    "InitiativeRegistered",
    "MemberAdded",
    "MemberErased",
    "MemberMoved",
    "MemberTransferred",
    "PactSigned",
    "RatingRecorded",
    "RegistrationApproved",
    "RegistrationReturned",
    "RegistrationSubmitted",
    "RegistrationSubmittedV1",
    "UnitAdded",
    "UnitRatingRecorded",
    "UnitRenamed",
    "UnitTransferred",
]
