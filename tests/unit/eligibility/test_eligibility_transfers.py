"""Folding transfers (issue 15): a member or unit moved to another agency keeps its id and its
history; from the transfer on it is the receiving agency's, and that agency's judgements see
everything recorded before (streaks, one award per achievement)."""

from __future__ import annotations

from datetime import date

from services.awards.domain.eligibility import Verdict, VerdictStatus, evaluate
from services.awards.domain.eligibility.facts import Membership
from shared.events import MemberTransferred, UnitTransferred
from shared.events.vocabulary import InitiativeLevel, Rating, RecipientKind
from tests.unit.eligibility.builders import UNIT, History

BAC_GIANG, BAC_NINH_34 = "24", "SCT34-24"
JULY_2025 = date(2025, 7, 1)
BASIS = "Nghị quyết 202/2025/QH15"
MEMBER = (RecipientKind.MEMBER, "m-hoa")


def bac_giang_member(history: History) -> None:
    """Bắc Giang's member with CSTĐCS 2023 and 2024 and a provincial initiative in 2024."""
    history.agency = BAC_GIANG
    history.unit()
    history.member("m-hoa", year=2016)
    history.rate("m-hoa", [2023, 2024], Rating.HTXSNV)
    history.awards("m-hoa", "LDTT", [2023, 2024])
    history.awards("m-hoa", "CSTDCS", [2023, 2024])
    history.initiative("m-hoa", 2024, InitiativeLevel.MINISTRY_PROVINCE)


def merged(history: History, to_unit: str = UNIT) -> None:
    """Bắc Giang's department merged into the new Bắc Ninh's: the unit and the member move."""
    history.agency = BAC_NINH_34
    unit = UnitTransferred(unit_id=UNIT, from_agency=BAC_GIANG, on=JULY_2025, legal_basis=BASIS)
    history.add(unit, JULY_2025)
    member = MemberTransferred(
        member_id="m-hoa",
        from_agency=BAC_GIANG,
        from_unit_id=UNIT,
        to_unit_id=to_unit,
        on=JULY_2025,
        legal_basis=BASIS,
    )
    history.add(member, JULY_2025)


def verdict(history: History, code: str, year: int) -> Verdict:
    return evaluate(history.facts(), *MEMBER, code, year)


def test_a_transferred_member_belongs_to_the_receiving_agency_and_keeps_their_awards() -> None:
    history = History()
    bac_giang_member(history)
    before = history.facts()
    merged(history)

    facts = history.facts()

    assert before.agency_of(MEMBER) == BAC_GIANG
    assert facts.agency_of(MEMBER) == BAC_NINH_34
    assert facts.agency_of((RecipientKind.UNIT, UNIT)) == BAC_NINH_34
    assert [(a.code, a.year_to, a.agency) for a in facts.awards_of(MEMBER)] == [
        ("LDTT", 2023, BAC_GIANG),
        ("LDTT", 2024, BAC_GIANG),
        ("CSTDCS", 2023, BAC_GIANG),
        ("CSTDCS", 2024, BAC_GIANG),
    ]
    assert facts.rating("m-hoa", 2024) is Rating.HTXSNV


def test_a_transfer_to_another_unit_is_a_membership_from_the_year_of_its_first_day() -> None:
    history = History()
    bac_giang_member(history)
    merged(history, to_unit="u-bn-qlcn")

    facts = history.facts()

    assert facts.memberships["m-hoa"] == (Membership(2016, UNIT), Membership(2025, "u-bn-qlcn"))
    assert (facts.unit_of("m-hoa", 2024), facts.unit_of("m-hoa", 2025)) == (UNIT, "u-bn-qlcn")
    assert facts.members_of("u-bn-qlcn", 2025) == ("m-hoa",)


def test_the_streak_runs_across_the_merger() -> None:
    history = History()
    bac_giang_member(history)
    merged(history)
    history.rate("m-hoa", [2025], Rating.HTXSNV)
    history.award("m-hoa", "LDTT", 2025)
    history.award("m-hoa", "CSTDCS", 2025)

    found = verdict(history, "CSTD_TINH", 2025)

    assert found.status is VerdictStatus.ELIGIBLE, found.unmet
    streak = next(r.reason_vi for r in found.reasons if r.reason_code == "streak_met")
    assert streak == "Đạt Chiến sĩ thi đua cơ sở 3 năm liên tục (2023, 2024, 2025)"


def test_an_award_the_predecessor_granted_is_not_granted_again_by_the_successor() -> None:
    history = History()
    bac_giang_member(history)
    merged(history)

    found = verdict(history, "CSTDCS", 2024)

    assert found.status is VerdictStatus.NOT_ELIGIBLE
    assert [c.reason_code for c in found.unmet] == ["already_awarded"]


def test_without_the_predecessors_awards_the_streak_is_broken() -> None:
    """The guard of the test above: the successor's own facts alone do not qualify."""
    history = History(BAC_NINH_34)
    history.unit()
    history.member("m-hoa", year=2025)
    history.rate("m-hoa", [2025], Rating.HTXSNV)
    history.award("m-hoa", "LDTT", 2025)
    history.award("m-hoa", "CSTDCS", 2025)
    history.initiative("m-hoa", 2025, InitiativeLevel.MINISTRY_PROVINCE)

    assert verdict(history, "CSTD_TINH", 2025).status is VerdictStatus.NOT_ELIGIBLE
