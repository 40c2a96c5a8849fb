"""HTTP models of proposals (hồ sơ đề nghị khen thưởng): what integrators send and read."""

from __future__ import annotations

from datetime import date
from typing import Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, model_validator

from shared.events.vocabulary import (
    AgencyCode,
    AwardCode,
    CommendationKind,
    EntityId,
    GrantingLevel,
    NomineeKind,
    Text,
    Year,
)


class NomineeIn(BaseModel):
    """One award proposed for one nominee, for one year or a period of years."""

    model_config = ConfigDict(extra="forbid")

    nominee_kind: NomineeKind = Field(
        description="member (cá nhân: individual awards), unit (tập thể: collective awards) or "
        "agency (the proposing agency itself, collective awards)."
    )
    nominee_id: EntityId = Field(
        description="Member or unit id as the registry knows it (not checked here: the awards "
        "service keeps only a view of registry facts), or the agency's code."
    )
    award_code: AwardCode = Field(
        description="Catalogue code (shared.reference.awards), e.g. CSTD_BO."
    )
    achievement_year: Year | None = Field(default=None, description="Year of the achievement.")
    period_from: Year | None = Field(default=None, description="First year of a period.")
    period_to: Year | None = Field(default=None, description="Last year of a period.")

    @model_validator(mode="after")
    def _one_year_or_a_period(self) -> Self:
        if self.achievement_year is not None:
            if self.period_from is not None or self.period_to is not None:
                raise ValueError("give either achievement_year or a period, not both")
        elif self.period_from is None or self.period_to is None:
            raise ValueError("give achievement_year, or both period_from and period_to")
        elif self.period_to < self.period_from:
            raise ValueError("period_to must not be before period_from")
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
    submitted_on: date | None = Field(
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
    votes_for: NonNegativeInt = Field(description="Ballots in favour (đồng ý).")
    votes_against: NonNegativeInt = Field(description="Ballots against (không đồng ý).")
    abstentions: NonNegativeInt = Field(default=0, description="Abstentions (không biểu quyết).")


class ProposalReviewCreate(BaseModel):
    """The vote of the council (Hội đồng thi đua – khen thưởng) of the proposal's level.

    Approval is computed, not sent: a nominee is approved when `votes_for` is more than half
    of all ballots (for + against + abstentions); a tie is not approved.
    """

    model_config = ConfigDict(extra="forbid")

    reviewed_on: date = Field(description="Date of the council meeting (business time).")
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
    forwarded_on: date | None = Field(default=None, description="Business date; today if none.")


class ProposalReturn(BaseModel):
    """A proposal sent back to its sender for completion (trả lại để hoàn thiện hồ sơ)."""

    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(description="What is missing, in Vietnamese.")
    returned_on: date | None = Field(default=None, description="Business date; today if none.")


class ProposalAccepted(BaseModel):
    """The proposal was recorded or changed: its id, new version and the events."""

    proposal_id: str
    version: int = Field(description="Stream version; send it back as If-Match to change it.")
    event_ids: list[UUID]


class NomineePublic(BaseModel):
    """A nominee of the latest submission and where it stands."""

    nominee_kind: NomineeKind
    nominee_id: str
    award_code: str
    award_name_vi: str = Field(description="Vietnamese name of the award.")
    achievement_year: int | None
    period_from: int | None
    period_to: int | None
    in_play: bool = Field(description="Still proposed at the current level.")
    approved: bool | None = Field(description="The current level's council vote; none before it.")


class VotePublic(BaseModel):
    """The council's count and result for one nominee's award."""

    nominee_id: str
    award_code: str
    votes_for: int
    votes_against: int
    abstentions: int
    approved: bool


class ReviewPublic(BaseModel):
    """One council review, at the level the proposal was at."""

    version: int = Field(description="Stream version of the review.")
    level: GrantingLevel
    reviewed_on: date
    votes: list[VotePublic]


class StepPublic(BaseModel):
    """One step of the proposal's way."""

    step: str = Field(
        description="submitted, reviewed, forwarded, returned, resubmitted or decided."
    )
    level: GrantingLevel = Field(description="Level the proposal was at after the step.")
    on: date = Field(description="Business date of the step.")
    version: int | None = Field(description="Stream version; none for the decision.")
    reason: str | None = Field(default=None, description="Why it was returned.")
    decision_id: str | None = Field(default=None, description="The decision that decided it.")


class ProposalListItem(BaseModel):
    """A proposal as the awards service knows it now."""

    proposal_id: str
    agency: str
    status: str = Field(
        description="submitted, reviewed (by the current level's council), forwarded (awaiting "
        "the higher level), returned (for completion) or decided."
    )
    level: GrantingLevel = Field(description="Level of the authority it is at now.")
    addressed_to: GrantingLevel = Field(description="Level the latest submission addressed.")
    commendation_kind: CommendationKind
    campaign_id: str | None
    submitted_on: date = Field(description="First submission (business date).")
    last_submitted_on: date = Field(description="Latest (re)submission.")
    return_reason: str | None = Field(description="Why it was last returned, while returned.")
    decided_on: date | None = Field(description="Signing date of the deciding decision.")
    decision_id: str | None
    decision_number: str | None
    nominee_count: int
    age_days: int = Field(
        description="Days from the first submission to the decision, or to today if undecided."
    )
    version: int = Field(description="Stream version; send it as If-Match to change it.")


class ProposalDetail(ProposalListItem):
    """A proposal with its nominees, council reviews and the history of its levels."""

    nominees: list[NomineePublic]
    reviews: list[ReviewPublic] = Field(description="Every council review, oldest first.")
    history: list[StepPublic] = Field(description="Every step, oldest first.")


class ProposalSummary(BaseModel):
    """An agency's proposals by current state (KPI: proposals pending and their age)."""

    agency: str
    year: int | None = Field(description="Year of first submission counted; none for all.")
    total: int
    submitted: int
    reviewed: int
    forwarded: int
    returned: int
    decided: int
    pending: int = Field(description="Awaiting an authority: submitted, reviewed or forwarded.")
    median_pending_age_days: float | None = Field(
        description="Median age in days of the pending ones; none if there are none."
    )
