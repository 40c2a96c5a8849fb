"""Tenancy across a transfer (issue 15): a member belongs to the agency they were transferred
to from the transfer's first day; the agency they left may still record, dated before it,
what it owed them (a correction of the past), and nothing after. Their award history in the
agency they joined covers the agencies they came from."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType
from typing import Any

import pytest

from services.awards.commands.decisions import AwardLine, IssueDecision
from services.awards.commands.proposals import SubmitProposal
from services.awards.domain import decisions, proposals
from services.awards.domain.tenancy import Directory, Tenure, owner_on
from services.awards.localview.directory import tenures_from
from services.awards.localview.history_scope import HistoryScope, scope_of
from shared.events.awards import Nominee
from shared.events.vocabulary import RecipientKind

BAC_GIANG, BAC_NINH_34, THAI_NGUYEN = "24", "SCT34-24", "19"
MEMBER = RecipientKind.MEMBER
JULY_2025 = date(2025, 7, 1)

HOA = (Tenure(BAC_GIANG), Tenure(BAC_NINH_34, JULY_2025), Tenure(THAI_NGUYEN, date(2026, 3, 1)))
"""Bắc Giang's member, moved with the merger, then to Thái Nguyên's department in 2026."""

DIRECTORY = Directory(
    owners=MappingProxyType({(MEMBER, "m-hoa"): THAI_NGUYEN, (MEMBER, "m-an"): BAC_GIANG}),
    tenures=MappingProxyType({(MEMBER, "m-hoa"): HOA}),
)


@pytest.mark.parametrize(
    ("day", "owner"),
    [
        (date(2016, 1, 1), BAC_GIANG),
        (date(2025, 6, 30), BAC_GIANG),
        (JULY_2025, BAC_NINH_34),
        (date(2026, 2, 28), BAC_NINH_34),
        (date(2026, 3, 1), THAI_NGUYEN),
    ],
)
def test_the_owner_on_a_day_is_the_last_agency_joined_by_then(day: date, owner: str) -> None:
    assert owner_on(HOA, day) == owner
    assert DIRECTORY.owner_of(MEMBER, "m-hoa", day) == owner


def test_without_a_day_the_owner_is_the_current_one() -> None:
    assert DIRECTORY.owner_of(MEMBER, "m-hoa") == THAI_NGUYEN
    assert DIRECTORY.owner_of(MEMBER, "m-an", date(2020, 1, 1)) == BAC_GIANG
    assert DIRECTORY.agencies_of([(MEMBER, "m-hoa"), (MEMBER, "m-an")]) == {
        THAI_NGUYEN,
        BAC_GIANG,
    }


def issue(agency: str, signed_on: date) -> IssueDecision:
    line = AwardLine(
        award_id="a-1",
        recipient_kind=MEMBER,
        recipient_id="m-hoa",
        award_code="LDTT",
        year_from=2024,
        year_to=2024,
    )
    return IssueDecision(
        decision_id="d-1",
        agency=agency,
        number="1/QĐ",
        signed_on=signed_on,
        issuing_authority="Thủ trưởng",
        authority_level="unit",
        commendation_kind="regular",
        awards=(line,),
    )


@pytest.mark.parametrize(
    ("agency", "signed_on", "refused"),
    [
        (BAC_GIANG, date(2025, 5, 10), False),
        (BAC_GIANG, date(2025, 8, 1), True),
        (BAC_NINH_34, date(2025, 8, 1), False),
        (BAC_NINH_34, date(2025, 5, 10), True),
        (BAC_NINH_34, date(2026, 4, 1), True),
        (THAI_NGUYEN, date(2026, 4, 1), False),
    ],
)
def test_a_decision_names_the_recipient_of_its_agency_on_the_day_it_is_signed(
    agency: str, signed_on: date, refused: bool
) -> None:
    found = decisions.foreign_recipients(issue(agency, signed_on), DIRECTORY)
    assert [r.field for r in found] == (["awards.0.recipient_id"] if refused else [])


def submit(agency: str, submitted_on: date) -> SubmitProposal:
    fields: dict[str, Any] = {
        "proposal_id": "p-1",
        "agency": agency,
        "nominees": (
            Nominee(
                nominee_kind="member", nominee_id="m-hoa", award_code="BK_BO", achievement_year=2024
            ),
        ),
        "commendation_kind": "regular",
        "addressed_to": "ministry_province",
        "submitted_on": submitted_on,
    }
    return SubmitProposal.model_validate(fields)


def test_a_proposal_names_the_nominee_of_its_agency_on_the_day_it_is_submitted() -> None:
    before = proposals.foreign_references(submit(BAC_GIANG, date(2025, 3, 1)), DIRECTORY)
    after = proposals.foreign_references(submit(BAC_GIANG, date(2025, 9, 1)), DIRECTORY)

    assert (before, [r.owner for r in after]) == ([], [BAC_NINH_34])


def test_a_history_covers_the_lineage_and_the_agencies_the_recipient_came_from() -> None:
    successor = scope_of({BAC_NINH_34, BAC_GIANG}, HOA)
    predecessor = scope_of({BAC_GIANG}, HOA)
    latest = scope_of({THAI_NGUYEN}, HOA)

    assert successor.agencies == (BAC_GIANG, BAC_NINH_34)
    assert latest.agencies == (THAI_NGUYEN, BAC_GIANG, BAC_NINH_34)
    assert predecessor.agencies == (BAC_GIANG,)
    assert [(t.from_agency, t.to_agency, t.on) for t in predecessor.transfers] == [
        (BAC_GIANG, BAC_NINH_34, JULY_2025)
    ]
    assert len(successor.transfers) == len(latest.transfers) == 2


def test_a_recipient_who_never_moved_is_the_agencys_alone() -> None:
    assert scope_of({"01"}, (Tenure("01"),)) == HistoryScope(("01",))
    assert scope_of({"01"}, ()) == HistoryScope(("01",))


def test_tenures_come_from_the_entry_and_the_transfers_after_it() -> None:
    merged = [(BAC_GIANG, None, None), (BAC_NINH_34, "2025-07-01", BAC_GIANG)]
    entry_not_yet_known = [(THAI_NGUYEN, "2026-03-01", BAC_NINH_34)]

    assert tenures_from(merged) == HOA[:2]
    assert tenures_from(entry_not_yet_known) == (Tenure(BAC_NINH_34), HOA[2])
    assert tenures_from([]) == ()
