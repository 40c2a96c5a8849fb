"""``assess`` told which decisions the facts' awards belong to: the same answers, less looking."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from services.awards.application.decisions import assess
from services.awards.commands.decisions import AwardLine, IssueDecision
from services.awards.domain.eligibility import Facts, GrantedAward, ViolationKind
from shared.events.vocabulary import CommendationKind, GrantingLevel, RecipientKind

MEMBER = RecipientKind.MEMBER


def issue(decision_id: str) -> IssueDecision:
    return IssueDecision(
        decision_id=decision_id,
        agency="01",
        number="15/QĐ-SCT",
        signed_on=date(2020, 1, 15),
        issuing_authority="Giám đốc Sở Công Thương Hà Nội",
        authority_level=GrantingLevel.UNIT,
        commendation_kind=CommendationKind.REGULAR,
        awards=(
            AwardLine(
                award_id="a-1",
                recipient_kind=MEMBER,
                recipient_id="m-lan",
                award_code="LDTT",
                year_from=2019,
                year_to=2019,
            ),
        ),
    )


def facts_holding(decision_id: str) -> Facts:
    """Lan already holds LĐTT 2019, granted by ``decision_id``."""
    granted = GrantedAward(
        "a-0", decision_id, MEMBER, "m-lan", "LDTT", 2019, 2019, CommendationKind.REGULAR, "01"
    )
    empty: MappingProxyType[object, object] = MappingProxyType({})
    return Facts(
        ratings=empty,  # type: ignore[arg-type]
        unit_ratings=empty,  # type: ignore[arg-type]
        initiatives=empty,  # type: ignore[arg-type]
        memberships=empty,  # type: ignore[arg-type]
        agencies=empty,  # type: ignore[arg-type]
        agency_kinds=empty,  # type: ignore[arg-type]
        holds=(),
        registrations=(),
        campaigns=empty,  # type: ignore[arg-type]
        awards=MappingProxyType({(MEMBER, "m-lan"): (granted,)}),
    )


def kinds(found: tuple[object, ...]) -> list[ViolationKind]:
    return [v.kind for v in found]  # type: ignore[attr-defined]


def test_another_decisions_award_counts_told_or_not() -> None:
    facts = facts_holding("d-old")
    told = assess(issue("d-new"), facts, held_by={"d-old"})
    assert ViolationKind.ALREADY_AWARDED in kinds(told)
    assert told == assess(issue("d-new"), facts)


def test_the_decisions_own_award_is_left_out_when_told_it_holds_some() -> None:
    facts = facts_holding("d-1")
    told = assess(issue("d-1"), facts, held_by={"d-1"})
    assert ViolationKind.ALREADY_AWARDED not in kinds(told)
    assert told == assess(issue("d-1"), facts)


def test_a_decision_said_to_hold_nothing_is_judged_on_the_facts_as_they_are() -> None:
    # The caller's word is taken: the facts are not searched (here wrongly, to show it).
    told = assess(issue("d-1"), facts_holding("d-1"), held_by=set())
    assert ViolationKind.ALREADY_AWARDED in kinds(told)
