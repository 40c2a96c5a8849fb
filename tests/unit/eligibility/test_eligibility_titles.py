"""Rule tests for the individual titles: LĐTT, CSTĐCS, CSTĐ bộ/tỉnh, CSTĐ toàn quốc."""

from __future__ import annotations

from services.awards.domain.eligibility import Verdict, VerdictStatus, evaluate
from shared.events.vocabulary import InitiativeLevel, Rating, RecipientKind
from tests.unit.eligibility.builders import History, lan

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = (
    VerdictStatus.ELIGIBLE,
    VerdictStatus.NOT_ELIGIBLE,
    VerdictStatus.UNKNOWN,
)


def member_verdict(history: History, code: str, year: int, member: str = "m-lan") -> Verdict:
    return evaluate(history.facts(), RecipientKind.MEMBER, member, code, year)


def reason(verdict: Verdict, code: str) -> str:
    return next(c.reason_vi for c in verdict.reasons if c.reason_code == code)


# LĐTT (Art 24): rated HTTNV or better.


def test_ldtt_for_a_year_rated_httnv() -> None:
    history = History()
    history.member("m-lan")
    history.rate("m-lan", [2021])

    verdict = member_verdict(history, "LDTT", 2021)

    assert verdict.status is ELIGIBLE
    assert verdict.rule == "LDTT@2014-06-01"


def test_no_ldtt_for_a_year_rated_htnv() -> None:
    history = History()
    history.rate("m-lan", [2021], Rating.HTNV)

    verdict = member_verdict(history, "LDTT", 2021)

    assert verdict.status is NOT_ELIGIBLE
    assert reason(verdict, "rating_too_low") == "Xếp loại dưới HTTNV (2021: HTNV)"


def test_ldtt_is_unknown_while_no_rating_is_recorded() -> None:
    history = History()
    history.member("m-lan")

    verdict = member_verdict(history, "LDTT", 2021)

    assert verdict.status is UNKNOWN
    assert [c.reason_vi for c in verdict.unmet] == ["Chưa có kết quả xếp loại năm 2021"]


# CSTĐCS (Art 23): LĐTT and an initiative recognised at grassroots level that year.
# (Under the law of 2024; the old regime's 15% cap is tested with the principles.)


def test_cstdcs_with_ldtt_and_a_grassroots_initiative() -> None:
    history = History()
    history.rate("m-lan", [2024])
    history.award("m-lan", "LDTT", 2024)
    history.initiative("m-lan", 2024)

    assert member_verdict(history, "CSTDCS", 2024).status is ELIGIBLE


def test_no_cstdcs_without_an_initiative_recognised_that_year() -> None:
    history = History()
    history.rate("m-lan", [2024])
    history.award("m-lan", "LDTT", 2024)
    history.initiative("m-lan", 2023)

    verdict = member_verdict(history, "CSTDCS", 2024)

    assert verdict.status is NOT_ELIGIBLE
    assert reason(verdict, "initiatives") == (
        "0/1 sáng kiến được công nhận cấp cơ sở trở lên trong 2024"
    )


def test_cstdcs_counts_an_ldtt_not_yet_decided_when_the_member_qualifies() -> None:
    history = History()
    history.rate("m-lan", [2024])
    history.initiative("m-lan", 2024)

    verdict = member_verdict(history, "CSTDCS", 2024)

    assert verdict.status is ELIGIBLE
    assert "chờ quyết định" in reason(verdict, "title_met")


def test_cstdcs_is_unknown_while_the_year_is_not_rated() -> None:
    history = History()
    history.initiative("m-lan", 2024)

    assert member_verdict(history, "CSTDCS", 2024).status is UNKNOWN


# CSTĐ bộ/tỉnh (Art 22): 3 consecutive CSTĐCS and an initiative at ministry/province scale.


def test_cstd_tinh_after_three_consecutive_cstdcs_and_a_city_initiative() -> None:
    history = History()
    lan(history)

    verdict = member_verdict(history, "CSTD_TINH", 2019)

    assert verdict.status is ELIGIBLE
    assert reason(verdict, "streak_met") == (
        "Đạt Chiến sĩ thi đua cơ sở 3 năm liên tục (2017, 2018, 2019)"
    )


def test_a_gap_year_breaks_the_streak() -> None:
    history = History()
    history.member("m-lan")
    history.awards("m-lan", "CSTDCS", [2019, 2020])
    history.rate("m-lan", [2021])
    history.award("m-lan", "LDTT", 2021)  # but no initiative in 2021: no CSTĐCS
    history.initiative("m-lan", 2020, InitiativeLevel.MINISTRY_PROVINCE)

    verdict = member_verdict(history, "CSTD_TINH", 2021)

    assert verdict.status is NOT_ELIGIBLE
    assert reason(verdict, "streak_broken") == (
        "Chưa đủ 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (2019, 2020; thiếu 2021)"
    )


def test_a_revoked_cstdcs_breaks_the_streak() -> None:
    history = History()
    lan(history)
    cstdcs_2018 = history.facts().awards_of((RecipientKind.MEMBER, "m-lan"))[6]
    assert (cstdcs_2018.code, cstdcs_2018.year_to) == ("CSTDCS", 2018)
    history.revoke(cstdcs_2018.award_id)

    verdict = member_verdict(history, "CSTD_TINH", 2019)

    assert verdict.status is NOT_ELIGIBLE
    assert "thiếu 2018" in reason(verdict, "streak_broken")


def test_no_cstd_tinh_with_grassroots_initiatives_only() -> None:
    history = History()
    history.awards("m-lan", "CSTDCS", [2017, 2018, 2019])
    history.initiative("m-lan", 2019)

    verdict = member_verdict(history, "CSTD_TINH", 2019)

    assert verdict.status is NOT_ELIGIBLE
    assert [c.reason_code for c in verdict.unmet] == ["initiatives"]


# CSTĐ toàn quốc (Art 21): 2 consecutive CSTĐ bộ/tỉnh and an initiative of national effect.


def cstdtq_history(first_cstd_year: int) -> History:
    history = History()
    history.member("m-lan")
    history.award("m-lan", "CSTD_TINH", first_cstd_year, year_from=first_cstd_year - 2)
    history.award("m-lan", "CSTD_BO", 2022)  # recorded with its last year only
    history.initiative("m-lan", 2021, InitiativeLevel.NATIONAL)
    return history


def test_cstdtq_after_two_consecutive_cstd_bo_or_tinh() -> None:
    verdict = member_verdict(cstdtq_history(2019), "CSTDTQ", 2022)

    assert verdict.status is ELIGIBLE
    assert verdict.rule == "CSTDTQ@2014-06-01"


def test_no_cstdtq_when_the_two_cstd_are_not_consecutive() -> None:
    verdict = member_verdict(cstdtq_history(2018), "CSTDTQ", 2022)

    assert verdict.status is NOT_ELIGIBLE
    assert "thiếu 2019" in reason(verdict, "streak_broken")
