"""What the registrations read model returns: a registration, and an agency's coverage.

The API serves these view models as they are (services.registry.api.registrations_schemas
re-exports them).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from shared.events.vocabulary import SubjectKind


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
