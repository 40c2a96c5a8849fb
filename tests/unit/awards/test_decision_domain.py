"""The decision aggregate: given events, when a command, then events or a refusal."""

from __future__ import annotations

from datetime import date

import pytest

from services.awards.commands.decisions import AwardLine, IssueDecision, RevokeAwards
from services.awards.domain import decisions
from services.awards.domain.decisions import (
    DecisionNumberTaken,
    DecisionRefused,
    DecisionStatus,
    InvalidDecision,
    IssueFacts,
    ProposalFacts,
    number_key,
)
from services.awards.domain.eligibility import (
    Check,
    ProposedAward,
    Verdict,
    VerdictStatus,
    Violation,
    ViolationKind,
)
from shared.domain_errors import IllegalTransition, NotFound
from shared.envelope import EventPayload
from shared.events import AwardGranted, AwardRevoked, DecisionIssued, DecisionRevoked
from shared.events.vocabulary import CommendationKind, GrantingLevel, RecipientKind

MEMBER, UNIT = RecipientKind.MEMBER, RecipientKind.UNIT
SIGNED = date(2020, 1, 15)


def line(code: str = "LDTT", who: str = "m-lan", kind: RecipientKind = MEMBER) -> AwardLine:
    return AwardLine(
        award_id=f"a-{who}-{code}",
        recipient_kind=kind,
        recipient_id=who,
        award_code=code,
        year_from=2019,
        year_to=2019,
    )


def issue(*lines: AwardLine, **changes: object) -> IssueDecision:
    values: dict[str, object] = {
        "decision_id": "d-1",
        "agency": "01",
        "number": "15/QĐ-SCT",
        "signed_on": SIGNED,
        "issuing_authority": "Giám đốc Sở Công Thương Hà Nội",
        "authority_level": GrantingLevel.UNIT,
        "commendation_kind": CommendationKind.REGULAR,
        "awards": lines or (line(),),
    }
    return IssueDecision.model_validate({**values, **changes})


def violation(kind: ViolationKind, code: str = "LDTT") -> Violation:
    reason = Check(False, "Xếp loại năm 2019 là Không hoàn thành nhiệm vụ", "rating_too_low")
    status = (
        VerdictStatus.UNKNOWN if kind is ViolationKind.UNVERIFIED else VerdictStatus.NOT_ELIGIBLE
    )
    verdict = Verdict((MEMBER, "m-lan"), code, 2019, status, (reason,), f"{code}@2014-06-01")
    return Violation(ProposedAward(MEMBER, "m-lan", code, 2019, 2019), kind, verdict)


def issued(*lines: AwardLine) -> list[EventPayload]:
    return decisions.decide_issue(decisions.Decision(), issue(*lines), IssueFacts())


def refusal(command: IssueDecision, facts: IssueFacts | None = None) -> InvalidDecision:
    with pytest.raises(InvalidDecision) as refused:
        decisions.decide_issue(decisions.Decision(), command, facts or IssueFacts())
    return refused.value


# Issuing.


def test_a_decision_is_issued_with_one_award_granted_per_award() -> None:
    events = issued(line("LDTT"), line("CSTDCS"), line("TTLDTT", "u-qlcn", UNIT))

    head, *grants = events
    assert isinstance(head, DecisionIssued)
    assert head.award_ids == ["a-m-lan-LDTT", "a-m-lan-CSTDCS", "a-u-qlcn-TTLDTT"]
    assert [type(e) for e in grants] == [AwardGranted] * 3
    first = grants[0]
    assert isinstance(first, AwardGranted)
    assert (first.decision_id, first.granting_level, first.decision_signed_on) == (
        "d-1",
        GrantingLevel.UNIT,
        SIGNED,
    )
    assert (first.achievement_year_from, first.achievement_year_to) == (2019, 2019)


def test_a_decision_is_issued_once() -> None:
    history = issued()
    with pytest.raises(IllegalTransition):
        decisions.decide_issue(decisions.fold(history), issue(), IssueFacts())


def test_the_authoritys_number_is_taken() -> None:
    with pytest.raises(DecisionNumberTaken) as taken:
        decisions.decide_issue(decisions.Decision(), issue(), IssueFacts(number_taken_by="d-0"))
    assert taken.value.details == {"decision_id": "d-0"}


def test_the_number_key_ignores_case_diacritics_and_spacing_but_not_the_agency() -> None:
    key = number_key("01", "Uỷ ban nhân dân thành phố Hà Nội", "1234/QĐ-UBND")
    assert key == number_key("01", "ủy ban  nhân dân Thành phố Hà Nội", "1234 / QD-UBND")
    assert key != number_key("06", "Uỷ ban nhân dân thành phố Hà Nội", "1234/QĐ-UBND")


@pytest.mark.parametrize(
    ("award", "code"),
    [
        (line("XYZ"), "unknown_award_code"),
        (line("TTLDXS"), "award_not_for_member"),
        (line("LDTT", "u-qlcn", UNIT), "award_not_for_unit"),
        (line("TTLDTT", "h-1", RecipientKind.HOUSEHOLD), "award_not_for_household"),
        (line("BK_BO"), "level_cannot_grant"),
    ],
)
def test_an_award_must_fit_the_catalogue_and_the_authority(award: AwardLine, code: str) -> None:
    refused = refusal(issue(line("LDTT", "m-an"), award))
    assert (refused.code, refused.index, refused.details["field"]) == (
        code,
        1,
        "awards.1.award_code",
    )


def test_a_minister_grants_unit_titles_the_prime_minister_does_not() -> None:
    ministry = issue(line("CSTDCS"), authority_level=GrantingLevel.MINISTRY_PROVINCE)
    assert len(decisions.decide_issue(decisions.Decision(), ministry, IssueFacts())) == 2
    prime_minister = issue(line("CSTDCS"), authority_level=GrantingLevel.PRIME_MINISTER)
    assert refusal(prime_minister).code == "level_cannot_grant"


def test_an_achievement_cannot_follow_the_signing() -> None:
    assert refusal(issue(signed_on=date(2018, 12, 30))).code == "achievement_after_signing"


# Enforcement.


def test_a_decision_breaking_a_rule_is_refused_with_the_violations() -> None:
    facts = IssueFacts(violations=(violation(ViolationKind.NOT_ELIGIBLE),))
    with pytest.raises(DecisionRefused) as refused:
        decisions.decide_issue(decisions.Decision(), issue(), facts)
    assert [v.kind for v in refused.value.violations] == [ViolationKind.NOT_ELIGIBLE]


def test_an_override_records_the_decision_with_its_justification() -> None:
    facts = IssueFacts(violations=(violation(ViolationKind.ALREADY_AWARDED),))
    justified = issue(override_justification="Quyết định của Hội đồng ngày 10/01/2020")
    head = decisions.decide_issue(decisions.Decision(), justified, facts)[0]
    assert isinstance(head, DecisionIssued)
    assert head.override_justification == "Quyết định của Hội đồng ngày 10/01/2020"


def test_imported_history_and_unverified_awards_are_never_refused() -> None:
    breaking = IssueFacts(violations=(violation(ViolationKind.HELD),))
    history = decisions.decide_issue(decisions.Decision(), issue(imported=True), breaking)
    unverified = IssueFacts(violations=(violation(ViolationKind.UNVERIFIED),))
    today = decisions.decide_issue(decisions.Decision(), issue(), unverified)
    assert len(history) == len(today) == 2


# The proposal decided.


def proposal(status: str = "reviewed", agency: str = "01") -> IssueFacts:
    return IssueFacts(proposal=ProposalFacts(agency, status, GrantingLevel.UNIT))


def test_a_reviewed_proposal_of_the_agency_is_decided() -> None:
    head = decisions.decide_issue(decisions.Decision(), issue(proposal_id="p-1"), proposal())[0]
    assert isinstance(head, DecisionIssued)
    assert head.proposal_id == "p-1"


@pytest.mark.parametrize("facts", [IssueFacts(), proposal(agency="06")])
def test_an_unknown_or_foreign_proposal_is_refused(facts: IssueFacts) -> None:
    assert refusal(issue(proposal_id="p-1"), facts).code == "proposal_not_found"


@pytest.mark.parametrize("status", ["submitted", "forwarded", "returned", "decided"])
def test_only_a_reviewed_proposal_is_decided(status: str) -> None:
    with pytest.raises(IllegalTransition) as refused:
        decisions.decide_issue(decisions.Decision(), issue(proposal_id="p-1"), proposal(status))
    assert refused.value.details == {"current_state": status}


def test_the_proposal_is_decided_at_the_level_it_was_addressed_to() -> None:
    ministry = issue(line("BK_BO"), proposal_id="p-1", authority_level="ministry_province")
    assert refusal(ministry, proposal()).code == "proposal_level"


# Revoking.


def revoke(award_ids: tuple[str, ...] | None, on: date = date(2021, 3, 1)) -> RevokeAwards:
    return RevokeAwards(
        decision_id="d-1", award_ids=award_ids, reason="Kê khai không trung thực", revoked_on=on
    )


def given(*commands: RevokeAwards) -> decisions.Decision:
    history = issued(line("LDTT"), line("CSTDCS"))
    for command in commands:
        history += decisions.decide_revoke(decisions.fold(history), command)
    return decisions.fold(history)


def test_single_awards_are_revoked_one_event_each() -> None:
    events = decisions.decide_revoke(given(), revoke(("a-m-lan-CSTDCS",)))
    assert [type(e) for e in events] == [AwardRevoked]
    state = given(revoke(("a-m-lan-CSTDCS",)))
    assert state.status is DecisionStatus.PARTIALLY_REVOKED


def test_the_whole_decision_is_revoked_with_every_award() -> None:
    event = decisions.decide_revoke(given(revoke(("a-m-lan-LDTT",))), revoke(None))[0]
    assert isinstance(event, DecisionRevoked)
    assert event.award_ids == ["a-m-lan-LDTT", "a-m-lan-CSTDCS"]


@pytest.mark.parametrize(
    ("before", "again"),
    [
        (revoke(None), revoke(None)),
        (revoke(None), revoke(("a-m-lan-LDTT",))),
        (revoke(("a-m-lan-LDTT",)), revoke(("a-m-lan-LDTT",))),
        (revoke(("a-m-lan-LDTT", "a-m-lan-CSTDCS")), revoke(None)),
    ],
)
def test_revoking_twice_is_illegal(before: RevokeAwards, again: RevokeAwards) -> None:
    with pytest.raises(IllegalTransition):
        decisions.decide_revoke(given(before), again)


@pytest.mark.parametrize(
    ("command", "code"),
    [
        (revoke(("a-other",)), "award_not_in_decision"),
        (revoke(None, on=date(2019, 12, 31)), "revoked_before_signing"),
    ],
)
def test_a_revocation_names_awards_of_the_decision_after_its_signing(
    command: RevokeAwards, code: str
) -> None:
    with pytest.raises(InvalidDecision) as refused:
        decisions.decide_revoke(given(), command)
    assert refused.value.code == code


def test_nothing_is_revoked_from_a_decision_never_issued() -> None:
    with pytest.raises(NotFound):
        decisions.decide_revoke(decisions.Decision(), revoke(None))
