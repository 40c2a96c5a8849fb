"""Commands the awards service accepts about proposals (hồ sơ đề nghị khen thưởng)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from shared.events.awards import Nominee
from shared.events.vocabulary import CommendationKind, GrantingLevel


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
    submitted_on: date


class Ballot(BaseModel):
    """The council's count on one nominee's award; approval is computed by the domain."""

    model_config = ConfigDict(frozen=True)

    nominee_id: str
    award_code: str
    votes_for: int
    votes_against: int
    abstentions: int = 0


class ReviewProposal(BaseModel):
    """Record the vote of the council of the level the proposal is at."""

    model_config = ConfigDict(frozen=True)

    proposal_id: str
    reviewed_on: date
    ballots: tuple[Ballot, ...]


class ForwardProposal(BaseModel):
    """Send a reviewed proposal to a higher authority, which continues with it."""

    model_config = ConfigDict(frozen=True)

    proposal_id: str
    to_level: GrantingLevel
    forwarded_on: date


class ReturnProposal(BaseModel):
    """Return a proposal to its sender for completion, saying why."""

    model_config = ConfigDict(frozen=True)

    proposal_id: str
    reason: str
    returned_on: date
