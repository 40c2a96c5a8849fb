"""Proposal aggregate: given events, when a command, then events or an error."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.awards.commands.proposals import (
    Ballot,
    ForwardProposal,
    ReturnProposal,
    ReviewProposal,
    SubmitProposal,
)
from services.awards.domain import proposals
from services.awards.domain.proposals import ProposalFacts, ProposalStatus, council_approves
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
from shared.events.vocabulary import CommendationKind, GrantingLevel

DAY = date(2020, 12, 10)
OPEN = ProposalFacts(last_step_on=DAY)
DECIDED = ProposalFacts(decided=True, last_step_on=DAY)
MP, PM, PRES = (
    GrantingLevel.MINISTRY_PROVINCE,
    GrantingLevel.PRIME_MINISTER,
    GrantingLevel.PRESIDENT,
)


def nominee(nominee_id: str = "hn-m1", award_code: str = "CSTD_BO", **changes: Any) -> Nominee:
    fields = {"nominee_kind": "member", "nominee_id": nominee_id, "award_code": award_code}
    return Nominee.model_validate(fields | {"achievement_year": 2020} | changes)


def submit(*nominees: Nominee, **changes: Any) -> SubmitProposal:
    fields: dict[str, Any] = {
        "proposal_id": "p-1",
        "agency": "01",
        "nominees": nominees or (nominee(),),
        "commendation_kind": "regular",
        "addressed_to": "ministry_province",
        "submitted_on": DAY,
    }
    return SubmitProposal.model_validate(fields | changes)


def ballot(nominee_id: str, award_code: str, yes: int = 7, no: int = 0, abstain: int = 0) -> Ballot:
    return Ballot(
        nominee_id=nominee_id,
        award_code=award_code,
        votes_for=yes,
        votes_against=no,
        abstentions=abstain,
    )


def review(*ballots: Ballot, on: date = DAY) -> ReviewProposal:
    return ReviewProposal(proposal_id="p-1", reviewed_on=on, ballots=ballots)


def forward(to: GrantingLevel, on: date = DAY) -> ForwardProposal:
    return ForwardProposal(proposal_id="p-1", to_level=to, forwarded_on=on)


def give_back(reason: str = "Thiếu báo cáo thành tích") -> ReturnProposal:
    return ReturnProposal(proposal_id="p-1", reason=reason, returned_on=DAY)


def refused_field(command: SubmitProposal) -> str:
    with pytest.raises(InvalidCommand) as refused:
        proposals.decide_submit(proposals.fold([]), command)
    return str(refused.value.details["field"])


def then(history: list[EventPayload], decided: list[EventPayload]) -> list[EventPayload]:
    return [*history, *decided]


TWO = (nominee("hn-m1", "BK_TTG"), nominee("hn-m2", "HCLD3"))


def submitted(*nominees: Nominee) -> list[EventPayload]:
    return proposals.decide_submit(proposals.fold([]), submit(*(nominees or TWO)))


def reviewed(history: list[EventPayload], *ballots: Ballot) -> list[EventPayload]:
    state = proposals.fold(history)
    return then(history, proposals.decide_review(state, review(*ballots), OPEN))


def forwarded(history: list[EventPayload], to: GrantingLevel) -> list[EventPayload]:
    return then(history, proposals.decide_forward(proposals.fold(history), forward(to), OPEN))


def test_an_agency_proposes_awards_to_an_authority() -> None:
    assert submitted(nominee()) == [
        ProposalSubmitted(
            proposal_id="p-1",
            nominees=[nominee()],
            commendation_kind=CommendationKind.REGULAR,
            addressed_to=MP,
        )
    ]
    assert proposals.fold(submitted()).status is ProposalStatus.SUBMITTED


def test_award_codes_must_be_known_and_fit_the_nominee() -> None:
    unit = nominee("hn-p1", "CSTD_BO", nominee_kind="unit")
    member = nominee("hn-m1", "TTLDXS")
    agency_flag = nominee("01", "CO_THI_DUA_BO", nominee_kind="agency")

    assert refused_field(submit(nominee(award_code="XYZ"))) == "nominees.0.award_code"
    assert refused_field(submit(nominee(), unit)) == "nominees.1.award_code"
    assert refused_field(submit(member)) == "nominees.0.award_code"
    assert proposals.submission_refusals(submit(agency_flag)) == []


def test_the_addressed_authority_must_grant_the_awards_or_forward_them_up() -> None:
    to_ministry = submit(nominee(award_code="BK_TTG"))
    to_president = submit(nominee(award_code="BK_TTG"), addressed_to="president")

    assert proposals.submission_refusals(to_ministry) == []
    assert refused_field(to_president) == "addressed_to"
    assert refused_field(submit(nominee(award_code="LDTT"))) == "addressed_to"


def test_an_agency_nominee_is_the_proposing_agency_itself() -> None:
    other = nominee("06", "CO_THI_DUA_BO", nominee_kind="agency")
    assert refused_field(submit(other)) == "nominees.0.nominee_id"


def test_a_nominee_and_award_appear_once_and_achievements_are_past() -> None:
    period = nominee(achievement_year=None, period_from=2016, period_to=2021)

    assert refused_field(submit(nominee(), nominee())) == "nominees.1"
    assert refused_field(submit(nominee(achievement_year=2021))) == "nominees.0.achievement_year"
    assert refused_field(submit(period)) == "nominees.0.period_to"


def test_a_proposal_is_submitted_once() -> None:
    with pytest.raises(IllegalTransition) as refused:
        proposals.decide_submit(proposals.fold(submitted()), submit())
    assert refused.value.details == {"current_state": "submitted"}


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "approved"),
    [(4, 3, 0, True), (4, 4, 0, False), (4, 2, 2, False), (5, 2, 2, True), (1, 0, 0, True)],
)
def test_approval_is_a_majority_of_all_ballots(
    yes: int, no: int, abstain: int, approved: bool
) -> None:
    assert council_approves(yes, no, abstain) is approved


def test_the_council_votes_on_every_nominee_and_approval_is_computed() -> None:
    events = reviewed(submitted(), ballot("hn-m1", "BK_TTG"), ballot("hn-m2", "HCLD3", 3, 4))

    assert events[-1] == ProposalReviewed(
        proposal_id="p-1",
        reviewed_on=DAY,
        votes=[
            CouncilVote(
                nominee_id="hn-m1",
                award_code="BK_TTG",
                votes_for=7,
                votes_against=0,
                approved=True,
            ),
            CouncilVote(
                nominee_id="hn-m2",
                award_code="HCLD3",
                votes_for=3,
                votes_against=4,
                approved=False,
            ),
        ],
    )
    assert proposals.fold(events).approved == (TWO[0],)


@pytest.mark.parametrize(
    ("ballots", "field"),
    [
        ((ballot("hn-m1", "BK_TTG"),), "votes"),
        ((ballot("hn-m1", "BK_TTG"), ballot("hn-m9", "HCLD3")), "votes.1"),
        ((ballot("hn-m1", "BK_TTG"), ballot("hn-m1", "BK_TTG")), "votes.1"),
        ((ballot("hn-m1", "BK_TTG", 0), ballot("hn-m2", "HCLD3")), "votes.0"),
    ],
)
def test_a_review_votes_once_on_each_nominee_with_ballots(
    ballots: tuple[Ballot, ...], field: str
) -> None:
    with pytest.raises(InvalidCommand) as refused:
        proposals.decide_review(proposals.fold(submitted()), review(*ballots), OPEN)
    assert refused.value.details["field"] == field


def test_a_council_reviews_once_per_level() -> None:
    events = reviewed(submitted(nominee()), ballot("hn-m1", "CSTD_BO"))
    again = review(ballot("hn-m1", "CSTD_BO"))

    with pytest.raises(IllegalTransition) as refused:
        proposals.decide_review(proposals.fold(events), again, OPEN)
    assert refused.value.details == {
        "current_state": "reviewed",
        "current_level": "ministry_province",
    }


def test_a_forward_chain_from_the_ministry_to_the_president() -> None:
    both = (ballot("hn-m1", "BK_TTG"), ballot("hn-m2", "HCLD3"))
    at_pm = forwarded(reviewed(submitted(), *both), PM)
    at_president = forwarded(reviewed(at_pm, ballot("hn-m1", "BK_TTG", 2, 5), both[1]), PRES)

    assert at_pm[-1] == ProposalForwarded(proposal_id="p-1", to_level=PM)
    assert proposals.fold(at_pm).in_play == TWO
    state = proposals.fold(at_president)
    assert (state.status, state.level, state.in_play) == ("forwarded", PRES, (TWO[1],))
    final = reviewed(at_president, both[1])
    assert proposals.fold(final).approved == (TWO[1],)


def test_only_approved_nominees_travel_up_and_are_voted_on_again() -> None:
    at_pm = forwarded(
        reviewed(submitted(), ballot("hn-m1", "BK_TTG"), ballot("hn-m2", "HCLD3", 0, 7)), PM
    )
    both = review(ballot("hn-m1", "BK_TTG"), ballot("hn-m2", "HCLD3"))

    with pytest.raises(InvalidCommand) as refused:
        proposals.decide_review(proposals.fold(at_pm), both, OPEN)
    assert refused.value.details["field"] == "votes.1"


@pytest.mark.parametrize("to", [GrantingLevel.UNIT, MP])
def test_a_forward_goes_strictly_up(to: GrantingLevel) -> None:
    events = reviewed(submitted(), ballot("hn-m1", "BK_TTG"), ballot("hn-m2", "HCLD3"))
    with pytest.raises(InvalidCommand) as refused:
        proposals.decide_forward(proposals.fold(events), forward(to), OPEN)
    assert refused.value.details["field"] == "to_level"


def test_a_forward_goes_no_higher_than_the_approved_awards_are_granted() -> None:
    events = reviewed(submitted(), ballot("hn-m1", "BK_TTG"), ballot("hn-m2", "HCLD3", 0, 7))
    with pytest.raises(InvalidCommand) as refused:
        proposals.decide_forward(proposals.fold(events), forward(PRES), OPEN)
    assert refused.value.details["field"] == "to_level"


def test_a_forward_needs_a_review_that_approved_someone() -> None:
    rejected = reviewed(submitted(nominee()), ballot("hn-m1", "CSTD_BO", 1, 6))

    with pytest.raises(IllegalTransition) as unreviewed:
        proposals.decide_forward(proposals.fold(submitted()), forward(PM), OPEN)
    with pytest.raises(IllegalTransition) as nobody:
        proposals.decide_forward(proposals.fold(rejected), forward(PM), OPEN)
    assert unreviewed.value.details["current_state"] == "submitted"
    assert nobody.value.details["current_state"] == "reviewed"


@pytest.mark.parametrize("stage", ["submitted", "reviewed", "forwarded"])
def test_an_open_proposal_is_returned_at_any_level(stage: str) -> None:
    at = {
        "submitted": submitted(),
        "reviewed": reviewed(submitted(), ballot("hn-m1", "BK_TTG"), ballot("hn-m2", "HCLD3")),
    }
    at["forwarded"] = forwarded(at["reviewed"], PM)
    events = proposals.decide_return(proposals.fold(at[stage]), give_back(), OPEN)
    assert events == [ProposalReturned(proposal_id="p-1", reason="Thiếu báo cáo thành tích")]


def test_a_returned_proposal_is_resubmitted_on_the_same_stream() -> None:
    returned = [*submitted(), ProposalReturned(proposal_id="p-1", reason="Thiếu hồ sơ")]
    completed = submit(nominee("hn-m1", "BK_TTG"))

    with pytest.raises(IllegalTransition) as twice:
        proposals.decide_return(proposals.fold(returned), give_back(), OPEN)
    events = proposals.decide_resubmit(proposals.fold(returned), completed, OPEN)
    state = proposals.fold([*returned, *events])
    assert twice.value.details["current_state"] == "returned"
    assert (state.status, state.in_play) == ("submitted", (nominee("hn-m1", "BK_TTG"),))


def test_only_a_returned_proposal_is_resubmitted_and_it_is_checked_again() -> None:
    returned = [*submitted(), ProposalReturned(proposal_id="p-1", reason="Thiếu hồ sơ")]

    with pytest.raises(IllegalTransition):
        proposals.decide_resubmit(proposals.fold(submitted()), submit(), OPEN)
    with pytest.raises(InvalidCommand) as refused:
        proposals.decide_resubmit(
            proposals.fold(returned), submit(nominee(award_code="LDTT")), OPEN
        )
    assert refused.value.details["field"] == "addressed_to"


def test_nothing_happens_to_a_decided_proposal() -> None:
    events = reviewed(submitted(), ballot("hn-m1", "BK_TTG"), ballot("hn-m2", "HCLD3"))
    state = proposals.fold(events)
    attempts = [
        lambda: proposals.decide_forward(state, forward(PM), DECIDED),
        lambda: proposals.decide_return(state, give_back(), DECIDED),
        lambda: proposals.decide_review(state, review(ballot("hn-m1", "BK_TTG")), DECIDED),
    ]
    for attempt in attempts:
        with pytest.raises(IllegalTransition) as refused:
            attempt()
        assert refused.value.details["current_state"] == "decided"


def test_no_step_is_dated_before_the_latest_one() -> None:
    early = review(ballot("hn-m1", "CSTD_BO"), on=date(2020, 12, 9))
    with pytest.raises(InvalidCommand) as refused:
        proposals.decide_review(proposals.fold(submitted(nominee())), early, OPEN)
    assert refused.value.details["field"] == "reviewed_on"


def test_a_transition_of_an_unknown_proposal_is_not_found() -> None:
    with pytest.raises(NotFound):
        proposals.decide_return(proposals.fold([]), give_back(), ProposalFacts())
