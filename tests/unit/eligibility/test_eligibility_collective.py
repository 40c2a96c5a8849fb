"""Rule tests for the collective titles: TTLĐXS and TTLĐTT, read through the unit's members."""

from __future__ import annotations

from datetime import date

from services.awards.domain.eligibility import Verdict, VerdictStatus, evaluate
from shared.events.vocabulary import Rating, RecipientKind
from tests.unit.eligibility.builders import UNIT, History

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = (
    VerdictStatus.ELIGIBLE,
    VerdictStatus.NOT_ELIGIBLE,
    VerdictStatus.UNKNOWN,
)
MEMBERS = [f"m-{n}" for n in range(1, 11)]


def unit_of_ten(year: int, *, ldtt: int, cstdcs: int = 1) -> History:
    """A unit of ten members rated HTTNV, the first ``ldtt`` with LĐTT, the first ``cstdcs``
    with CSTĐCS."""
    history = History()
    history.unit()
    for member in MEMBERS:
        history.member(member, year=year - 1)
        history.rate(member, [year])
    for member in MEMBERS[:ldtt]:
        history.award(member, "LDTT", year)
    for member in MEMBERS[:cstdcs]:
        history.award(member, "CSTDCS", year)
    return history


def unit_verdict(history: History, code: str, year: int) -> Verdict:
    return evaluate(history.facts(), RecipientKind.UNIT, UNIT, code, year)


def test_ttldxs_with_all_tasks_done_70_percent_ldtt_and_a_cstdcs() -> None:
    found = unit_verdict(unit_of_ten(2024, ldtt=7), "TTLDXS", 2024)

    assert found.status is ELIGIBLE
    assert [c.reason_vi for c in found.reasons[:3]] == [
        "100% thành viên (10) hoàn thành nhiệm vụ năm 2024",
        "7/10 thành viên (70%) đạt Lao động tiên tiến năm 2024, cần từ 70%",
        "1 thành viên đạt Chiến sĩ thi đua cơ sở năm 2024, cần ít nhất 1",
    ]


def test_no_ttldxs_below_70_percent_ldtt() -> None:
    found = unit_verdict(unit_of_ten(2024, ldtt=6), "TTLDXS", 2024)

    assert found.status is NOT_ELIGIBLE
    assert [c.reason_code for c in found.unmet] == ["member_share"]


def test_no_ttldxs_without_a_cstdcs() -> None:
    found = unit_verdict(unit_of_ten(2024, ldtt=8, cstdcs=0), "TTLDXS", 2024)

    assert [c.reason_code for c in found.unmet] == ["member_count"]


def test_no_ttldxs_when_a_member_did_not_complete_the_tasks() -> None:
    history = unit_of_ten(2024, ldtt=9)
    history.rate(MEMBERS[9], [2024], Rating.KHTNV)

    found = unit_verdict(history, "TTLDXS", 2024)

    assert [c.reason_code for c in found.unmet] == ["member_failed_tasks"]


def test_ttldxs_is_unknown_while_a_member_is_not_rated() -> None:
    history = unit_of_ten(2024, ldtt=8)
    history.member("m-new", year=2024)

    found = unit_verdict(history, "TTLDXS", 2024)

    assert found.status is UNKNOWN
    assert found.unmet[0].reason_vi == "1/11 thành viên chưa có xếp loại năm 2024"


def test_a_member_who_moved_out_is_not_counted() -> None:
    history = unit_of_ten(2024, ldtt=7)
    history.move(MEMBERS[0], UNIT, "u-xnk", 2024)

    found = unit_verdict(history, "TTLDXS", 2024)

    assert "6/9 thành viên (66,7%)" in found.unmet[0].reason_vi


def test_ttldtt_needs_more_than_half_ldtt() -> None:
    assert unit_verdict(unit_of_ten(2024, ldtt=5), "TTLDTT", 2024).status is NOT_ELIGIBLE
    assert unit_verdict(unit_of_ten(2024, ldtt=6), "TTLDTT", 2024).status is ELIGIBLE


def test_under_the_old_law_a_disciplined_member_bars_ttldtt() -> None:
    before, after = unit_of_ten(2023, ldtt=6), unit_of_ten(2024, ldtt=6)
    for history, year in ((before, 2023), (after, 2024)):
        history.hold(MEMBERS[9], date(year, 3, 1), date(year, 8, 31))

    old = unit_verdict(before, "TTLDTT", 2023)
    new = unit_verdict(after, "TTLDTT", 2024)

    assert (old.status, [c.reason_code for c in old.unmet]) == (
        NOT_ELIGIBLE,
        ["member_disciplined"],
    )
    assert new.status is ELIGIBLE
