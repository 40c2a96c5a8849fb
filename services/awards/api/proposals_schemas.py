"""HTTP models of proposals (hồ sơ đề nghị khen thưởng): what integrators send and read.

The read views of proposals are the read model's own
(``services.awards.readmodel.proposal_views``), re-exported here.
"""

from __future__ import annotations

from typing import Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from services.awards.domain.enterprises import named_by_tax_code
from services.awards.readmodel.proposal_views import (
    NomineePublic,
    ProposalDetail,
    ProposalListItem,
    ProposalSummary,
    ReviewPublic,
    StepPublic,
    VotePublic,
)
from shared.events.awards import one_year_or_a_period
from shared.events.vocabulary import (
    AgencyCode,
    AwardCode,
    BallotCount,
    BusinessDate,
    CommendationKind,
    EntityId,
    GrantingLevel,
    NomineeKind,
    Text,
    Year,
)

__all__ = [
    "NomineeIn",
    "NomineePublic",
    "ProposalAccepted",
    "ProposalContent",
    "ProposalCreate",
    "ProposalDetail",
    "ProposalForward",
    "ProposalListItem",
    "ProposalResubmission",
    "ProposalReturn",
    "ProposalReviewCreate",
    "ProposalSummary",
    "ReviewPublic",
    "StepPublic",
    "VoteIn",
    "VotePublic",
]


class NomineeIn(BaseModel):
    """One award proposed for one nominee, for one year or a period of years."""

    model_config = ConfigDict(extra="forbid")

    nominee_kind: NomineeKind = Field(
        description="member (cá nhân: individual awards), unit (tập thể: collective awards), "
        "agency (the proposing agency itself, collective awards) or enterprise (doanh nghiệp: "
        "the collective awards but TTLDTT and TTLDXS)."
    )
    nominee_id: EntityId = Field(
        description="Member or unit id as the registry knows it, or the agency's code: of the "
        "proposing agency (a ministry-level agency: of any agency, at ministry level or above). "
        "One the service has not heard of from the registry yet is accepted. An enterprise: "
        "its tax code (mã số thuế), 10 digits or 10 digits, '-' and 3 digits; it belongs to no "
        "agency, so any agency may propose it."
    )
    award_code: AwardCode = Field(
        description="Catalogue code (shared.reference.awards), e.g. CSTD_BO."
    )
    achievement_year: Year | None = Field(default=None, description="Year of the achievement.")
    period_from: Year | None = Field(default=None, description="First year of a period.")
    period_to: Year | None = Field(default=None, description="Last year of a period.")

    @field_validator("nominee_id")
    @classmethod
    def _enterprise_by_tax_code(cls, value: str, info: ValidationInfo) -> str:
        return named_by_tax_code(info.data.get("nominee_kind"), value)

    @model_validator(mode="after")
    def _one_year_or_a_period(self) -> Self:
        one_year_or_a_period(self.achievement_year, self.period_from, self.period_to)
        return self


class ProposalContent(BaseModel):
    """What a (re)submitted proposal asks for."""

    model_config = ConfigDict(extra="forbid")

    nominees: list[NomineeIn] = Field(
        min_length=1,
        max_length=1000,
        description="Awards proposed; each (nominee_id, award_code) at most once. An award must "
        "fit the nominee and be granted at `addressed_to` level or above (reached by forwarding).",
    )
    commendation_kind: CommendationKind = Field(description="Kind of commendation (Art 8).")
    campaign_id: EntityId | None = Field(
        default=None, description="Campaign of a thematic commendation, if any."
    )
    addressed_to: GrantingLevel = Field(
        description="Level of the authority asked to review and decide: unit, ministry_province, "
        "prime_minister or president."
    )
    submitted_on: BusinessDate | None = Field(
        default=None, description="Business date of the submission; today (Vietnam) if none."
    )


class ProposalCreate(ProposalContent):
    """A dossier an agency submits, proposing awards for nominees (hồ sơ đề nghị khen thưởng)."""

    agency: AgencyCode = Field(description="The proposing agency; must be the caller's.")


class ProposalResubmission(ProposalContent):
    """A returned proposal sent again, completed (same id, possibly other content)."""


class VoteIn(BaseModel):
    """The council's count for one nominee's award."""

    model_config = ConfigDict(extra="forbid")

    nominee_id: EntityId = Field(description="A nominee still proposed at this level.")
    award_code: AwardCode = Field(description="The award proposed for them.")
    votes_for: BallotCount = Field(description="Ballots in favour (đồng ý).")
    votes_against: BallotCount = Field(description="Ballots against (không đồng ý).")
    abstentions: BallotCount = Field(default=0, description="Abstentions (không biểu quyết).")


class ProposalReviewCreate(BaseModel):
    """The vote of the council (Hội đồng thi đua – khen thưởng) of the proposal's level.

    Approval is computed, not sent: a nominee is approved when `votes_for` is more than half
    of all ballots (for + against + abstentions); a tie is not approved.
    """

    model_config = ConfigDict(extra="forbid")

    reviewed_on: BusinessDate = Field(description="Date of the council meeting (business time).")
    votes: list[VoteIn] = Field(
        min_length=1, description="One vote per nominee and award still proposed, no more."
    )


class ProposalForward(BaseModel):
    """A reviewed proposal sent to a higher authority (trình cấp trên)."""

    model_config = ConfigDict(extra="forbid")

    to_level: GrantingLevel = Field(
        description="Strictly above the current level (unit < ministry_province < "
        "prime_minister < president) and no higher than the approved awards are granted."
    )
    forwarded_on: BusinessDate | None = Field(
        default=None, description="Business date; today if none."
    )


class ProposalReturn(BaseModel):
    """A proposal sent back to its sender for completion (trả lại để hoàn thiện hồ sơ)."""

    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(description="What is missing, in Vietnamese.")
    returned_on: BusinessDate | None = Field(
        default=None, description="Business date; today if none."
    )


class ProposalAccepted(BaseModel):
    """The proposal was recorded or changed: its id, new version and the events."""

    proposal_id: str
    version: int = Field(description="Stream version; send it back as If-Match to change it.")
    event_ids: list[UUID]
