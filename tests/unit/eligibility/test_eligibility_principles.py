"""Principles every award meets: not twice for one achievement, not while held, registered when
the campaign requires it; and the CSTĐCS cap, national before 2024 and per agency after."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.awards.domain.eligibility import (
    NO_TIGHTENING,
    AgencyPolicy,
    Verdict,
    VerdictStatus,
    evaluate,
)
from shared.events.vocabulary import CampaignForm, CommendationKind, InitiativeLevel, RecipientKind
from shared.reference.awards import UnknownAwardCode
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
    *,
    agency_policy: AgencyPolicy = NO_TIGHTENING,
    campaign_id: str | None = None,
    as_of: date | None = None,
) -> Verdict:
    return evaluate(
        history.facts(),
        RecipientKind.MEMBER,
        "m-lan",
        code,
        year,
        agency_policy=agency_policy,
        campaign_id=campaign_id,
        as_of=as_of,
    )


def unmet(found: Verdict) -> list[str]:
    return [c.reason_code for c in found.unmet]


def rated(years: list[int], member: str = "m-lan") -> History:
    history = History()
    history.member(member)
    history.rate(member, years)
    return history


# One achievement is not rewarded twice (Art 5).


def test_the_same_title_for_the_same_year_is_refused_naming_the_decision_by_its_number() -> None:
    history = rated([2020])
    history.award("m-lan", "LDTT", 2020, decision_id="qd-215", number="215/QĐ-SCT")

    found = verdict(history, "LDTT", 2020)

    assert found.status is NOT_ELIGIBLE
    assert found.unmet[0].reason_vi == (
        "Thành tích 2020 đã được khen Lao động tiên tiến (quyết định số 215/QĐ-SCT ngày 20/01/2021)"
    )


def test_a_decision_whose_number_is_not_known_yet_is_named_by_its_date_not_its_id() -> None:
    history = rated([2020])
    history.award("m-lan", "LDTT", 2020, decision_id="0b7c6f4e-qd")

    found = verdict(history, "LDTT", 2020)

    assert found.unmet[0].reason_vi.endswith("(quyết định ngày 20/01/2021)")
    assert "0b7c6f4e" not in found.unmet[0].reason_vi


def test_a_bk_of_the_city_rewards_the_achievement_a_bk_of_the_ministry_did() -> None:
    history = rated([2023, 2024])
    history.awards("m-lan", "CSTDCS", [2023, 2024])
    history.award("m-lan", "BK_BO", 2024)

    assert unmet(verdict(history, "BK_TINH", 2024)) == ["already_awarded"]


def test_a_cstd_tinh_cannot_reuse_the_years_of_the_previous_one() -> None:
    history = History()
    history.awards("m-lan", "CSTDCS", range(2017, 2021))
    history.initiative("m-lan", 2020, InitiativeLevel.MINISTRY_PROVINCE)
    history.award("m-lan", "CSTD_TINH", 2019)

    assert unmet(verdict(history, "CSTD_TINH", 2020)) == ["already_awarded"]


def test_a_thematic_award_does_not_block_the_regular_one() -> None:
    history = rated([2023, 2024])
    history.awards("m-lan", "CSTDCS", [2023, 2024])
    history.award("m-lan", "BK_TINH", 2024, kind=CommendationKind.THEMATIC)

    assert verdict(history, "BK_TINH", 2024).status is ELIGIBLE


# Awards are held during discipline; achievements count again after it ends (Decree 152/2025).


def test_an_open_hold_blocks_every_award() -> None:
    history = rated([2021])
    history.hold("m-lan", date(2022, 2, 1))

    found = verdict(history, "LDTT", 2021)

    assert found.status is NOT_ELIGIBLE
    assert found.unmet[0].reason_vi == (
        "Đang tạm hoãn xét khen thưởng từ 01/02/2022 (kỷ luật, điều tra)"
    )


def test_a_hold_bars_the_years_it_covers_and_not_the_next() -> None:
    history = rated([2021, 2022])
    hold = history.hold("m-lan", date(2021, 3, 1))
    history.lift(hold, "m-lan", date(2021, 11, 30))

    assert unmet(verdict(history, "LDTT", 2021)) == ["held_during_achievement"]
    assert verdict(history, "LDTT", 2022).status is ELIGIBLE


def test_after_discipline_a_chain_counts_only_from_its_end() -> None:
    history = History()
    history.awards("m-lan", "CSTDCS", [2020, 2021, 2022])
    history.initiative("m-lan", 2022, InitiativeLevel.MINISTRY_PROVINCE)
    history.hold("m-lan", date(2020, 5, 1), date(2020, 10, 31))

    found = verdict(history, "CSTD_TINH", 2022)

    assert found.status is NOT_ELIGIBLE
    assert found.unmet[0].reason_vi == (
        "Năm 2020 không được tính: sau kỷ luật, thành tích chỉ tính từ năm 2021"
    )


def test_a_hold_on_the_day_of_the_decision_blocks_it() -> None:
    history = rated([2022])
    history.hold("m-lan", date(2023, 2, 1), date(2023, 6, 30))

    assert verdict(history, "LDTT", 2022).status is ELIGIBLE
    assert unmet(verdict(history, "LDTT", 2022, as_of=date(2023, 3, 1))) == ["held"]


# Registration, when the campaign requires it (agency's rule, titles only).


def test_a_title_needs_registration_when_the_campaign_requires_it() -> None:
    history = rated([2021])
    history.campaign()

    found = verdict(history, "LDTT", 2021)

    assert found.status is NOT_ELIGIBLE
    assert found.unmet[0].reason_vi == (
        "Chưa đăng ký thi đua năm 2021 "
        "(bắt buộc: Thi đua thực hiện thắng lợi nhiệm vụ chính trị năm 2021)"
    )


def test_registering_for_cstdcs_registers_for_ldtt_too() -> None:
    history = rated([2021])
    campaign = history.campaign()
    history.register("m-lan", 2021, ["CSTDCS"], campaign_id=campaign)

    assert verdict(history, "LDTT", 2021).status is ELIGIBLE


def test_a_registration_awaiting_approval_leaves_the_answer_unknown() -> None:
    history = rated([2021])
    history.campaign()
    history.register("m-lan", 2021, ["LDTT"], approve=False)

    assert unmet(verdict(history, "LDTT", 2021)) == ["registration_pending"]


def test_no_registration_needed_when_the_campaign_does_not_ask() -> None:
    history = rated([2021])
    history.campaign(registration_required=False)

    found = verdict(history, "LDTT", 2021)

    assert found.status is ELIGIBLE
    assert "registered" not in [c.reason_code for c in found.reasons]


def test_a_thematic_campaign_requires_registration_only_when_named() -> None:
    history = rated([2021])
    thematic = history.campaign(form=CampaignForm.THEMATIC)

    assert verdict(history, "LDTT", 2021).status is ELIGIBLE
    assert unmet(verdict(history, "LDTT", 2021, campaign_id=thematic)) == ["not_registered"]


# The CSTĐCS cap: 15% of LĐTT holders before 2024 (Decree 91/2017), the agency's own after.


def agency_with_ldtt(year: int, holders: int, cstdcs: int) -> History:
    history = History()
    members = [f"m-{n}" for n in range(holders)]
    for member in [*members, "m-lan"]:
        history.member(member)
        history.rate(member, [year])
    history.awards("m-lan", "LDTT", [year])
    for member in members:
        history.award(member, "LDTT", year)
    for member in members[:cstdcs]:
        history.award(member, "CSTDCS", year)
    history.initiative("m-lan", year)
    return history


def test_before_2024_cstdcs_stops_at_15_percent_of_ldtt_holders() -> None:
    found = verdict(agency_with_ldtt(2019, holders=13, cstdcs=2), "CSTDCS", 2019)

    assert found.status is NOT_ELIGIBLE
    assert found.unmet[0].reason_vi == (
        "Đã có 2 CSTĐCS năm 2019; tối đa 2 (15% của 14 Lao động tiên tiến)"
    )


def test_from_2024_there_is_no_cap_unless_the_agency_sets_one() -> None:
    history = agency_with_ldtt(2024, holders=13, cstdcs=2)
    tight = AgencyPolicy(cstdcs_cap_share=Decimal("0.1"))

    assert verdict(history, "CSTDCS", 2024).status is ELIGIBLE
    assert unmet(verdict(history, "CSTDCS", 2024, agency_policy=tight)) == ["cstdcs_cap"]


def test_a_cap_share_must_be_a_share() -> None:
    with pytest.raises(ValueError, match="cstdcs_cap_share"):
        AgencyPolicy(cstdcs_cap_share=Decimal("15"))


# Outside the rulebook.


def test_a_year_before_the_rulebook_is_unknown() -> None:
    found = verdict(rated([2010]), "LDTT", 2010)

    assert (found.status, found.rule, unmet(found)) == (UNKNOWN, None, ["no_rule"])


def test_a_collective_title_for_a_member_has_no_rule() -> None:
    found = verdict(rated([2024]), "TTLDXS", 2024)

    assert found.unmet[0].reason_vi == (
        "Chưa có quy tắc xét Tập thể lao động xuất sắc cho cá nhân năm 2024"
    )


def test_an_unknown_award_code_is_an_error() -> None:
    with pytest.raises(UnknownAwardCode):
        verdict(rated([2024]), "NOPE", 2024)
