"""Rule tests for the collective titles: TTLĐXS and TTLĐTT, read through the unit's own yearly
rating (Art 27, 28 point a) and its members."""

from __future__ import annotations

from datetime import date

import pytest

from services.awards.domain.eligibility import (
    ProposedAward,
    Verdict,
    VerdictStatus,
    ViolationKind,
    check_decision_awards,
    evaluate,
)
from services.awards.domain.eligibility.collective import OwnRatingAtLeast
from services.awards.domain.eligibility.rulebook import RULEBOOK
from shared.events.vocabulary import Rating, RecipientKind
from tests.unit.eligibility.builders import UNIT, History

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = (
    VerdictStatus.ELIGIBLE,
    VerdictStatus.NOT_ELIGIBLE,
    VerdictStatus.UNKNOWN,
)
MEMBERS = [f"m-{n}" for n in range(1, 11)]


def unit_of_ten(
    year: int, *, ldtt: int, cstdcs: int = 1, unit_rating: Rating | None = Rating.HTXSNV
) -> History:
    """A unit of ten members rated HTTNV, the first ``ldtt`` with LĐTT, the first ``cstdcs``
    with CSTĐCS; the unit itself rated ``unit_rating`` for the year (None: not rated)."""
    history = History()
    history.unit()
    if unit_rating is not None:
        history.rate_unit([year], unit_rating)
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
    assert [c.reason_vi for c in found.reasons[:4]] == [
        "Tập thể được xếp loại “hoàn thành xuất sắc nhiệm vụ” năm 2024 "
        "(từ “hoàn thành xuất sắc nhiệm vụ” trở lên)",
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


def test_ttldtt_is_eligible_with_the_units_own_httnv() -> None:
    found = unit_verdict(unit_of_ten(2024, ldtt=6, unit_rating=Rating.HTTNV), "TTLDTT", 2024)

    assert found.status is ELIGIBLE
    assert (found.reasons[0].reason_code, found.reasons[0].reason_vi) == (
        "unit_rating_met",
        "Tập thể được xếp loại “hoàn thành tốt nhiệm vụ” năm 2024 "
        "(từ “hoàn thành tốt nhiệm vụ” trở lên)",
    )


@pytest.mark.parametrize("rating", [Rating.KHTNV, Rating.HTNV])
def test_no_ttldtt_when_the_unit_itself_is_rated_below_httnv(rating: Rating) -> None:
    found = unit_verdict(unit_of_ten(2024, ldtt=8, unit_rating=rating), "TTLDTT", 2024)

    assert found.status is NOT_ELIGIBLE
    assert [c.reason_code for c in found.unmet] == ["unit_rating_too_low"]
    assert found.unmet[0].reason_vi.startswith("Tập thể được xếp loại “")
    assert found.unmet[0].reason_vi.endswith(
        "năm 2024, cần từ “hoàn thành tốt nhiệm vụ” trở lên, "
        "theo Luật TĐKT 06/2022/QH15, Điều 28 khoản 1 điểm a"
    )


def test_ttldtt_is_unknown_while_the_unit_is_not_rated() -> None:
    found = unit_verdict(unit_of_ten(2024, ldtt=8, unit_rating=None), "TTLDTT", 2024)

    assert found.status is UNKNOWN
    assert [(c.reason_code, c.reason_vi) for c in found.unmet] == [
        (
            "unit_rating_missing",
            "Tập thể chưa có kết quả xếp loại năm 2024 (cần từ “hoàn thành tốt nhiệm vụ” trở "
            "lên, theo Luật TĐKT 06/2022/QH15, Điều 28 khoản 1 điểm a)",
        )
    ]


def test_another_units_rating_or_another_years_does_not_count() -> None:
    history = unit_of_ten(2024, ldtt=8, unit_rating=None)
    history.rate_unit([2024], Rating.HTXSNV, unit_id="u-xnk")
    history.rate_unit([2023], Rating.HTXSNV)

    assert unit_verdict(history, "TTLDTT", 2024).status is UNKNOWN


def test_a_later_rating_of_the_unit_replaces_the_earlier_one() -> None:
    history = unit_of_ten(2024, ldtt=8, unit_rating=Rating.KHTNV)
    history.rate_unit([2024], Rating.HTTNV)

    assert unit_verdict(history, "TTLDTT", 2024).status is ELIGIBLE


def test_ttldxs_needs_the_unit_rated_htxsnv() -> None:
    found = unit_verdict(unit_of_ten(2024, ldtt=8, unit_rating=Rating.HTTNV), "TTLDXS", 2024)

    assert found.status is NOT_ELIGIBLE
    assert [c.reason_code for c in found.unmet] == ["unit_rating_too_low"]
    assert "Điều 27 khoản 1 điểm a" in found.unmet[0].reason_vi


def test_under_the_old_law_the_unit_is_rated_too() -> None:
    found = unit_verdict(unit_of_ten(2023, ldtt=8, unit_rating=None), "TTLDTT", 2023)

    assert found.rule == "TTLDTT@2014-06-01"
    assert found.status is UNKNOWN
    assert "Luật TĐKT 2003 (sửa đổi 2013), Điều 28 khoản 1 điểm a" in found.unmet[0].reason_vi


@pytest.mark.parametrize(
    ("code", "article", "minimum"), [("TTLDTT", 28, Rating.HTTNV), ("TTLDXS", 27, Rating.HTXSNV)]
)
def test_every_regime_cites_the_units_own_rating_as_data(
    code: str, article: int, minimum: Rating
) -> None:
    rules = [rule for rule in RULEBOOK.rules if rule.code == code]
    own = [[r for r in rule.requirements if isinstance(r, OwnRatingAtLeast)] for rule in rules]

    assert [rule.effective_from for rule in rules] == [
        date(2014, 6, 1),
        date(2024, 1, 1),
        date(2025, 7, 1),
    ]
    assert all(len(found) == 1 and found[0].minimum is minimum for found in own)
    assert all(f"Điều {article} khoản 1 điểm a" in found[0].basis for found in own)


@pytest.mark.parametrize(
    ("unit_rating", "found"),
    [
        (Rating.HTTNV, []),
        (None, [ViolationKind.UNVERIFIED]),
        (Rating.KHTNV, [ViolationKind.NOT_ELIGIBLE]),
    ],
)
def test_a_ttldtt_decision_is_judged_by_the_units_own_rating(
    unit_rating: Rating | None, found: list[ViolationKind]
) -> None:
    """Unrated: recorded with a warning (imported history too); rated KHTNV: refused."""
    facts = unit_of_ten(2024, ldtt=8, unit_rating=unit_rating).facts()
    award = ProposedAward(RecipientKind.UNIT, UNIT, "TTLDTT", 2024, 2024)

    violations = check_decision_awards(facts, [award], as_of=date(2025, 1, 20))

    assert [v.kind for v in violations] == found
