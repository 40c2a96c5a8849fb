"""HTTP models of registrations (đăng ký thi đua): what integrators send and read."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.events.vocabulary import AgencyCode, EntityId, SubjectKind, Text, Year

AwardCodes = list[str]


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
    submitted_on: date | None = Field(
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

    approved_on: date | None = Field(default=None, description="Business date; today if none.")


class RegistrationReturn(BaseModel):
    """A submitted registration sent back to the registrant for correction (trả lại)."""

    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(description="Why it is returned, in Vietnamese.")
    returned_on: date | None = Field(default=None, description="Business date; today if none.")


class RegistrationResubmission(BaseModel):
    """A returned registration sent again, with its (possibly changed) titles."""

    model_config = ConfigDict(extra="forbid")

    award_codes: AwardCodes = Field(
        min_length=1, max_length=20, description="Catalogue codes, no repeats."
    )
    submitted_on: date | None = Field(default=None, description="Business date; today if none.")


class RegistrationPublic(BaseModel):
    """A registration as the registry knows it now."""

    registration_id: str
    agency: str
    registrant_kind: SubjectKind
    registrant_id: str
    year: int
    campaign_id: str | None
    award_codes: list[str] = Field(description="Titles registered for, in catalogue order.")
    status: str = Field(description="submitted (chờ duyệt), approved (đã duyệt) or returned.")
    return_reason: str | None = Field(description="Why it was last returned, while returned.")
    submitted_on: date = Field(description="Business date of the latest submission.")
    decided_on: date | None = Field(description="Business date of the approval or return.")
    version: int = Field(description="Stream version; send it as If-Match to change it.")


class CoverageShare(BaseModel):
    """How many of an agency's units (or members) registered."""

    registered: int = Field(description="Distinct registrants with a submitted or approved one.")
    approved: int = Field(description="Distinct registrants with an approved registration.")
    total: int = Field(description="Units (or members) in the agency's directory now.")
    share_percent: float | None = Field(
        description="registered / total in percent, one decimal (half up); none if total is 0."
    )


class AwardCodeCount(BaseModel):
    """How many registrations name an award code."""

    award_code: str
    name_vi: str = Field(description="Vietnamese name of the title.")
    registrations: int = Field(description="Submitted or approved registrations naming it.")


class RegistrationCoverage(BaseModel):
    """Registration coverage of an agency for a year (KPI: aim for 100%, seed 003)."""

    agency: str
    year: int
    campaign_id: str | None = Field(description="The campaign counted; none for all of them.")
    units: CoverageShare
    members: CoverageShare
    award_codes: list[AwardCodeCount] = Field(description="By code, most registered first.")


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
