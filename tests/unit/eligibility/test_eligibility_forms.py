"""Rule tests for the forms with chains (Bằng khen bộ/tỉnh, Bằng khen Thủ tướng, Huân chương
Lao động hạng Ba), and the regime chosen by the day the dossier was filed."""

from __future__ import annotations

from datetime import date

from services.awards.domain.eligibility import (
    NO_TIGHTENING,
    RULEBOOK,
    AgencyPolicy,
    Rulebook,
    Verdict,
    VerdictStatus,
    build_rulebook,
    evaluate,
)
from services.awards.domain.eligibility.rulebook import PRIOR_AWARD_BASIS
from shared.events.vocabulary import CommendationKind, Rating, RecipientKind
from tests.unit.eligibility.builders import History

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = (
    VerdictStatus.ELIGIBLE,
    VerdictStatus.NOT_ELIGIBLE,
    VerdictStatus.UNKNOWN,
)


def verdict(
    history: History,
    code: str,
    year: int,
    agency_policy: AgencyPolicy = NO_TIGHTENING,
    *,
    filed_on: date | None = None,
    rulebook: Rulebook = RULEBOOK,
) -> Verdict:
    return evaluate(
        history.facts(),
        RecipientKind.MEMBER,
        "m-lan",
        code,
        year,
        agency_policy=agency_policy,
        filed_on=filed_on,
        rulebook=rulebook,
    )


def codes_unmet(found: Verdict) -> list[str]:
    return [c.reason_code for c in found.unmet]


# Bằng khen bộ/tỉnh (Law 2022 Art 74.1.d; Decree 91/2017 before 2024).


def cstdcs_every_year(years: range) -> History:
    history = History()
    history.member("m-lan")
    history.rate("m-lan", years)
    history.awards("m-lan", "CSTDCS", years)
    return history


def test_bk_tinh_after_two_consecutive_cstdcs() -> None:
    found = verdict(cstdcs_every_year(range(2023, 2025)), "BK_TINH", 2024)

    assert found.status is ELIGIBLE
    assert found.rule == "BK_TINH@2024-01-01"


def test_without_a_filing_day_a_dossier_is_read_as_filed_at_the_end_of_its_achievement() -> None:
    history = cstdcs_every_year(range(2021, 2025))

    under_old_decree = verdict(history, "BK_TINH", 2023)
    under_law_2022 = verdict(history, "BK_TINH", 2024)

    assert (under_old_decree.rule, under_old_decree.status) == ("BK_TINH@2014-06-01", NOT_ELIGIBLE)
    assert (under_law_2022.rule, under_law_2022.status) == ("BK_TINH@2024-01-01", ELIGIBLE)


def test_the_regime_is_the_one_in_force_when_the_dossier_was_filed() -> None:
    history = cstdcs_every_year(range(2021, 2025))

    filed_in_2023 = verdict(history, "BK_TINH", 2023, filed_on=date(2023, 12, 20))
    filed_in_2024 = verdict(history, "BK_TINH", 2023, filed_on=date(2024, 1, 15))

    assert (filed_in_2023.rule, filed_in_2023.status) == ("BK_TINH@2014-06-01", NOT_ELIGIBLE)
    assert (filed_in_2024.rule, filed_in_2024.status) == ("BK_TINH@2024-01-01", ELIGIBLE)


def test_bk_bo_on_two_excellent_years_with_two_initiatives() -> None:
    history = History()
    history.rate("m-lan", [2023, 2024], Rating.HTXSNV)
    history.initiative("m-lan", 2023)
    history.initiative("m-lan", 2024)

    assert verdict(history, "BK_BO", 2024).status is ELIGIBLE


def test_no_bk_on_one_cstdcs_and_one_excellent_year() -> None:
    history = History()
    history.rate("m-lan", [2023], Rating.HTTNV)
    history.rate("m-lan", [2024], Rating.HTXSNV)
    history.award("m-lan", "CSTDCS", 2024)

    found = verdict(history, "BK_BO", 2024)

    assert found.status is NOT_ELIGIBLE
    assert codes_unmet(found) == ["no_ground_met"]


# Bằng khen Thủ tướng (Law 2022 Art 73): Bằng khen bộ/tỉnh, then 5 years HTTNV+ with 3 CSTĐCS.


def bk_ttg_history(
    year: int, bk_kind: CommendationKind | None, unrated: int | None = None
) -> History:
    history = History()
    history.member("m-lan")
    if bk_kind is not None:
        history.award("m-lan", "BK_BO", year - 6, kind=bk_kind)
    history.rate("m-lan", [y for y in range(year - 4, year + 1) if y != unrated])
    history.awards("m-lan", "CSTDCS", [year - 4, year - 2, year])
    return history


def test_bk_ttg_after_a_bk_bo_and_five_good_years_with_three_cstdcs() -> None:
    found = verdict(bk_ttg_history(2024, CommendationKind.REGULAR), "BK_TTG", 2024)

    assert found.status is ELIGIBLE
    assert found.reasons[0].reason_vi == "Đã được tặng Bằng khen cấp bộ (2018) trước 2020–2024"


def test_bk_ttg_needs_the_lower_bk() -> None:
    found = verdict(bk_ttg_history(2024, None), "BK_TTG", 2024)

    assert found.status is NOT_ELIGIBLE
    assert codes_unmet(found) == ["prior_award_missing"]


def test_the_lower_bk_the_law_names_stays_required_across_decree_152() -> None:
    history = bk_ttg_history(2024, None)

    before = verdict(history, "BK_TTG", 2024, filed_on=date(2025, 6, 30))
    after = verdict(history, "BK_TTG", 2024, filed_on=date(2025, 7, 1))

    assert (before.rule, after.rule) == ("BK_TTG@2024-01-01", "BK_TTG@2025-07-01")
    assert (before.status, after.status) == (NOT_ELIGIBLE, NOT_ELIGIBLE)
    assert codes_unmet(after) == ["prior_award_missing"]
    assert after.unmet[0].reason_vi.endswith(
        "điều kiện do Luật TĐKT 06/2022/QH15, Điều 73 quy định"
    )


def test_the_rulebook_cites_why_a_decree_does_not_drop_the_lower_award() -> None:
    day = date(2025, 7, 1)
    rules = [
        RULEBOOK.rule_for(code, RecipientKind.MEMBER, 2025, day) for code in ("BK_TTG", "HCLD3")
    ]

    assert [r.notes for r in rules if r is not None] == [(PRIOR_AWARD_BASIS,), (PRIOR_AWARD_BASIS,)]
    assert "Điều 5" in PRIOR_AWARD_BASIS
    assert "Điều 156 khoản 2" in PRIOR_AWARD_BASIS


def test_an_agency_may_keep_requiring_the_lower_bk_should_the_law_drop_it() -> None:
    dropped = build_rulebook(lower_award_optional_from_2025=True)
    policy = AgencyPolicy(require_prior_award=True)
    history = bk_ttg_history(2025, None)

    national = verdict(history, "BK_TTG", 2025, rulebook=dropped)
    tightened = verdict(history, "BK_TTG", 2025, policy, rulebook=dropped)

    assert (national.status, tightened.status) == (ELIGIBLE, NOT_ELIGIBLE)


def test_a_thematic_bk_does_not_count_toward_the_chain_from_decree_152() -> None:
    history = bk_ttg_history(2025, CommendationKind.THEMATIC)
    policy = AgencyPolicy(require_prior_award=True)

    found = verdict(history, "BK_TTG", 2025, policy)

    assert found.status is NOT_ELIGIBLE
    assert "không tính khen chuyên đề/đột xuất 2019" in found.reasons[0].reason_vi


def test_an_ad_hoc_bk_counted_before_decree_152() -> None:
    found = verdict(bk_ttg_history(2024, CommendationKind.AD_HOC), "BK_TTG", 2024)

    assert found.status is ELIGIBLE


def test_bk_ttg_needs_three_cstdcs_in_the_five_years() -> None:
    history = bk_ttg_history(2024, CommendationKind.REGULAR)
    cstdcs_2022 = [
        a for a in history.facts().awards_of((RecipientKind.MEMBER, "m-lan")) if a.year_to == 2022
    ]
    history.revoke(cstdcs_2022[0].award_id)

    found = verdict(history, "BK_TTG", 2024)

    assert found.status is NOT_ELIGIBLE
    assert found.unmet[0].reason_vi == (
        "2/3 lần đạt Chiến sĩ thi đua cơ sở trong 2020–2024 (2020, 2024)"
    )


def test_bk_ttg_is_unknown_while_a_year_of_the_window_is_not_rated() -> None:
    history = bk_ttg_history(2024, CommendationKind.REGULAR, unrated=2021)

    found = verdict(history, "BK_TTG", 2024)

    assert found.status is UNKNOWN
    assert codes_unmet(found) == ["rating_missing"]


# Huân chương Lao động hạng Ba (Law 2022 Art 44.1.e): Bằng khen Thủ tướng, then 5 years HTTNV+
# with at least one HTXSNV year and 3 CSTĐCS.


def hcld3_history(excellent_year: int | None) -> History:
    history = History()
    history.award("m-lan", "BK_TTG", 2019, year_from=2015)
    history.rate("m-lan", range(2020, 2025))
    if excellent_year is not None:
        history.rate("m-lan", [excellent_year], Rating.HTXSNV)
    history.awards("m-lan", "CSTDCS", [2021, 2022, 2024])
    return history


def test_hcld3_needs_the_bk_ttg_the_law_names_after_decree_152_too() -> None:
    history = hcld3_history(2022)
    history.revoke(history.facts().awards_of((RecipientKind.MEMBER, "m-lan"))[0].award_id)

    found = verdict(history, "HCLD3", 2024, filed_on=date(2025, 8, 1))

    assert (found.rule, found.status) == ("HCLD3@2025-07-01", NOT_ELIGIBLE)
    assert codes_unmet(found) == ["prior_award_missing"]


def test_hcld3_after_bk_ttg_and_five_years_with_an_excellent_one() -> None:
    found = verdict(hcld3_history(2022), "HCLD3", 2024)

    assert (found.rule, found.status) == ("HCLD3@2024-01-01", ELIGIBLE)


def test_no_hcld3_without_an_excellent_year() -> None:
    found = verdict(hcld3_history(None), "HCLD3", 2024)

    assert found.status is NOT_ELIGIBLE
    assert found.unmet[0].reason_vi == "Chỉ có 0/1 năm HTXSNV trong 2020–2024"
