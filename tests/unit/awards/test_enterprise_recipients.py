"""Enterprises (doanh nghiệp) as recipients: named by their tax code, in no agency's directory,
given the collective awards but the collective titles, one award per achievement."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from services.awards.api.decisions_schemas import AwardCreate
from services.awards.api.proposals_schemas import NomineeIn
from services.awards.commands.decisions import AwardLine, IssueDecision
from services.awards.commands.proposals import SubmitProposal
from services.awards.domain import decisions, proposals
from services.awards.domain.decisions import IssueFacts, line_refusals
from services.awards.domain.eligibility import (
    FactEvent,
    ProposedAward,
    ViolationKind,
    check_decision_awards,
    fold_facts,
)
from services.awards.domain.tenancy import Directory
from services.awards.imports.vocabulary import recipient_kind_of
from shared.events import AwardGranted
from shared.events.vocabulary import AgencyKind, CommendationKind, GrantingLevel, RecipientKind
from shared.reference.awards import AWARDS, is_collective, is_for_enterprise

ENTERPRISE = RecipientKind.ENTERPRISE
TAX_CODE, BRANCH = "0100109106", "0100109106-001"
MP = GrantingLevel.MINISTRY_PROVINCE


def line(code: str = "BK_BO", who: str = TAX_CODE) -> AwardLine:
    return AwardLine(
        award_id=f"a-{who}-{code}",
        recipient_kind=ENTERPRISE,
        recipient_id=who,
        award_code=code,
        year_from=2024,
        year_to=2024,
    )


def issue(*lines: AwardLine, agency: str = "01") -> IssueDecision:
    return IssueDecision(
        decision_id="d-1",
        agency=agency,
        number="1234/QĐ-BCT",
        signed_on=date(2025, 3, 1),
        issuing_authority="Bộ trưởng Bộ Công Thương",
        authority_level=MP,
        commendation_kind=CommendationKind.REGULAR,
        awards=lines,
    )


def test_an_enterprise_may_receive_the_collective_awards_but_the_collective_titles() -> None:
    refused = {code for code in AWARDS if is_collective(code) and not is_for_enterprise(code)}
    assert refused == {"TTLDTT", "TTLDXS"}
    assert is_for_enterprise("CO_THI_DUA_BO")
    assert is_for_enterprise("BK_TTG")
    assert not is_for_enterprise("CSTD_BO")


def test_a_bang_khen_of_the_ministry_to_an_enterprise_and_its_branch_is_granted() -> None:
    command = issue(line("BK_BO"), line("CO_THI_DUA_BO", BRANCH))

    events = decisions.decide_issue(decisions.Decision(), command, IssueFacts())

    granted = [e for e in events if isinstance(e, AwardGranted)]
    assert [(g.recipient_kind, g.recipient_id) for g in granted] == [
        (ENTERPRISE, TAX_CODE),
        (ENTERPRISE, BRANCH),
    ]


@pytest.mark.parametrize("code", ["TTLDXS", "TTLDTT", "CSTD_BO"])
def test_titles_judged_on_members_and_individual_awards_are_not_for_an_enterprise(
    code: str,
) -> None:
    [refused] = line_refusals(issue(line(code)))

    assert (refused.code, refused.details["field"]) == (
        "award_not_for_enterprise",
        "awards.0.award_code",
    )
    assert "không tặng cho doanh nghiệp" in refused.message


@pytest.mark.parametrize("who", ["010010910", "01001091066", "0100109106-01", "MST0100109106"])
def test_an_enterprise_is_named_by_its_tax_code(who: str) -> None:
    [refused] = line_refusals(issue(line("BK_BO", who)))

    assert (refused.code, refused.details["field"]) == ("invalid_tax_code", "awards.0.recipient_id")
    assert refused.message.startswith("Mã số thuế của doanh nghiệp gồm 10 chữ số")


def test_no_agency_owns_an_enterprise_so_any_agency_commends_one() -> None:
    # Even a directory that (wrongly) lists the tax code under another agency is not asked.
    directory = Directory(
        owners={(ENTERPRISE, TAX_CODE): "79"}, kinds={"01": AgencyKind.PROVINCIAL_DEPARTMENT}
    )

    assert directory.owner_of(ENTERPRISE, TAX_CODE) is None
    assert decisions.foreign_recipients(issue(line()), directory) == []


def test_the_same_award_for_the_same_achievement_is_refused_the_second_time() -> None:
    granted = AwardGranted(
        award_id="a-0",
        decision_id="d-0",
        recipient_kind=ENTERPRISE,
        recipient_id=TAX_CODE,
        award_code="BK_BO",
        commendation_kind=CommendationKind.REGULAR,
        granting_level=MP,
        achievement_year_from=2024,
        achievement_year_to=2024,
        decision_signed_on=date(2025, 1, 20),
    )
    facts = fold_facts([_fact(granted)])
    again = ProposedAward(ENTERPRISE, TAX_CODE, "BK_BO", 2024, 2024)
    # A Bằng khen rewards two years of achievement (2021–2022 here, 2023–2024 above).
    other_years = ProposedAward(ENTERPRISE, TAX_CODE, "BK_BO", 2022, 2022)

    [refused] = check_decision_awards(facts, [again])
    [warned] = check_decision_awards(facts, [other_years])

    assert refused.kind is ViolationKind.ALREADY_AWARDED
    assert warned.kind is ViolationKind.UNVERIFIED  # no criteria for enterprises: a warning
    assert "doanh nghiệp" in warned.reasons[0].reason_vi


def _fact(payload: AwardGranted) -> FactEvent:
    return FactEvent(payload=payload, occurred_at=datetime(2025, 1, 20, tzinfo=UTC), agency="01")


def submit(code: str, who: str = TAX_CODE) -> SubmitProposal:
    nominee = {"nominee_kind": "enterprise", "nominee_id": who, "award_code": code}
    return SubmitProposal.model_validate(
        {
            "proposal_id": "p-1",
            "agency": "01",
            "nominees": [nominee | {"achievement_year": 2024}],
            "commendation_kind": "regular",
            "addressed_to": "ministry_province",
            "submitted_on": date(2025, 2, 1),
        }
    )


def test_a_proposal_nominates_an_enterprise_for_collective_awards_only() -> None:
    assert proposals.submission_refusals(submit("BK_TTG")) == []
    [title] = proposals.submission_refusals(submit("TTLDXS"))
    [misnamed] = proposals.submission_refusals(submit("BK_BO", "cong-ty-abc"))

    assert (title.details["field"], title.message) == (
        "nominees.0.award_code",
        "Tập thể lao động xuất sắc (TTLDXS) không tặng cho doanh nghiệp: doanh nghiệp nhận các "
        "hình thức khen thưởng tập thể, trừ danh hiệu Tập thể lao động tiên tiến, Tập thể lao "
        "động xuất sắc (xét theo thành viên của tập thể trong danh sách của cơ quan)",
    )
    assert misnamed.details["field"] == "nominees.0.nominee_id"


@pytest.mark.parametrize(
    ("model", "fields", "at"),
    [
        (AwardCreate, {"recipient_kind": "enterprise", "recipient_id": "abc"}, "recipient_id"),
        (NomineeIn, {"nominee_kind": "enterprise", "nominee_id": "0100109106-1"}, "nominee_id"),
    ],
)
def test_the_api_refuses_an_enterprise_not_named_by_a_tax_code(
    model: type[AwardCreate] | type[NomineeIn], fields: dict[str, str], at: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        model.model_validate(fields | {"award_code": "BK_BO", "achievement_year": 2024})

    [error] = refused.value.errors()
    assert (error["loc"], error["type"]) == ((at,), "invalid_tax_code")
    assert error["msg"].startswith("Mã số thuế của doanh nghiệp")


def test_other_recipients_keep_their_own_ids() -> None:
    unit = AwardCreate.model_validate(
        {"recipient_kind": "unit", "recipient_id": "u-1", "award_code": "BK_BO"}
        | {"achievement_year": 2024}
    )
    assert unit.recipient_id == "u-1"


def test_a_spreadsheet_names_an_enterprise_in_vietnamese() -> None:
    assert recipient_kind_of("Doanh nghiệp") is ENTERPRISE
    assert recipient_kind_of("DN") is ENTERPRISE
