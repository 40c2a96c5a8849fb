"""Registration aggregate: given events, when a command, then events or an error."""

from __future__ import annotations

from datetime import date

import pytest

from services.registry.commands.registrations import (
    ApproveRegistration,
    ResubmitRegistration,
    ReturnRegistration,
    SubmitRegistration,
)
from services.registry.domain import registrations
from services.registry.domain.registrations import (
    AlreadyRegistered,
    CampaignFacts,
    ExistingRegistration,
    Facts,
    InvalidRegistration,
)
from shared.domain_errors import IllegalTransition, InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events import RegistrationApproved, RegistrationReturned, RegistrationSubmitted
from shared.events.vocabulary import SubjectKind

DAY = date(2021, 1, 15)
HOME = Facts(registrant_agency="06")
OPEN_CAMPAIGN = CampaignFacts(status="launched", start_date=date(2016, 1, 1), end_date=None)


def submit(**changes: object) -> SubmitRegistration:
    fields: dict[str, object] = {
        "registration_id": "r-1",
        "agency": "06",
        "registrant_kind": "member",
        "registrant_id": "bk-m1",
        "year": 2021,
        "award_codes": ("LDTT", "CSTDCS"),
        "submitted_on": DAY,
    }
    return SubmitRegistration.model_validate(fields | changes)


def submitted() -> list[EventPayload]:
    return registrations.decide_submit(registrations.fold([]), submit(), HOME)


def returned() -> list[EventPayload]:
    return [*submitted(), RegistrationReturned(registration_id="r-1", reason="Thiếu sáng kiến")]


def refusal_codes(command: SubmitRegistration, facts: Facts = HOME) -> list[str]:
    return [refusal.code for refusal in registrations.submission_refusals(command, facts)]


def test_a_member_registers_for_individual_titles() -> None:
    assert submitted() == [
        RegistrationSubmitted(
            registration_id="r-1",
            registrant_kind=SubjectKind.MEMBER,
            registrant_id="bk-m1",
            year=2021,
            award_codes=["LDTT", "CSTDCS"],
        )
    ]


def test_titles_must_be_known_distinct_and_fit_the_registrant() -> None:
    assert refusal_codes(submit(award_codes=("TTLDTT", "LDTT", "LDTT", "XYZ"))) == [
        "award_not_individual",
        "duplicate_award_code",
        "unknown_award_code",
    ]
    unit = submit(registrant_kind="unit", registrant_id="bk-p1", award_codes=("CSTDCS",))
    assert refusal_codes(unit) == ["award_not_collective"]
    assert refusal_codes(submit(award_codes=())) == ["no_award_codes"]


def test_a_code_for_both_fits_units_and_members() -> None:
    unit = submit(registrant_kind="unit", registrant_id="bk-p1", award_codes=("BK_TINH",))
    assert refusal_codes(unit) == []
    assert refusal_codes(submit(award_codes=("GIAY_KHEN",))) == []


def test_the_first_refusal_names_its_field() -> None:
    with pytest.raises(InvalidRegistration) as refused:
        registrations.decide_submit(registrations.fold([]), submit(award_codes=("TTLDXS",)), HOME)
    assert refused.value.details["field"] == "award_codes"
    assert refused.value.details["award_code"] == "TTLDXS"


def test_the_registrant_must_be_of_the_agency() -> None:
    assert refusal_codes(submit(), Facts(registrant_agency="01")) == ["registrant_not_found"]
    assert refusal_codes(submit(), Facts()) == ["registrant_not_found"]


def test_the_campaign_must_exist_be_open_and_run_that_year() -> None:
    command = submit(campaign_id="c-1")
    closed = OPEN_CAMPAIGN.model_copy(update={"status": "closed"})
    ended = OPEN_CAMPAIGN.model_copy(update={"end_date": date(2020, 12, 31)})

    assert refusal_codes(command) == ["campaign_not_found"]
    assert refusal_codes(command, HOME.model_copy(update={"campaign": OPEN_CAMPAIGN})) == []
    assert refusal_codes(command, HOME.model_copy(update={"campaign": closed})) == [
        "campaign_closed"
    ]
    assert refusal_codes(command, HOME.model_copy(update={"campaign": ended})) == [
        "campaign_not_in_year"
    ]


def test_one_registration_per_registrant_year_and_campaign() -> None:
    facts = HOME.model_copy(
        update={"existing": ExistingRegistration(registration_id="r-0", status="approved")}
    )
    with pytest.raises(AlreadyRegistered) as refused:
        registrations.decide_submit(registrations.fold([]), submit(), facts)
    assert refused.value.details == {"registration_id": "r-0", "current_state": "approved"}


def test_a_submitted_registration_is_approved_once() -> None:
    approve = ApproveRegistration(registration_id="r-1", approved_on=DAY)
    events = registrations.decide_approve(registrations.fold(submitted()), approve)

    assert events == [RegistrationApproved(registration_id="r-1")]
    with pytest.raises(IllegalTransition) as refused:
        registrations.decide_approve(registrations.fold([*submitted(), *events]), approve)
    assert refused.value.details["current_state"] == "approved"


def test_a_returned_registration_needs_a_reason() -> None:
    command = ReturnRegistration(registration_id="r-1", reason="  ", returned_on=DAY)
    with pytest.raises(InvalidCommand) as refused:
        registrations.decide_return(registrations.fold(submitted()), command)
    assert refused.value.details["field"] == "reason"


def test_a_returned_registration_is_neither_approved_nor_returned_again() -> None:
    state = registrations.fold(returned())
    with pytest.raises(IllegalTransition):
        registrations.decide_approve(
            state, ApproveRegistration(registration_id="r-1", approved_on=DAY)
        )
    with pytest.raises(IllegalTransition) as refused:
        registrations.decide_return(
            state, ReturnRegistration(registration_id="r-1", reason="Lần nữa", returned_on=DAY)
        )
    assert refused.value.details["current_state"] == "returned"


def test_resubmitting_sends_the_registration_again_with_new_titles() -> None:
    command = ResubmitRegistration(registration_id="r-1", award_codes=("LDTT",), submitted_on=DAY)
    events = registrations.decide_resubmit(registrations.fold(returned()), command, None)

    assert events == [
        RegistrationSubmitted(
            registration_id="r-1",
            registrant_kind=SubjectKind.MEMBER,
            registrant_id="bk-m1",
            year=2021,
            award_codes=["LDTT"],
        )
    ]
    assert registrations.fold([*returned(), *events]).status == "submitted"


def test_only_a_returned_registration_is_resubmitted() -> None:
    command = ResubmitRegistration(registration_id="r-1", award_codes=("LDTT",), submitted_on=DAY)
    with pytest.raises(IllegalTransition) as refused:
        registrations.decide_resubmit(registrations.fold(submitted()), command, None)
    assert refused.value.details["current_state"] == "submitted"
    with pytest.raises(NotFound):
        registrations.decide_resubmit(registrations.fold([]), command, None)


def test_a_resubmission_checks_titles_and_the_campaign() -> None:
    state = registrations.fold(returned())
    collective = ResubmitRegistration(
        registration_id="r-1", award_codes=("TTLDXS",), submitted_on=DAY
    )
    fine = ResubmitRegistration(registration_id="r-1", award_codes=("LDTT",), submitted_on=DAY)
    closed = OPEN_CAMPAIGN.model_copy(update={"status": "closed"})

    with pytest.raises(InvalidRegistration):
        registrations.decide_resubmit(state, collective, None)
    with pytest.raises(IllegalTransition) as refused:
        registrations.decide_resubmit(state, fine, closed)
    assert refused.value.details["campaign_status"] == "closed"
