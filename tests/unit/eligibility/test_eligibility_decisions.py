"""A member's next titles, a decision's violations, and the rulebook as data."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from services.awards.domain.eligibility import (
    RULEBOOK,
    ProposedAward,
    Rule,
    Rulebook,
    VerdictStatus,
    ViolationKind,
    build_rulebook,
    check_decision_awards,
    evaluate,
    next_titles,
    rule_table,
)
from shared.events.vocabulary import CommendationKind, InitiativeLevel, Rating, RecipientKind
from tests.unit.eligibility.builders import History, lan

MEMBER = RecipientKind.MEMBER


def proposed(
    code: str, year: int, kind: CommendationKind = CommendationKind.REGULAR
) -> ProposedAward:
    return ProposedAward(MEMBER, "m-lan", code, year, year, kind=kind)


# The next titles of a member, with reasons.


def test_next_titles_of_a_member_of_ha_nois_department() -> None:
    history = History().provincial_department()
    lan(history)
    history.award("m-lan", "CSTD_TINH", 2019, year_from=2017)
    history.rate("m-lan", [2021])
    history.award("m-lan", "CSTDCS", 2020)
    history.initiative("m-lan", 2021)

    verdicts = {v.award_code: v for v in next_titles(history.facts(), "m-lan", 2021)}

    assert " ".join(verdicts) == ("LDTT CSTDCS BK_BO BK_TINH CSTD_BO CSTD_TINH BK_TTG CSTDTQ HCLD3")
    assert verdicts["LDTT"].status is VerdictStatus.ELIGIBLE
    assert all(v.reasons for v in verdicts.values())
    assert [c.reason_code for c in verdicts["CSTD_TINH"].unmet] == [
        "streak_pending",
        "already_awarded",
    ]
    assert verdicts["CSTDCS"].unmet[0].reason_code == "cap_unknown"  # 15% of no LĐTT yet


def test_the_next_title_completes_a_chain_on_this_years_cstdcs() -> None:
    history = History().provincial_department()
    history.member("m-lan")
    history.rate("m-lan", [2022, 2023, 2024])
    history.awards("m-lan", "LDTT", [2022, 2023])
    history.awards("m-lan", "CSTDCS", [2022, 2023])
    history.initiative("m-lan", 2023, InitiativeLevel.MINISTRY_PROVINCE)
    history.initiative("m-lan", 2024)

    verdicts = {v.award_code: v for v in next_titles(history.facts(), "m-lan", 2024)}

    assert verdicts["CSTD_TINH"].status is VerdictStatus.ELIGIBLE
    assert verdicts["CSTD_TINH"].reasons[0].reason_vi == (
        "Đạt Chiến sĩ thi đua cơ sở 3 năm liên tục (2022, 2023, 2024); "
        "năm 2024 đủ điều kiện, chờ quyết định"
    )
    assert verdicts["BK_TTG"].status is VerdictStatus.NOT_ELIGIBLE


def test_a_ministry_units_member_aims_for_the_ministrys_titles_only() -> None:
    history = History(agency="cuc-ctdp")
    history.add_agency_kind_ministry()
    history.member("m-an")

    codes = [v.award_code for v in next_titles(history.facts(), "m-an", 2024)]

    assert "CSTD_TINH" not in codes
    assert "BK_BO" in codes


# Checking a decision before it is recorded.


def test_a_decision_granting_ldtt_and_cstdcs_together_passes() -> None:
    history = History()
    history.member("m-lan")
    history.rate("m-lan", [2024])
    history.initiative("m-lan", 2024)

    found = check_decision_awards(
        history.facts(), [proposed("LDTT", 2024), proposed("CSTDCS", 2024)]
    )

    assert found == []


def test_a_decision_granting_the_same_title_twice_is_refused() -> None:
    history = History()
    history.rate("m-lan", [2024])

    found = check_decision_awards(history.facts(), [proposed("LDTT", 2024)] * 2)

    assert [v.kind for v in found] == [ViolationKind.ALREADY_AWARDED] * 2


def test_a_decision_for_a_held_member_is_refused() -> None:
    history = History()
    history.rate("m-lan", [2024])
    history.hold("m-lan", date(2025, 1, 15), date(2025, 7, 15))

    found = check_decision_awards(
        history.facts(), [proposed("LDTT", 2024)], as_of=date(2025, 1, 20)
    )

    assert [v.kind for v in found] == [ViolationKind.HELD]


def test_a_decision_breaking_a_streak_is_refused_with_the_reason() -> None:
    history = History()
    history.awards("m-lan", "CSTDCS", [2022, 2024])
    history.initiative("m-lan", 2024, InitiativeLevel.MINISTRY_PROVINCE)

    (found,) = check_decision_awards(history.facts(), [proposed("CSTD_TINH", 2024)])

    assert found.kind is ViolationKind.NOT_ELIGIBLE
    assert "thiếu 2023" in found.reasons[0].reason_vi


def test_a_thematic_award_is_checked_against_the_principles_only() -> None:
    history = History()
    history.member("m-lan")

    thematic = proposed("BK_TINH", 2024, CommendationKind.THEMATIC)

    assert check_decision_awards(history.facts(), [thematic]) == []


def test_an_award_that_cannot_be_verified_is_a_warning() -> None:
    history = History()
    history.member("m-lan")

    (found,) = check_decision_awards(history.facts(), [proposed("LDTT", 2024)])

    assert found.kind is ViolationKind.UNVERIFIED


# The rulebook is data: dated versions, no gaps, no overlaps.


def test_every_rule_names_its_legal_basis_and_description() -> None:
    assert all(r.legal_basis and r.description_vi and r.requirements for r in RULEBOOK.rules)


def test_versions_of_a_rule_follow_each_other_without_gaps() -> None:
    by_code: dict[tuple[str, RecipientKind], list[Rule]] = {}
    for rule in RULEBOOK.rules:
        by_code.setdefault((rule.code, rule.recipient_kind), []).append(rule)

    for versions in by_code.values():
        ordered = sorted(versions, key=lambda r: r.effective_from)
        for before, after in pairwise(ordered):
            assert before.effective_to is not None
            assert (after.effective_from - before.effective_to).days == 1
        assert ordered[-1].effective_to is None


def test_overlapping_versions_are_refused() -> None:
    rule = RULEBOOK.rule_for("LDTT", MEMBER, 2024)
    assert rule is not None

    with pytest.raises(ValueError, match="overlaps"):
        Rulebook(rules=(rule, rule), principles=())


@pytest.mark.parametrize(
    ("year", "version"),
    [(2023, "2014-06-01"), (2024, "2024-01-01"), (2025, "2025-07-01"), (2026, "2025-07-01")],
)
def test_the_rule_of_an_achievement_is_the_one_in_force_on_31_december(
    year: int, version: str
) -> None:
    rule = RULEBOOK.rule_for("BK_TTG", MEMBER, year)

    assert rule is not None
    assert rule.id == f"BK_TTG@{version}"


def test_the_rule_table_has_a_row_per_rule_principles_kind_limit_and_regime_choice() -> None:
    table = rule_table(RULEBOOK).splitlines()

    assert len(table) == 2 + len(RULEBOOK.rules) + 1 + len(RULEBOOK.kind_limits) + 1
    assert "Luật TĐKT 06/2022/QH15, Điều 73" in table[2 + 11 + 9]
    assert "LDTT" in table[-3]
    assert "chỉ khen thưởng loại: thường xuyên (công trạng) |" in table[-3]
    assert "ngày trình hồ sơ" in table[-1]
    assert "Điều 94" in table[-1]


def test_an_excellent_year_may_stand_for_the_initiative_if_so_configured() -> None:
    history = History()
    history.rate("m-lan", [2024], Rating.HTXSNV)
    history.award("m-lan", "LDTT", 2024)
    lenient = build_rulebook(cstdcs_htxsnv_alternative=True)
    facts = history.facts()

    strict_verdict = evaluate(facts, MEMBER, "m-lan", "CSTDCS", 2024)
    lenient_verdict = evaluate(facts, MEMBER, "m-lan", "CSTDCS", 2024, rulebook=lenient)

    assert strict_verdict.status is VerdictStatus.NOT_ELIGIBLE
    assert lenient_verdict.status is VerdictStatus.ELIGIBLE


# A yearly title is regular merit only (Law 2022 Art 21–24, 27, 28); a flag may also close a
# thematic campaign (Art 25, 26).


def test_a_yearly_title_proposed_as_thematic_is_judged_on_its_merit() -> None:
    history = History()
    history.member("m-lan")
    history.rate("m-lan", [2024], Rating.HTNV)

    (found,) = check_decision_awards(
        history.facts(), [proposed("CSTDCS", 2024, CommendationKind.THEMATIC)]
    )

    assert found.kind is ViolationKind.NOT_ELIGIBLE
    assert found.verdict.rule == "CSTDCS@2024-01-01"


@pytest.mark.parametrize("filed_on", [date(2025, 3, 1), date(2025, 8, 1)])
def test_thematic_cstdcs_on_record_never_count_toward_a_bk(filed_on: date) -> None:
    history = History()
    history.member("m-lan")
    history.rate("m-lan", [2023, 2024])
    for year in (2023, 2024):
        history.award("m-lan", "CSTDCS", year, kind=CommendationKind.THEMATIC)

    found = evaluate(history.facts(), MEMBER, "m-lan", "BK_TINH", 2024, filed_on=filed_on)

    assert found.status is VerdictStatus.NOT_ELIGIBLE
    assert [c.reason_code for c in found.unmet] == ["no_ground_met"]


def test_regular_cstdcs_make_the_same_bk() -> None:
    history = History()
    history.member("m-lan")
    history.rate("m-lan", [2023, 2024])
    history.awards("m-lan", "CSTDCS", [2023, 2024])

    found = evaluate(history.facts(), MEMBER, "m-lan", "BK_TINH", 2024, filed_on=date(2025, 3, 1))

    assert found.status is VerdictStatus.ELIGIBLE


@pytest.mark.parametrize(
    ("code", "kind", "allowed"),
    [
        ("LDTT", CommendationKind.REGULAR, True),
        ("LDTT", CommendationKind.THEMATIC, False),
        ("CSTD_TINH", CommendationKind.AD_HOC, False),
        ("TTLDXS", CommendationKind.THEMATIC, False),
        ("CO_THI_DUA_TINH", CommendationKind.THEMATIC, True),
        ("CO_THI_DUA_CP", CommendationKind.AD_HOC, False),
        ("BK_TINH", CommendationKind.AD_HOC, True),
    ],
)
def test_the_kinds_the_law_gives_each_award_as(
    code: str, kind: CommendationKind, allowed: bool
) -> None:
    assert RULEBOOK.allows(code, kind, date(2024, 5, 1)) is allowed
    assert RULEBOOK.allows(code, kind, date(2019, 5, 1)) is allowed


def test_every_kind_limit_cites_its_article_and_dates() -> None:
    limit = RULEBOOK.kind_limit("TTLDTT", date(2024, 1, 1))

    assert limit is not None
    assert limit.legal_basis.startswith("Luật TĐKT 06/2022/QH15, Điều 27, 28")
    assert (limit.effective_from, limit.effective_to) == (date(2024, 1, 1), None)


# An award without a rule still meets the principles: one achievement, one award (Art 5).

UNIT = RecipientKind.UNIT


@pytest.mark.parametrize(
    ("recipient_kind", "code"),
    [
        (MEMBER, "GIAY_KHEN"),
        (UNIT, "GIAY_KHEN"),
        (UNIT, "BK_TINH"),
        (UNIT, "CO_THI_DUA_BO"),
        (UNIT, "HCLD3"),
        (MEMBER, "KNC"),
    ],
)
def test_an_award_without_a_rule_is_not_granted_twice_for_one_achievement(
    recipient_kind: RecipientKind, code: str
) -> None:
    history = History()
    history.award("r-1", code, 2020, recipient_kind=recipient_kind, number="12/QĐ-SCT")
    again = ProposedAward(recipient_kind, "r-1", code, 2020, 2020)
    later = ProposedAward(recipient_kind, "r-1", code, 2030, 2030)

    found = check_decision_awards(history.facts(), [again, later])

    assert [(v.award.year_to, v.kind) for v in found] == [
        (2020, ViolationKind.ALREADY_AWARDED),
        (2030, ViolationKind.UNVERIFIED),
    ]
    assert [c.reason_code for c in found[0].reasons] == ["no_rule", "already_awarded"]
    assert "(quyết định số 12/QĐ-SCT ngày 20/01/2021)" in found[0].reasons[1].reason_vi


def test_a_decision_granting_a_giay_khen_twice_to_one_unit_is_refused() -> None:
    award = ProposedAward(UNIT, "u-1", "GIAY_KHEN", 2020, 2020)

    found = check_decision_awards(History().facts(), [award, award])

    assert [v.kind for v in found] == [ViolationKind.ALREADY_AWARDED] * 2
    assert "chính quyết định đang xét" in found[0].reasons[1].reason_vi
