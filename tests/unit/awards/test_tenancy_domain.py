"""The tenancy rule as the domain decides it: who may name whose units, members, agencies and
campaigns in a decision or a proposal (facts from the local view handed in)."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType
from typing import Any

import pytest

from services.awards.commands.decisions import AwardLine, IssueDecision
from services.awards.commands.proposals import SubmitProposal
from services.awards.domain import decisions, proposals
from services.awards.domain.decisions import IssueFacts
from services.awards.domain.tenancy import (
    CampaignOwner,
    Directory,
    NamesAnotherAgency,
    may_commend,
)
from shared.events.awards import Nominee
from shared.events.vocabulary import AgencyKind, GrantingLevel, RecipientKind

HA_NOI, BAC_KAN, MINISTRY = "01", "06", "BCT"
UNIT, MP, PM = GrantingLevel.UNIT, GrantingLevel.MINISTRY_PROVINCE, GrantingLevel.PRIME_MINISTER
MEMBER = RecipientKind.MEMBER

DIRECTORY = Directory(
    owners=MappingProxyType(
        {
            (MEMBER, "hn-m1"): HA_NOI,
            (MEMBER, "bk-m1"): BAC_KAN,
            (RecipientKind.UNIT, "bk-p1"): BAC_KAN,
        }
    ),
    kinds=MappingProxyType(
        {
            HA_NOI: AgencyKind.PROVINCIAL_DEPARTMENT,
            BAC_KAN: AgencyKind.PROVINCIAL_DEPARTMENT,
            MINISTRY: AgencyKind.MINISTRY_UNIT,
        }
    ),
    campaigns=MappingProxyType(
        {
            "c-06": CampaignOwner(BAC_KAN),
            "c-06-answered": CampaignOwner(BAC_KAN, frozenset({HA_NOI})),
            "c-bct": CampaignOwner(MINISTRY),
        }
    ),
)


@pytest.mark.parametrize(
    ("writer", "owner", "level", "allowed"),
    [
        (HA_NOI, HA_NOI, UNIT, True),
        (HA_NOI, HA_NOI, PM, True),
        (HA_NOI, BAC_KAN, UNIT, False),
        (HA_NOI, BAC_KAN, MP, False),
        (HA_NOI, MINISTRY, MP, False),
        (MINISTRY, BAC_KAN, UNIT, False),
        (MINISTRY, BAC_KAN, MP, True),
        (MINISTRY, BAC_KAN, PM, True),
        (MINISTRY, MINISTRY, UNIT, True),
        ("07", BAC_KAN, MP, False),  # an agency the view does not know: not ministry-level
    ],
)
def test_an_agency_commends_its_own_and_the_ministry_the_sector_from_ministry_level(
    writer: str, owner: str, level: GrantingLevel, allowed: bool
) -> None:
    assert may_commend(writer, owner, level, DIRECTORY) is allowed


def line(recipient: str, kind: str = "member", code: str = "LDTT") -> AwardLine:
    return AwardLine(
        award_id=f"a-{recipient}",
        recipient_kind=RecipientKind(kind),
        recipient_id=recipient,
        award_code=code,
        year_from=2024,
        year_to=2024,
    )


def issue(agency: str, *lines: AwardLine, level: GrantingLevel = UNIT) -> IssueDecision:
    return IssueDecision(
        decision_id="d-1",
        agency=agency,
        number="1/QĐ",
        signed_on=date(2025, 1, 15),
        issuing_authority="Thủ trưởng",
        authority_level=level,
        commendation_kind="regular",
        awards=lines,
    )


def refused_fields(command: IssueDecision) -> list[str]:
    with pytest.raises(NamesAnotherAgency) as refused:
        decisions.decide_issue(decisions.Decision(), command, IssueFacts(directory=DIRECTORY))
    return [reference.field for reference in refused.value.references]


def test_a_decision_names_every_recipient_of_another_agency() -> None:
    command = issue(HA_NOI, line("hn-m1"), line("bk-m1"), line("bk-p1", "unit", "TTLDTT"))
    assert refused_fields(command) == ["awards.1.recipient_id", "awards.2.recipient_id"]


def test_an_agency_recipient_is_the_agency_itself() -> None:
    own = issue(HA_NOI, line(HA_NOI, "agency", "BK_TINH"), level=MP)
    other = issue(HA_NOI, line(BAC_KAN, "agency", "BK_TINH"), level=MP)

    assert len(decisions.decide_issue(decisions.Decision(), own, IssueFacts())) == 2
    assert refused_fields(other) == ["awards.0.recipient_id"]


def test_unknown_members_and_households_are_accepted() -> None:
    command = issue(HA_NOI, line("hn-new"), line("hh-1", "household", "GIAY_KHEN"))
    facts = IssueFacts(directory=DIRECTORY)
    assert len(decisions.decide_issue(decisions.Decision(), command, facts)) == 3


def test_the_refusal_speaks_vietnamese_to_the_officer() -> None:
    with pytest.raises(NamesAnotherAgency) as refused:
        decisions.decide_issue(
            decisions.Decision(), issue(HA_NOI, line("bk-m1")), IssueFacts(directory=DIRECTORY)
        )
    [reference] = refused.value.references
    assert reference.message_vi.startswith("Đối tượng “bk-m1” thuộc cơ quan 06, không thuộc")
    assert reference.msg == "bk-m1 belongs to agency 06, not to agency 01"
    assert refused.value.details["field"] == "awards.0.recipient_id"


def submit(agency: str, *nominees: tuple[str, str, str], **changes: Any) -> SubmitProposal:
    fields: dict[str, Any] = {
        "proposal_id": "p-1",
        "agency": agency,
        "nominees": tuple(
            Nominee(nominee_kind=kind, nominee_id=who, award_code=code, achievement_year=2024)
            for kind, who, code in nominees
        ),
        "commendation_kind": "regular",
        "addressed_to": "ministry_province",
        "submitted_on": date(2025, 1, 5),
    }
    return SubmitProposal.model_validate(fields | changes)


@pytest.mark.parametrize(
    ("command", "fields"),
    [
        (submit(HA_NOI, ("member", "bk-m1", "BK_BO")), ["nominees.0.nominee_id"]),
        (submit(HA_NOI, ("agency", BAC_KAN, "CO_THI_DUA_BO")), ["nominees.0.nominee_id"]),
        (submit(HA_NOI, ("member", "hn-m1", "BK_BO"), campaign_id="c-06"), ["campaign_id"]),
        (
            submit(MINISTRY, ("member", "bk-m1", "GIAY_KHEN"), addressed_to="unit"),
            ["nominees.0.nominee_id"],
        ),
        (submit(HA_NOI, ("member", "hn-m1", "BK_BO"), campaign_id="c-bct"), []),
        (submit(HA_NOI, ("member", "hn-m1", "BK_BO"), campaign_id="c-06-answered"), []),
        (submit(HA_NOI, ("member", "hn-m1", "BK_BO"), campaign_id="c-unknown"), []),
        (submit(MINISTRY, ("member", "bk-m1", "BK_BO"), ("agency", BAC_KAN, "CO_THI_DUA_BO")), []),
    ],
)
def test_a_proposal_names_its_own_nominees_and_campaigns_or_those_within_reach(
    command: SubmitProposal, fields: list[str]
) -> None:
    found = proposals.foreign_references(command, DIRECTORY)
    assert [reference.field for reference in found] == fields


def test_a_submission_naming_another_agencys_member_is_refused() -> None:
    command = submit(HA_NOI, ("member", "hn-m1", "BK_BO"), ("member", "bk-m1", "BK_BO"))
    with pytest.raises(NamesAnotherAgency) as refused:
        proposals.decide_submit(proposals.fold([]), command, DIRECTORY)
    assert refused.value.details["field"] == "nominees.1.nominee_id"
