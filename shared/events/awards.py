"""Payloads the awards service publishes (topic ``<prefix>.awards.events``).

Proposals (hồ sơ đề nghị) move from submission through council review to a decision, or are
returned or forwarded upward. Decisions grant awards; revocations cancel them (Chapter VII).
Award codes are checked for format only: the catalogue may grow before every consumer knows it.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.envelope import EventPayload
from shared.events.vocabulary import (
    AwardCode,
    BallotCount,
    BusinessDate,
    CommendationKind,
    EntityId,
    GrantingLevel,
    Name,
    NomineeKind,
    RecipientKind,
    Text,
    UniqueIds,
    Year,
)

DecisionNumber = Annotated[
    Name, Field(min_length=1, max_length=100, description="Number, e.g. 1234/QĐ-BCT.")
]


def one_year_or_a_period(
    achievement_year: int | None, period_from: int | None, period_to: int | None
) -> tuple[int, int]:
    """An achievement as (first year, last year): one year, or a period of years in order.

    The one rule for every model with these three fields (a proposal's nominee, an award of a
    decision): a ``ValueError`` raised here becomes the model's validation error.
    """
    if achievement_year is not None:
        if period_from is not None or period_to is not None:
            raise ValueError("give either achievement_year or a period, not both")
        return achievement_year, achievement_year
    if period_from is None or period_to is None:
        raise ValueError("give achievement_year, or both period_from and period_to")
    if period_to < period_from:
        raise ValueError("period_to must not be before period_from")
    return period_from, period_to


class Nominee(BaseModel):
    """One award proposed for one nominee, for one year or a period of years."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nominee_kind: NomineeKind = Field(description="Unit, member, agency or enterprise.")
    nominee_id: EntityId = Field(description="Unit id, member id or agency code.")
    award_code: AwardCode = Field(description="Award proposed.")
    achievement_year: Year | None = Field(
        default=None, description="Year of the achievement (yearly titles)."
    )
    period_from: Year | None = Field(default=None, description="First year of a period.")
    period_to: Year | None = Field(default=None, description="Last year of a period.")

    @model_validator(mode="after")
    def _one_year_or_a_period(self) -> Self:
        one_year_or_a_period(self.achievement_year, self.period_from, self.period_to)
        return self

    @property
    def years(self) -> tuple[int, int]:
        """The achievement as (first year, last year)."""
        return one_year_or_a_period(self.achievement_year, self.period_from, self.period_to)


class CouncilVote(BaseModel):
    """The council's vote on one nominee's award."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nominee_id: EntityId = Field(description="The nominee voted on.")
    award_code: AwardCode = Field(description="The award voted on.")
    votes_for: BallotCount = Field(description="Votes in favour.")
    votes_against: BallotCount = Field(description="Votes against.")
    abstentions: BallotCount = Field(default=0, description="Abstentions.")
    approved: bool = Field(description="Whether the council approved it.")


def _no_repeats(keys: list[tuple[str, str]], what: str) -> None:
    if len(set(keys)) != len(keys):
        raise ValueError(f"each (nominee, award) pair may appear once in {what}")


class ProposalSubmitted(EventPayload):
    """A dossier proposing awards for nominees was submitted to an authority (Art 83)."""

    event_type: ClassVar[str] = "ProposalSubmitted"
    schema_version: ClassVar[int] = 1

    proposal_id: EntityId = Field(description="The proposal.")
    nominees: list[Nominee] = Field(min_length=1, description="Awards proposed, per nominee.")
    commendation_kind: CommendationKind = Field(description="Kind of commendation (Art 8).")
    campaign_id: EntityId | None = Field(
        default=None, description="Campaign of a thematic commendation."
    )
    addressed_to: GrantingLevel = Field(description="Level of the authority asked to decide.")

    @model_validator(mode="after")
    def _distinct_nominations(self) -> Self:
        _no_repeats([(n.nominee_id, n.award_code) for n in self.nominees], "nominees")
        return self


class ProposalReviewed(EventPayload):
    """The council (Hội đồng thi đua – khen thưởng) voted on a proposal's nominees."""

    event_type: ClassVar[str] = "ProposalReviewed"
    schema_version: ClassVar[int] = 1

    proposal_id: EntityId = Field(description="The proposal.")
    reviewed_on: BusinessDate = Field(description="Date of the council meeting.")
    votes: list[CouncilVote] = Field(min_length=1, description="Vote per nominee and award.")

    @model_validator(mode="after")
    def _distinct_votes(self) -> Self:
        _no_repeats([(v.nominee_id, v.award_code) for v in self.votes], "votes")
        return self


class ProposalReturned(EventPayload):
    """The authority returned a proposal to its sender."""

    event_type: ClassVar[str] = "ProposalReturned"
    schema_version: ClassVar[int] = 1

    proposal_id: EntityId = Field(description="The proposal.")
    reason: Text = Field(description="Why it was returned.")


class ProposalForwarded(EventPayload):
    """The proposal exceeds this authority's power and was forwarded upward."""

    event_type: ClassVar[str] = "ProposalForwarded"
    schema_version: ClassVar[int] = 1

    proposal_id: EntityId = Field(description="The proposal.")
    to_level: GrantingLevel = Field(description="Level it was forwarded to.")

    @model_validator(mode="after")
    def _upward(self) -> Self:
        if self.to_level is GrantingLevel.UNIT:
            raise ValueError("a proposal is forwarded above unit level")
        return self


class DecisionIssued(EventPayload):
    """A numbered, signed decision granting awards (its AwardGranted events follow).

    ``imported`` marks history entered from past years: fact, not a request, recorded even when
    it conflicts with today's rules. ``override_justification`` explains a decision taken
    against an eligibility warning.
    """

    event_type: ClassVar[str] = "DecisionIssued"
    schema_version: ClassVar[int] = 1

    decision_id: EntityId = Field(description="The decision.")
    number: DecisionNumber
    signed_on: BusinessDate = Field(description="Date signed; business time for statistics.")
    issuing_authority: Name = Field(description="Authority that signed, e.g. Bộ Công Thương.")
    authority_level: GrantingLevel = Field(description="Level of the issuing authority.")
    commendation_kind: CommendationKind = Field(description="Kind of commendation (Art 8).")
    proposal_id: EntityId | None = Field(default=None, description="Proposal decided, if any.")
    award_ids: UniqueIds = Field(description="Awards the decision grants.")
    override_justification: Text | None = Field(
        default=None, description="Why the decision overrides an eligibility warning."
    )
    imported: bool = Field(default=False, description="Entered from historical records.")


class AwardGranted(EventPayload):
    """One award granted to one recipient for one achievement, by a decision."""

    event_type: ClassVar[str] = "AwardGranted"
    schema_version: ClassVar[int] = 1

    award_id: EntityId = Field(description="The award.")
    decision_id: EntityId = Field(description="Decision that granted it.")
    recipient_kind: RecipientKind = Field(
        description="Unit, member, agency, household or enterprise (named by its tax code)."
    )
    recipient_id: EntityId = Field(description="The recipient.")
    award_code: AwardCode = Field(description="Award granted.")
    commendation_kind: CommendationKind = Field(description="Kind of commendation (Art 8).")
    granting_level: GrantingLevel = Field(description="Level of the granting authority.")
    achievement_year_from: Year = Field(description="First year of the achievement.")
    achievement_year_to: Year = Field(description="Last year (same as first for yearly titles).")
    decision_signed_on: BusinessDate = Field(description="Date the decision was signed.")

    @model_validator(mode="after")
    def _years_in_order(self) -> Self:
        if self.achievement_year_to < self.achievement_year_from:
            raise ValueError("achievement_year_to must not be before achievement_year_from")
        return self


class AwardRevoked(EventPayload):
    """An award was cancelled (Chapter VII): nothing may count it any more."""

    event_type: ClassVar[str] = "AwardRevoked"
    schema_version: ClassVar[int] = 1

    award_id: EntityId = Field(description="The award cancelled.")
    decision_id: EntityId = Field(description="Decision that had granted it.")
    reason: Text = Field(description="Ground for the revocation.")
    revoked_on: BusinessDate = Field(description="Date of the revocation.")
    revoking_decision_number: DecisionNumber | None = None


class DecisionRevoked(EventPayload):
    """A whole decision was cancelled: every award it granted stops counting."""

    event_type: ClassVar[str] = "DecisionRevoked"
    schema_version: ClassVar[int] = 1

    decision_id: EntityId = Field(description="The decision cancelled.")
    award_ids: UniqueIds = Field(description="Every award the decision had granted.")
    reason: Text = Field(description="Ground for the revocation.")
    revoked_on: BusinessDate = Field(description="Date of the revocation.")
    revoking_decision_number: DecisionNumber | None = None


AWARDS_PAYLOADS: tuple[type[EventPayload], ...] = (
    ProposalSubmitted,
    ProposalReviewed,
    ProposalReturned,
    ProposalForwarded,
    DecisionIssued,
    AwardGranted,
    AwardRevoked,
    DecisionRevoked,
)
"""Current version of every awards payload."""
