"""The proposal aggregate (hồ sơ đề nghị khen thưởng) and its council reviews.

submitted → reviewed (the council of the level it is at votes per nominee) → decided by that
level, or forwarded to a higher one (unit < ministry_province < prime_minister < president),
where it is reviewed again and decided or forwarded further. Before a decision an authority
may return it for completion; the sender resubmits it on the same stream.

Only the nominees the last council approved travel upward. "Decided" is not on the proposal's
stream (a DecisionIssued of a decision stream names it): the application hands it in as a
fact, with the date of the latest step (no step may be dated before it). A submission names
nominees and a campaign of its own agency (or those :mod:`.tenancy` lets it name): the
application hands in whose they are as a :class:`~.tenancy.Directory`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from services.awards.commands.proposals import (
    Ballot,
    ForwardProposal,
    ReturnProposal,
    ReviewProposal,
    SubmitProposal,
)
from services.awards.domain.eligibility import RULEBOOK
from services.awards.domain.enterprises import (
    ENTERPRISE_AWARDS_VI,
    TAX_CODE_VI,
    is_enterprise,
    misnamed_enterprise,
)
from services.awards.domain.tenancy import (
    NO_DIRECTORY,
    NOMINEE_OF_OTHER_AGENCY,
    Directory,
    ForeignReference,
    foreign_campaign,
    foreign_named,
    refuse_foreign,
)
from services.awards.domain.wording import KIND_VI, LEVEL_VI, RECIPIENT_VI
from shared.domain_errors import IllegalTransition, InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events.awards import (
    CouncilVote,
    Nominee,
    ProposalForwarded,
    ProposalReturned,
    ProposalReviewed,
    ProposalSubmitted,
)
from shared.events.vocabulary import CommendationKind, GrantingLevel, NomineeKind, RecipientKind
from shared.reference.awards import (
    UnknownAwardCode,
    get_award,
    is_collective,
    is_for_enterprise,
    is_individual,
)

LEVELS = (
    GrantingLevel.UNIT,
    GrantingLevel.MINISTRY_PROVINCE,
    GrantingLevel.PRIME_MINISTER,
    GrantingLevel.PRESIDENT,
)
"""Authority levels from lowest to highest: a proposal only moves up."""


def rank(level: GrantingLevel) -> int:
    return LEVELS.index(level)


class ProposalStatus(StrEnum):
    """Where a proposal is; the read model shows the same values."""

    NEW = "new"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    FORWARDED = "forwarded"
    RETURNED = "returned"
    DECIDED = "decided"


Statuses = frozenset[ProposalStatus]
_OPEN = frozenset({ProposalStatus.SUBMITTED, ProposalStatus.REVIEWED, ProposalStatus.FORWARDED})
_AWAITING_REVIEW = frozenset({ProposalStatus.SUBMITTED, ProposalStatus.FORWARDED})
_REVIEWED, _RETURNED = frozenset({ProposalStatus.REVIEWED}), frozenset({ProposalStatus.RETURNED})


class ProposalFacts(BaseModel):
    """What the application knows of the proposal beyond its stream (from the read model)."""

    model_config = ConfigDict(frozen=True)

    decided: bool = False
    last_step_on: date | None = None


class Proposal(BaseModel):
    """What the domain needs to know of a proposal to decide."""

    model_config = ConfigDict(frozen=True)

    status: ProposalStatus = ProposalStatus.NEW
    level: GrantingLevel | None = None
    in_play: tuple[Nominee, ...] = ()
    """Nominees still proposed at this level (after a forward: those approved below)."""
    approved: tuple[Nominee, ...] = ()
    """Nominees the council of this level approved (empty until it voted)."""


def evolve(state: Proposal, event: EventPayload) -> Proposal:
    if isinstance(event, ProposalSubmitted):
        nominees = tuple(event.nominees)
        return Proposal(status=ProposalStatus.SUBMITTED, level=event.addressed_to, in_play=nominees)
    if isinstance(event, ProposalReviewed):
        passed = {(v.nominee_id, v.award_code) for v in event.votes if v.approved}
        approved = tuple(n for n in state.in_play if (n.nominee_id, n.award_code) in passed)
        return state.model_copy(update={"status": ProposalStatus.REVIEWED, "approved": approved})
    if isinstance(event, ProposalForwarded):
        update = {"status": ProposalStatus.FORWARDED, "level": event.to_level}
        return state.model_copy(update=update | {"in_play": state.approved, "approved": ()})
    if isinstance(event, ProposalReturned):
        return state.model_copy(update={"status": ProposalStatus.RETURNED})
    return state


def fold(events: Iterable[EventPayload]) -> Proposal:
    state = Proposal()
    for event in events:
        state = evolve(state, event)
    return state


def council_approves(votes_for: int, votes_against: int, abstentions: int) -> bool:
    """A strict majority of the ballots cast, abstentions counted as cast: a tie fails.

    Some titles need a higher share of the council's members (e.g. 70 %) [verify: not found
    in the public pages searched on 2026-12-04]; the council records its count and this is the
    floor every approval must clear.
    """
    return 2 * votes_for > votes_for + votes_against + abstentions


def submission_refusals(command: SubmitProposal) -> list[InvalidCommand]:
    """Every rule the submission breaks (empty when it may be recorded), said in Vietnamese."""
    refusals: list[InvalidCommand] = []
    seen: set[tuple[str, str]] = set()
    for index, nominee in enumerate(command.nominees):
        key = (nominee.nominee_id, nominee.award_code)
        if key in seen:
            message = f"{key[1]} cho {key[0]} bị lặp lại trong hồ sơ"
            refusals.append(_refusal(message, f"nominees.{index}"))
        seen.add(key)
        refusals.extend(_nominee_refusals(index, nominee, command))
    return refusals


def _nominee_refusals(
    index: int, nominee: Nominee, command: SubmitProposal
) -> list[InvalidCommand]:
    at, code, kind = f"nominees.{index}", nominee.award_code, nominee.nominee_kind
    if misnamed_enterprise(kind, nominee.nominee_id):
        return [_refusal(TAX_CODE_VI, f"{at}.nominee_id")]
    refusals: list[InvalidCommand] = []
    try:
        award = get_award(code)
    except UnknownAwardCode:
        message = f"Không có danh hiệu, hình thức “{code}” trong danh mục"
        return [_refusal(message, f"{at}.award_code")]
    named = f"{award.name_vi} ({code})"
    if not _fits(kind, code):
        who = RECIPIENT_VI[RecipientKind(kind.value)]
        why = f": {ENTERPRISE_AWARDS_VI}" if is_enterprise(kind) else ""
        refusals.append(_refusal(f"{named} không tặng cho {who}{why}", f"{at}.award_code"))
    elif rank(award.granting_level) < rank(command.addressed_to):
        message = (
            f"{named} do cấp {LEVEL_VI[award.granting_level]} quyết định: cấp "
            f"{LEVEL_VI[command.addressed_to]} không quyết định và không chuyển xuống cấp dưới"
        )
        refusals.append(_refusal(message, "addressed_to"))
    if nominee.years[1] > command.submitted_on.year:
        field = "achievement_year" if nominee.achievement_year is not None else "period_to"
        message = f"Thành tích không thể kết thúc sau năm trình hồ sơ ({command.submitted_on.year})"
        refusals.append(_refusal(message, f"{at}.{field}"))
    limit = RULEBOOK.kind_limit(code, command.submitted_on)
    if limit is not None and command.commendation_kind not in limit.kinds:
        allowed = ", ".join(KIND_VI[k] for k in CommendationKind if k in limit.kinds)
        message = (
            f"{named} chỉ khen thưởng loại {allowed}, không khen loại "
            f"“{KIND_VI[command.commendation_kind]}” ({limit.legal_basis})"
        )
        refusals.append(_refusal(message, "commendation_kind"))
    return refusals


def _fits(kind: NomineeKind, code: str) -> bool:
    if kind is NomineeKind.MEMBER:
        return is_individual(code)
    return is_for_enterprise(code) if is_enterprise(kind) else is_collective(code)


def _refusal(message: str, field: str) -> InvalidCommand:
    return InvalidCommand(message, field=field)


def foreign_references(command: SubmitProposal, directory: Directory) -> list[ForeignReference]:
    """Every nominee of another agency (on the day of submission) the proposing agency may not
    propose at the level it addresses (an agency nominee is the agency itself, but for a
    ministry-level proposer), and the campaign, if it is neither the agency's, the ministry's
    nor one it answered."""
    named = (
        (f"nominees.{index}.nominee_id", nominee.nominee_kind, nominee.nominee_id)
        for index, nominee in enumerate(command.nominees)
    )
    writer, level = command.agency, command.addressed_to
    nominees = foreign_named(
        writer, level, named, directory, NOMINEE_OF_OTHER_AGENCY, command.submitted_on
    )
    return [*nominees, *foreign_campaign(writer, command.campaign_id, directory)]


def _submitted(command: SubmitProposal, directory: Directory) -> list[EventPayload]:
    refusals = submission_refusals(command)
    if refusals:
        raise refusals[0]
    refuse_foreign(foreign_references(command, directory))
    return [
        ProposalSubmitted(
            proposal_id=command.proposal_id,
            nominees=list(command.nominees),
            commendation_kind=command.commendation_kind,
            campaign_id=command.campaign_id,
            addressed_to=command.addressed_to,
        )
    ]


def decide_submit(
    state: Proposal, command: SubmitProposal, directory: Directory = NO_DIRECTORY
) -> list[EventPayload]:
    """Submit: ProposalSubmitted, or the first refusal (every foreign reference at once)."""
    if state.status is not ProposalStatus.NEW:
        raise IllegalTransition("proposal already submitted", current_state=state.status.value)
    return _submitted(command, directory)


def decide_resubmit(
    state: Proposal,
    command: SubmitProposal,
    facts: ProposalFacts,
    directory: Directory = NO_DIRECTORY,
) -> list[EventPayload]:
    """Send a returned proposal again, possibly with other nominees or another addressee."""
    _require(state, facts, _RETURNED, "only a returned proposal is resubmitted")
    _not_before(facts, command.submitted_on, "submitted_on")
    return _submitted(command, directory)


def decide_review(
    state: Proposal, command: ReviewProposal, facts: ProposalFacts
) -> list[EventPayload]:
    """The council of the current level votes once on every nominee still in play."""
    message = "the council reviews a proposal once per level, before it is decided or returned"
    _require(state, facts, _AWAITING_REVIEW, message)
    _not_before(facts, command.reviewed_on, "reviewed_on")
    votes = _votes(state.in_play, command.ballots)
    return [
        ProposalReviewed(
            proposal_id=command.proposal_id, reviewed_on=command.reviewed_on, votes=votes
        )
    ]


def _votes(in_play: Sequence[Nominee], ballots: Sequence[Ballot]) -> list[CouncilVote]:
    expected = [(n.nominee_id, n.award_code) for n in in_play]
    voted: dict[tuple[str, str], CouncilVote] = {}
    for index, ballot in enumerate(ballots):
        key = (ballot.nominee_id, ballot.award_code)
        refusal = _ballot_refusal(key, ballot, expected, voted)
        if refusal is not None:
            raise _refusal(refusal, f"votes.{index}")
        voted[key] = _vote(ballot)
    missing = [
        f"{code} for {nominee}" for nominee, code in expected if (nominee, code) not in voted
    ]
    if missing:
        raise _refusal(f"every nominee must be voted on; missing: {', '.join(missing)}", "votes")
    return list(voted.values())


def _ballot_refusal(
    key: tuple[str, str],
    ballot: Ballot,
    expected: Sequence[tuple[str, str]],
    voted: dict[tuple[str, str], CouncilVote],
) -> str | None:
    if key not in expected:
        return f"{key[1]} for {key[0]} is not proposed at this level"
    if key in voted:
        return f"{key[1]} for {key[0]} is voted on twice"
    if ballot.votes_for + ballot.votes_against + ballot.abstentions == 0:
        return "a vote needs at least one ballot"
    return None


def _vote(ballot: Ballot) -> CouncilVote:
    counts = (ballot.votes_for, ballot.votes_against, ballot.abstentions)
    return CouncilVote(
        nominee_id=ballot.nominee_id,
        award_code=ballot.award_code,
        votes_for=ballot.votes_for,
        votes_against=ballot.votes_against,
        abstentions=ballot.abstentions,
        approved=council_approves(*counts),
    )


def decide_forward(
    state: Proposal, command: ForwardProposal, facts: ProposalFacts
) -> list[EventPayload]:
    """Forward what the council approved to a higher authority that grants some of it."""
    _require(state, facts, _REVIEWED, "a proposal is forwarded after its review")
    if not state.approved:
        raise IllegalTransition(
            "the council approved no nominee: nothing to forward", **_current(state, facts)
        )
    assert state.level is not None
    if rank(command.to_level) <= rank(state.level):
        message = f"to_level must be above the current level ({state.level.value})"
        raise _refusal(message, "to_level")
    highest = max(rank(get_award(n.award_code).granting_level) for n in state.approved)
    if rank(command.to_level) > highest:
        message = f"no approved nominee's award is granted at {command.to_level.value} level"
        raise _refusal(message, "to_level")
    _not_before(facts, command.forwarded_on, "forwarded_on")
    return [ProposalForwarded(proposal_id=command.proposal_id, to_level=command.to_level)]


def decide_return(
    state: Proposal, command: ReturnProposal, facts: ProposalFacts
) -> list[EventPayload]:
    """Return an open proposal (at any level) to its sender for completion."""
    _require(state, facts, _OPEN, "only a proposal awaiting an authority is returned")
    if not command.reason.strip():
        raise _refusal("a returned proposal needs a reason", "reason")
    _not_before(facts, command.returned_on, "returned_on")
    return [ProposalReturned(proposal_id=command.proposal_id, reason=command.reason)]


def status_of(state: Proposal, facts: ProposalFacts) -> ProposalStatus:
    """The proposal's status, once a decision names it: decided."""
    return ProposalStatus.DECIDED if facts.decided else state.status


def _current(state: Proposal, facts: ProposalFacts) -> dict[str, str]:
    current = {"current_state": status_of(state, facts).value}
    return current if state.level is None else current | {"current_level": state.level.value}


def _require(state: Proposal, facts: ProposalFacts, allowed: Statuses, message: str) -> None:
    if state.status is ProposalStatus.NEW:
        raise NotFound("no such proposal")
    if status_of(state, facts) not in allowed:
        raise IllegalTransition(message, **_current(state, facts))


def _not_before(facts: ProposalFacts, day: date, field: str) -> None:
    if facts.last_step_on is not None and day < facts.last_step_on:
        message = f"{field} must not be before the proposal's latest step ({facts.last_step_on})"
        raise _refusal(message, field)
