"""Commands the awards service accepts about proposals (hồ sơ đề nghị khen thưởng)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.events.awards import Nominee
from shared.events.vocabulary import (
    BallotCount,
    BusinessDate,
    CommendationKind,
    GrantingLevel,
    Text,
)


class SubmitProposal(BaseModel):
    """An agency proposes awards for nominees to an authority; also used to resubmit a
    returned proposal (same id, new content)."""

    model_config = ConfigDict(frozen=True)

    proposal_id: str
    agency: str
    nominees: tuple[Nominee, ...]
    commendation_kind: CommendationKind
    campaign_id: str | None = None
    addressed_to: GrantingLevel
    submitted_on: BusinessDate


class Ballot(BaseModel):
    """The council's count on one nominee's award; approval is computed by the domain."""

    model_config = ConfigDict(frozen=True)

    nominee_id: str
    award_code: str
    votes_for: BallotCount
    votes_against: BallotCount
    abstentions: BallotCount = 0


class ReviewProposal(BaseModel):
    """Record the vote of the council of the level the proposal is at."""

    model_config = ConfigDict(frozen=True)

    proposal_id: str
    reviewed_on: BusinessDate
    ballots: tuple[Ballot, ...]


class ForwardProposal(BaseModel):
    """Send a reviewed proposal to a higher authority, which continues with it."""

    model_config = ConfigDict(frozen=True)

    proposal_id: str
    to_level: GrantingLevel
    forwarded_on: BusinessDate


class ReturnProposal(BaseModel):
    """Return a proposal to its sender for completion, saying why."""

    model_config = ConfigDict(frozen=True)

    proposal_id: str
    reason: Text
    returned_on: BusinessDate
