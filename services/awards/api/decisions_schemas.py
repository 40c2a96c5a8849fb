"""HTTP request and response models of decisions, awards, revocations, award histories and
history imports (kept apart from events and storage).

The read views of decisions and award histories are the read model's own
(``services.awards.readmodel.decision_views``), re-exported here.
"""

from __future__ import annotations

from typing import Literal, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from services.awards.domain.eligibility import VerdictStatus, ViolationKind
from services.awards.domain.enterprises import named_by_tax_code
from services.awards.readmodel.decision_views import (
    AwardPublic,
    AwardTotal,
    DecisionPublic,
    DecisionSummary,
    HistoryYear,
    RecipientHistory,
    RevocationPublic,
)
from shared.events.awards import DecisionNumber, one_year_or_a_period
from shared.events.vocabulary import (
    AgencyCode,
    AwardCode,
    BusinessDate,
    CommendationKind,
    EntityId,
    GrantingLevel,
    Name,
    RecipientKind,
    Text,
    Year,
)

__all__ = [
    "AwardAccepted",
    "AwardCreate",
    "AwardPublic",
    "AwardTotal",
    "DecisionAccepted",
    "DecisionCreate",
    "DecisionPublic",
    "DecisionSummary",
    "HistoryYear",
    "ImportReport",
    "ImportRow",
    "ReasonPublic",
    "RecipientHistory",
    "RevocationAccepted",
    "RevocationCreate",
    "RevocationPublic",
    "RowWarning",
    "ViolationPublic",
]


class AwardCreate(BaseModel):
    """One award of a decision: a recipient, an award code, a year or a period of years."""

    model_config = ConfigDict(extra="forbid")

    recipient_kind: RecipientKind = Field(
        description="member, unit, agency, household or enterprise (doanh nghiệp: a "
        "collective outside every directory; the collective awards but TTLDTT and TTLDXS)."
    )
    recipient_id: EntityId = Field(
        description="Member or unit id, agency code, or the agency's own code for a recipient "
        "the directory does not hold (history). Of the recording agency (a ministry-level "
        "agency: of any agency, at ministry level or above). An enterprise: its tax code "
        "(mã số thuế), 10 digits or, for a branch, 10 digits, '-' and 3 digits; any agency "
        "may commend it."
    )
    award_code: AwardCode = Field(description="Catalogue code, e.g. LDTT, CSTDCS, BK_BO.")
    achievement_year: Year | None = Field(default=None, description="Year of the achievement.")
    period_from: Year | None = Field(default=None, description="First year of a period.")
    period_to: Year | None = Field(default=None, description="Last year of a period.")

    @field_validator("recipient_id")
    @classmethod
    def _enterprise_by_tax_code(cls, value: str, info: ValidationInfo) -> str:
        return named_by_tax_code(info.data.get("recipient_kind"), value)

    @model_validator(mode="after")
    def _one_year_or_a_period(self) -> Self:
        one_year_or_a_period(self.achievement_year, self.period_from, self.period_to)
        return self

    @property
    def years(self) -> tuple[int, int]:
        """The achievement as (first year, last year)."""
        return one_year_or_a_period(self.achievement_year, self.period_from, self.period_to)


class DecisionCreate(BaseModel):
    """A signed decision (quyết định khen thưởng) to record, with the awards it grants."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="Recording agency; must be the caller's agency.")
    number: DecisionNumber
    signed_on: BusinessDate = Field(description="Signing date; business time of every award.")
    issuing_authority: Name = Field(
        description="Who signed, e.g. Bộ Công Thương, UBND thành phố Hà Nội, Thủ tướng Chính "
        "phủ, Giám đốc Sở Công Thương Hà Nội. With `number`, unique within the agency."
    )
    authority_level: GrantingLevel = Field(
        description="unit, ministry_province, prime_minister or president; it must have the "
        "power to grant every award code (Art 80–83)."
    )
    commendation_kind: CommendationKind = Field(
        default=CommendationKind.REGULAR, description="Kind of commendation (Art 8)."
    )
    proposal_id: EntityId | None = Field(
        default=None, description="Proposal decided: of this agency, reviewed, not yet decided."
    )
    awards: list[AwardCreate] = Field(min_length=1, max_length=2000)
    override_justification: Text | None = Field(
        default=None,
        description="Record the decision although the eligibility engine refuses awards; the "
        "justification is kept in DecisionIssued and the refusals come back as warnings.",
    )


class ReasonPublic(BaseModel):
    """One finding of the eligibility engine."""

    met: bool | None = Field(description="True met, False not met, None unknown.")
    reason_code: str = Field(description="Stable code, e.g. already_awarded, streak_broken.")
    reason_vi: str = Field(description="The reason in Vietnamese.")


class ViolationPublic(BaseModel):
    """An award of the decision that breaks a rule (or could not be verified)."""

    index: int = Field(description="Position of the award in `awards` (from 0).")
    recipient_kind: RecipientKind
    recipient_id: str
    award_code: str
    kind: ViolationKind = Field(
        description="already_awarded, held (discipline), not_eligible, or unverified (a "
        "needed fact is missing: always a warning, never a refusal)."
    )
    verdict: VerdictStatus
    rule: str | None = Field(description="Rule version applied, e.g. CSTDCS@2024-01-01.")
    reasons: list[ReasonPublic] = Field(description="The checks not met or unknown.")


class AwardAccepted(BaseModel):
    """The id given to one award of the request."""

    index: int
    award_id: str


class DecisionAccepted(BaseModel):
    """The decision was recorded: DecisionIssued then one AwardGranted per award."""

    decision_id: str
    version: int = Field(description="Stream version; send it as If-Match to revoke.")
    event_ids: list[UUID]
    awards: list[AwardAccepted]
    warnings: list[ViolationPublic] = Field(
        description="Unverified awards, and with an override the refusals it overrode."
    )


class RevocationCreate(BaseModel):
    """A revocation (hủy bỏ, Chapter VII): some awards of the decision, or all of it."""

    model_config = ConfigDict(extra="forbid")

    award_ids: list[EntityId] | None = Field(
        default=None, min_length=1, description="Awards to revoke (AwardRevoked each)."
    )
    all: bool = Field(default=False, description="Revoke the whole decision (DecisionRevoked).")
    reason: Text = Field(description="Ground: fraud, false papers, unlawful review, …")
    revoked_on: BusinessDate = Field(description="Date of the revocation; not before the signing.")
    revoking_decision_number: DecisionNumber | None = None

    @model_validator(mode="after")
    def _awards_or_all(self) -> Self:
        if self.all == (self.award_ids is not None):
            raise ValueError("give award_ids, or all=true, not both")
        return self


class RevocationAccepted(BaseModel):
    """The revocation was recorded."""

    decision_id: str
    version: int
    event_ids: list[UUID]


class RowWarning(BaseModel):
    """A rule conflict or a remark on an imported row: recorded anyway."""

    code: str = Field(description="e.g. already_awarded, not_eligible, recipient_unknown.")
    message: str = Field(description="In Vietnamese.")


class ImportRow(BaseModel):
    """What became of one data row."""

    row: int = Field(description="Row number as the spreadsheet shows it (header = 1).")
    status: Literal["recorded", "already_recorded"]
    decision_id: str
    award_id: str
    warnings: list[RowWarning]


class ImportReport(BaseModel):
    """The import's report: every row, recorded now or found already recorded."""

    file_name: str | None
    decisions_recorded: int
    decisions_already_recorded: int
    awards_recorded: int
    rows: list[ImportRow]
