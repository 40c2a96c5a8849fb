"""What the decisions read model returns: decisions with their awards and revocations, and a
recipient's award history (hồ sơ thành tích).

The API serves these view models as they are (services.awards.api.decisions_schemas re-exports
them).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from services.awards.domain.decisions import DecisionStatus
from shared.events.vocabulary import CommendationKind, GrantingLevel, RecipientKind


class AwardPublic(BaseModel):
    """One award as recorded; a revoked award says when and why."""

    award_id: str
    decision_id: str
    agency: str = Field(description="Agency that recorded it.")
    recipient_kind: RecipientKind
    recipient_id: str
    award_code: str
    award_name: str = Field(description="Vietnamese name of the award.")
    commendation_kind: CommendationKind
    granting_level: GrantingLevel
    year_from: int
    year_to: int
    signed_on: date
    revoked: bool
    revoked_on: date | None
    revocation_reason: str | None


class RevocationPublic(BaseModel):
    """One revocation event of a decision."""

    whole_decision: bool
    award_ids: list[str]
    reason: str
    revoked_on: date
    revoking_decision_number: str | None
    version: int


class DecisionSummary(BaseModel):
    """A decision as listed."""

    decision_id: str
    agency: str
    number: str
    signed_on: date
    issuing_authority: str
    authority_level: GrantingLevel
    commendation_kind: CommendationKind
    proposal_id: str | None
    imported: bool
    override_justification: str | None
    status: DecisionStatus
    award_count: int
    revoked_count: int
    version: int


class DecisionPublic(DecisionSummary):
    """A decision with its awards (in order) and its revocations."""

    awards: list[AwardPublic]
    revocations: list[RevocationPublic]


class AwardTotal(BaseModel):
    """How many times a recipient holds an award (revoked ones not counted)."""

    award_code: str
    award_name: str
    count: int
    years: list[int] = Field(description="Achievement (last) years, in order.")


class HistoryYear(BaseModel):
    """The awards of one achievement year (the last year of a period)."""

    year: int
    awards: list[AwardPublic]


class TransferPublic(BaseModel):
    """The recipient moved to another agency (a merger, or a civil servant's transfer)."""

    from_agency: str
    to_agency: str
    on: date = Field(description="First day in the agency it moved to.")


class RecipientHistory(BaseModel):
    """Hồ sơ thành tích: every award of a recipient by year; totals count standing awards."""

    agency: str
    recipient_kind: RecipientKind
    recipient_id: str
    agencies: list[str] = Field(
        description="Agencies whose records it covers: the agency, those it continues (a "
        "merger's predecessors) and those the recipient was transferred from."
    )
    transfers: list[TransferPublic] = Field(description="The recipient's transfers, oldest first.")
    standing: int = Field(description="Awards that count (not revoked).")
    revoked: int = Field(description="Revoked awards (shown, never counted).")
    totals: list[AwardTotal]
    years: list[HistoryYear]
