"""HTTP models of registrations (đăng ký thi đua): what integrators send and read.

The read views of registrations and coverage are the read model's own
(``services.registry.readmodel.registration_views``), re-exported here.
"""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.registry.readmodel.registration_views import (
    AwardCodeCount,
    CoverageShare,
    RegistrationCoverage,
    RegistrationPublic,
)
from shared.events.vocabulary import (
    AgencyCode,
    AwardCode,
    BusinessDate,
    EntityId,
    SubjectKind,
    Text,
    Year,
)

__all__ = [
    "AwardCodeCount",
    "AwardCodes",
    "BatchAccepted",
    "BatchItemAccepted",
    "CoverageShare",
    "ImportAccepted",
    "ImportRowAccepted",
    "RegistrationAccepted",
    "RegistrationApproval",
    "RegistrationCoverage",
    "RegistrationCreate",
    "RegistrationPublic",
    "RegistrationResubmission",
    "RegistrationReturn",
]

AwardCodes = list[AwardCode]


class RegistrationCreate(BaseModel):
    """A unit or member registering for the titles it strives for in a year."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="The registrant's agency; must be the caller's.")
    registrant_kind: SubjectKind = Field(
        description="unit (tập thể, collective titles) or member (cá nhân, individual titles)."
    )
    registrant_id: EntityId = Field(description="Id of the unit or member; must be the agency's.")
    year: Year = Field(description="Year the titles are registered for.")
    campaign_id: EntityId | None = Field(
        default=None,
        description="Campaign registered under (must exist, run that year and not be closed); "
        "none for the yearly titles.",
    )
    award_codes: AwardCodes = Field(
        min_length=1,
        max_length=20,
        description="Catalogue codes (e.g. LDTT, CSTDCS for a member; TTLDTT, TTLDXS for a "
        "unit), no repeats.",
    )
    submitted_on: BusinessDate | None = Field(
        default=None,
        description="Business date of the registration (the event's occurred_at); today if none.",
    )


class RegistrationAccepted(BaseModel):
    """The registration was recorded or changed: its id, new version and the events."""

    registration_id: str
    version: int = Field(description="Stream version; send it back as If-Match to update.")
    event_ids: list[UUID]


class RegistrationApproval(BaseModel):
    """Approval of a submitted registration (duyệt đăng ký)."""

    model_config = ConfigDict(extra="forbid")

    approved_on: BusinessDate | None = Field(
        default=None, description="Business date; today if none."
    )


class RegistrationReturn(BaseModel):
    """A submitted registration sent back to the registrant for correction (trả lại)."""

    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(description="Why it is returned, in Vietnamese.")
    returned_on: BusinessDate | None = Field(
        default=None, description="Business date; today if none."
    )


class RegistrationResubmission(BaseModel):
    """A returned registration sent again, with its (possibly changed) titles."""

    model_config = ConfigDict(extra="forbid")

    award_codes: AwardCodes = Field(
        min_length=1, max_length=20, description="Catalogue codes, no repeats."
    )
    submitted_on: BusinessDate | None = Field(
        default=None, description="Business date; today if none."
    )


class BatchItemAccepted(BaseModel):
    """One item of a batch and the registration it became."""

    index: int = Field(description="Position of the item in the request (from 0).")
    registration_id: str
    version: int


class BatchAccepted(BaseModel):
    """Every item of the batch was recorded, in one transaction."""

    registrations: list[BatchItemAccepted]


class ImportRowAccepted(BaseModel):
    """One row of the spreadsheet and the registration it became."""

    row: int = Field(description="Row number as the spreadsheet shows it (the header is row 1).")
    registration_id: str
    version: int


class ImportAccepted(BaseModel):
    """Every row of the file was recorded, in one transaction."""

    file_name: str | None
    registrations: list[ImportRowAccepted]
