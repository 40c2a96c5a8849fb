"""The ministry's assignment of an agency to an instance, decided on the agency's
``ownership-<code>`` stream (issue 18)."""

from __future__ import annotations

import pytest

from services.registry.commands.ownership import AssignOwnership
from services.registry.domain.ownership import (
    Ownership,
    check_national,
    decide_assign,
    fold,
)
from shared.domain_errors import IllegalTransition, InvalidCommand
from shared.events import AgencyOwnershipAssigned

BASIS = "Quyết định 1234/QĐ-BCT"


def to(instance: str, agency: str = "01") -> AssignOwnership:
    return AssignOwnership(agency_code=agency, instance=instance, legal_basis=BASIS)


def test_the_first_assignment_takes_the_agency_from_the_national_instance() -> None:
    [event] = decide_assign(fold([]), to("sct-01"), national_holds_events=False)

    assert event == AgencyOwnershipAssigned(
        agency_code="01",
        instance="sct-01",
        previous_instance="national",
        sequence=1,
        legal_basis=BASIS,
    )


def test_the_next_assignment_continues_from_the_last() -> None:
    history = decide_assign(fold([]), to("sct-01"), national_holds_events=False)

    [back] = decide_assign(fold(history), to("national"), national_holds_events=True)

    assert isinstance(back, AgencyOwnershipAssigned)
    assert (back.sequence, back.previous_instance, back.instance) == (2, "sct-01", "national")
    assert fold([*history, back]) == Ownership(sequence=2, instance="national")


@pytest.mark.parametrize(
    ("state", "instance"),
    [(Ownership(), "national"), (Ownership(sequence=3, instance="sct-01"), "sct-01")],
)
def test_an_assignment_to_the_instance_serving_the_agency_names_the_field(
    state: Ownership, instance: str
) -> None:
    with pytest.raises(InvalidCommand) as refused:
        decide_assign(state, to(instance), national_holds_events=False)

    assert refused.value.details == {"field": "instance"}
    assert "không cần giao lại" in refused.value.message


def test_an_agency_with_events_in_the_national_store_stays_national() -> None:
    with pytest.raises(IllegalTransition) as refused:
        decide_assign(Ownership(), to("sct-01"), national_holds_events=True)

    assert "chuyển dữ liệu giữa các hệ thống chưa được hỗ trợ" in refused.value.message
    assert refused.value.details["current_state"] == "national_holds_events"


def test_events_in_the_national_store_do_not_hold_an_agency_a_province_serves() -> None:
    state = Ownership(sequence=1, instance="sct-79")

    [event] = decide_assign(state, to("sct-01"), national_holds_events=True)

    assert isinstance(event, AgencyOwnershipAssigned)
    assert (event.previous_instance, event.instance) == ("sct-79", "sct-01")


def test_only_the_national_instance_records_an_assignment() -> None:
    check_national("national")

    with pytest.raises(IllegalTransition) as refused:
        check_national("sct-01")

    assert refused.value.details == {"current_state": "province_instance", "instance": "sct-01"}
    assert "hệ thống quốc gia của Bộ" in refused.value.message
