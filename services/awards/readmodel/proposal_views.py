"""What the proposals read model returns: proposals as listed, one proposal with its nominees,
council reviews and steps, and an agency's summary.

The API serves these view models as they are (services.awards.api.proposals_schemas re-exports
them).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from shared.events.vocabulary import CommendationKind, GrantingLevel, NomineeKind


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
