"""Decisions and proposals refused as the law writes it, said in Vietnamese: a yearly title is
regular merit only, an authority grants only its own level's awards, and a decision's rules
are those in force when its dossier was filed."""

from __future__ import annotations

from datetime import date

import pytest

from services.awards.commands.decisions import AwardLine, IssueDecision
from services.awards.commands.proposals import SubmitProposal
from services.awards.domain import decisions, proposals
from services.awards.domain.decisions import InvalidDecision, IssueFacts, ProposalFacts
from shared.events.awards import Nominee
from shared.events.vocabulary import CommendationKind, GrantingLevel, RecipientKind

MEMBER, UNIT = RecipientKind.MEMBER, RecipientKind.UNIT
SIGNED = date(2024, 1, 20)


def line(code: str, who: str = "m-lan", kind: RecipientKind = MEMBER) -> AwardLine:
    return AwardLine(
        award_id=f"a-{who}-{code}",
        recipient_kind=kind,
        recipient_id=who,
        award_code=code,
        year_from=2023,
        year_to=2023,
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
        "awards": lines,
    }
    return IssueDecision.model_validate({**values, **changes})


def refusal(command: IssueDecision) -> InvalidDecision:
    with pytest.raises(InvalidDecision) as refused:
        decisions.decide_issue(decisions.Decision(), command, IssueFacts())
    return refused.value


# A yearly title is regular merit only (Law 2022 Art 21–24, 27, 28).


@pytest.mark.parametrize(
    ("award", "kind"),
    [
        (line("LDTT"), CommendationKind.THEMATIC),
        (line("CSTDCS"), CommendationKind.THEMATIC),
        (line("CSTDCS"), CommendationKind.AD_HOC),
        (line("TTLDTT", "u-qlcn", UNIT), CommendationKind.THEMATIC),
    ],
)
def test_a_yearly_title_recorded_as_thematic_or_ad_hoc_is_refused(
    award: AwardLine, kind: CommendationKind
) -> None:
    refused = refusal(issue(line("GIAY_KHEN"), award, commendation_kind=kind))

    assert (refused.code, refused.index) == ("kind_not_allowed", 1)
    assert refused.details["field"] == "commendation_kind"
    assert "chỉ khen thưởng loại thường xuyên (công trạng)" in refused.message
    assert "Luật TĐKT 06/2022/QH15, Điều" in refused.message


def test_a_thematic_giay_khen_is_recorded() -> None:
    command = issue(line("GIAY_KHEN"), commendation_kind=CommendationKind.THEMATIC)

    assert len(decisions.decide_issue(decisions.Decision(), command, IssueFacts())) == 2


def test_a_flag_may_close_a_thematic_campaign_but_not_reward_an_exploit() -> None:
    flag = line("CO_THI_DUA_TINH", "u-qlcn", UNIT)
    minister = {"authority_level": GrantingLevel.MINISTRY_PROVINCE}
    thematic = issue(flag, commendation_kind=CommendationKind.THEMATIC, **minister)
    ad_hoc = issue(flag, commendation_kind=CommendationKind.AD_HOC, **minister)

    assert len(decisions.decide_issue(decisions.Decision(), thematic, IssueFacts())) == 2
    assert refusal(ad_hoc).code == "kind_not_allowed"


# An authority grants only its own level's awards: the refusal is the officer's to read.


@pytest.mark.parametrize(
    ("award", "name"),
    [
        (line("BK_TINH"), "Bằng khen cấp tỉnh (BK_TINH)"),
        (line("TTLDXS", "u-qlcn", UNIT), "Tập thể lao động xuất sắc (TTLDXS)"),
    ],
)
def test_a_department_director_granting_a_provinces_award_is_refused_in_vietnamese(
    award: AwardLine, name: str
) -> None:
    refused = refusal(issue(award))

    assert refused.code == "level_cannot_grant"
    assert refused.message == (
        f"{name} do cấp bộ, tỉnh (Bộ trưởng, Chủ tịch UBND tỉnh) quyết định, không thuộc "
        "thẩm quyền của cấp cơ sở (Giám đốc Sở, Cục trưởng…)"
    )


def test_other_refusals_of_a_line_are_in_vietnamese_too() -> None:
    for_a_member = refusal(issue(line("TTLDXS")))
    after_signing = refusal(issue(line("LDTT"), signed_on=date(2022, 12, 30)))

    assert for_a_member.message == "Tập thể lao động xuất sắc (TTLDXS) không tặng cho cá nhân"
    assert after_signing.message == "Năm thành tích 2023 sau năm ký quyết định (30/12/2022)"


# The rules of a decision are those in force on the day its dossier was filed.


def test_a_decision_is_judged_as_filed_when_its_proposal_was_last_submitted() -> None:
    command = issue(line("LDTT"), proposal_id="p-1")
    proposal = ProposalFacts("01", "reviewed", GrantingLevel.UNIT, date(2023, 12, 28))

    assert decisions.filed_on(command, proposal) == date(2023, 12, 28)


def test_without_a_proposal_a_decision_is_judged_as_filed_on_its_signing_day() -> None:
    command = issue(line("LDTT"))
    unknown_day = ProposalFacts("01", "reviewed", GrantingLevel.UNIT)
    of_another_agency = ProposalFacts("06", "reviewed", GrantingLevel.UNIT, date(2023, 12, 28))

    assert decisions.filed_on(command, None) == SIGNED
    assert decisions.filed_on(command, unknown_day) == SIGNED
    assert decisions.filed_on(command, of_another_agency) == SIGNED


# A proposal cannot nominate a yearly title as thematic either; its refusals are in Vietnamese.


def submit(code: str, kind: CommendationKind, **changes: object) -> SubmitProposal:
    nominee = Nominee.model_validate(
        {
            "nominee_kind": "member",
            "nominee_id": "m-lan",
            "award_code": code,
            "achievement_year": 2023,
        }
    )
    fields: dict[str, object] = {
        "proposal_id": "p-1",
        "agency": "01",
        "nominees": (nominee,),
        "commendation_kind": kind,
        "addressed_to": "ministry_province",
        "submitted_on": date(2024, 1, 10),
    }
    return SubmitProposal.model_validate(fields | changes)


def test_a_proposal_of_a_thematic_cstd_is_refused_naming_the_kind() -> None:
    (refused,) = proposals.submission_refusals(submit("CSTD_TINH", CommendationKind.THEMATIC))

    assert refused.details["field"] == "commendation_kind"
    assert refused.message.startswith("Chiến sĩ thi đua cấp tỉnh (CSTD_TINH) chỉ khen thưởng")


def test_a_proposal_of_a_thematic_bk_is_accepted() -> None:
    assert proposals.submission_refusals(submit("BK_TINH", CommendationKind.THEMATIC)) == []


def test_a_proposal_beyond_its_authority_is_refused_in_vietnamese() -> None:
    (refused,) = proposals.submission_refusals(
        submit("LDTT", CommendationKind.REGULAR, addressed_to="prime_minister")
    )

    assert refused.details["field"] == "addressed_to"
    assert refused.message == (
        "Lao động tiên tiến (LDTT) do cấp cơ sở (Giám đốc Sở, Cục trưởng…) quyết định: cấp "
        "Thủ tướng Chính phủ không quyết định và không chuyển xuống cấp dưới"
    )
