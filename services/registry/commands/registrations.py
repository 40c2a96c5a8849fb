"""Commands the registry accepts about registrations (đăng ký thi đua)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.events.vocabulary import BusinessDate, SubjectKind, Year


class SubmitRegistration(BaseModel):
    """A unit or member registers for titles of a year, optionally under a campaign."""

    model_config = ConfigDict(frozen=True)

    registration_id: str
    agency: str
    registrant_kind: SubjectKind
    registrant_id: str
    year: Year
    campaign_id: str | None = None
    award_codes: tuple[str, ...]
    submitted_on: BusinessDate


class ApproveRegistration(BaseModel):
    """The agency approves a submitted registration."""

    model_config = ConfigDict(frozen=True)

    registration_id: str
    approved_on: BusinessDate


class ReturnRegistration(BaseModel):
    """The agency returns a submitted registration for correction, saying why."""

    model_config = ConfigDict(frozen=True)

    registration_id: str
    reason: str
    returned_on: BusinessDate


class ResubmitRegistration(BaseModel):
    """The registrant sends a returned registration again, possibly with other titles."""

    model_config = ConfigDict(frozen=True)

    registration_id: str
    award_codes: tuple[str, ...]
    submitted_on: BusinessDate
