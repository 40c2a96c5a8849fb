"""A successor continues its predecessors' work (issue 15): from its first day it decides
the proposals they left and names their campaigns; an unrelated agency does not, nor the
successor before its first day, nor a predecessor its successor's work."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

import pytest

from services.awards.commands.decisions import AwardLine, IssueDecision
from services.awards.domain import decisions
from services.awards.domain.decisions import InvalidDecision, IssueFacts, ProposalFacts
from services.awards.domain.tenancy import (
    CampaignOwner,
    Directory,
    Merger,
    before_takeover_message,
    may_answer,
    takeover_days,
)
from shared.events import DecisionIssued
from shared.events.vocabulary import GrantingLevel, RecipientKind

BAC_GIANG, BAC_NINH, BAC_NINH_34, HA_NOI = "24", "27", "SCT34-24", "01"
JULY_2025 = date(2025, 7, 1)
MERGERS = [
    Merger(BAC_NINH_34, (BAC_GIANG, BAC_NINH), JULY_2025),
    Merger("SCT-2030", (BAC_NINH_34,), date(2030, 1, 1)),
]
"""Bắc Giang's and Bắc Ninh's departments merge in 2025; a (made-up) second merger in 2030."""


def test_a_successor_continues_its_predecessors_from_its_first_day() -> None:
    assert takeover_days(MERGERS, BAC_NINH_34) == {BAC_GIANG: JULY_2025, BAC_NINH: JULY_2025}


def test_along_a_chain_the_latest_merger_gives_the_first_day() -> None:
    later = date(2030, 1, 1)
    assert takeover_days(MERGERS, "SCT-2030") == {
        BAC_NINH_34: later,
        BAC_GIANG: later,
        BAC_NINH: later,
    }


@pytest.mark.parametrize("agency", [BAC_GIANG, HA_NOI])
def test_a_predecessor_or_an_unrelated_agency_continues_nobody(agency: str) -> None:
    assert takeover_days(MERGERS, agency) == {}


def test_a_loop_in_bad_data_ends() -> None:
    looped = [Merger("A", ("B",), JULY_2025), Merger("B", ("A",), JULY_2025)]
    assert takeover_days(looped, "A") == {"B": JULY_2025}


def test_the_refusal_before_the_takeover_names_the_first_day_in_vietnamese() -> None:
    message = before_takeover_message(BAC_GIANG, BAC_NINH_34, JULY_2025, date(2025, 6, 15))
    assert message == (
        "Cơ quan SCT34-24 tiếp nhận công việc của cơ quan 24 từ ngày 01/07/2025; "
        "việc ngày 15/06/2025 do cơ quan 24 ghi nhận."
    )


SUCCESSORS_DIRECTORY = Directory(
    continued=MappingProxyType(takeover_days(MERGERS, BAC_NINH_34)),
    owners=MappingProxyType({(RecipientKind.MEMBER, "m-hoa"): BAC_NINH_34}),
)


def issue(agency: str, signed_on: date) -> IssueDecision:
    line = AwardLine(
        award_id="a-1",
        recipient_kind=RecipientKind.MEMBER,
        recipient_id="m-hoa",
        award_code="LDTT",
        year_from=2022,
        year_to=2022,
    )
    return IssueDecision(
        decision_id="d-1",
        agency=agency,
        number="15/QĐ-SCT",
        signed_on=signed_on,
        issuing_authority="Giám đốc Sở Công Thương",
        authority_level="unit",
        commendation_kind="regular",
        proposal_id="p-1",
        awards=(line,),
    )


def of(agency: str, directory: Directory = SUCCESSORS_DIRECTORY) -> IssueFacts:
    submitted_on = date(2025, 6, 10)
    found = ProposalFacts(agency, "reviewed", GrantingLevel.UNIT, submitted_on)
    return IssueFacts(proposal=found, directory=directory)


def test_the_successor_decides_the_proposal_its_predecessor_left() -> None:
    command = issue(BAC_NINH_34, date(2025, 7, 25))
    head = decisions.decide_issue(decisions.Decision(), command, of(BAC_GIANG))[0]
    assert isinstance(head, DecisionIssued)
    assert head.proposal_id == "p-1"
    assert decisions.filed_on(command, of(BAC_GIANG).proposal, SUCCESSORS_DIRECTORY) == date(
        2025, 6, 10
    )


@pytest.mark.parametrize(
    ("agency", "proposer", "signed_on"),
    [
        (BAC_NINH_34, HA_NOI, date(2025, 7, 25)),  # an unrelated agency's proposal
        (BAC_NINH_34, BAC_GIANG, date(2025, 6, 25)),  # before the successor's first day
        (BAC_GIANG, BAC_NINH_34, date(2025, 6, 25)),  # the successor's, by its predecessor
    ],
)
def test_no_other_decides_a_proposal(agency: str, proposer: str, signed_on: date) -> None:
    command = issue(agency, signed_on)
    directory = SUCCESSORS_DIRECTORY if agency == BAC_NINH_34 else Directory()
    with pytest.raises(InvalidDecision) as refused:
        decisions.decide_issue(decisions.Decision(), command, of(proposer, directory))
    assert refused.value.code == "proposal_not_found"
    assert decisions.filed_on(command, of(proposer).proposal, directory) == signed_on


def test_the_successor_names_its_predecessors_campaign_and_not_an_unrelated_one() -> None:
    bac_giangs, ha_nois = CampaignOwner(BAC_GIANG), CampaignOwner(HA_NOI)
    assert may_answer(BAC_NINH_34, bac_giangs, SUCCESSORS_DIRECTORY)
    assert not may_answer(BAC_NINH_34, ha_nois, SUCCESSORS_DIRECTORY)
    assert not may_answer(BAC_GIANG, CampaignOwner(BAC_NINH_34), Directory())
