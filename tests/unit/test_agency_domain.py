"""Agency aggregate: given events, when a command, then events or an error."""

from __future__ import annotations

from datetime import date

import pytest

from services.registry.commands.agencies import RegisterAgency
from services.registry.domain import agencies
from shared.domain_errors import IllegalTransition, InvalidCommand
from shared.events import AgencyRegistered


def register(**changes: object) -> RegisterAgency:
    fields: dict[str, object] = {
        "agency_code": "06",
        "name": "Sở Công Thương Bắc Kạn",
        "kind": "provincial_department",
        "province_code": "06",
        "province_list": "63",
    }
    return RegisterAgency.model_validate(fields | changes)


def refused_field(command: RegisterAgency) -> object:
    with pytest.raises(InvalidCommand) as refused:
        agencies.decide_register(agencies.fold([]), command)
    return refused.value.details["field"]


def test_registering_a_department_emits_agency_registered() -> None:
    events = agencies.decide_register(agencies.fold([]), register())

    assert events == [
        AgencyRegistered(
            agency_code="06",
            name="Sở Công Thương Bắc Kạn",
            kind="provincial_department",
            province_code="06",
            province_list="63",
        )
    ]


def test_an_agency_is_registered_once() -> None:
    given = agencies.decide_register(agencies.fold([]), register())

    with pytest.raises(IllegalTransition) as refused:
        agencies.decide_register(agencies.fold(given), register())
    assert refused.value.details["current_state"] == "registered"


@pytest.mark.parametrize(
    ("established_on", "expected"),
    [(date(2008, 8, 1), "63"), (date(2025, 6, 30), "63"), (date(2025, 7, 1), "34")],
)
def test_the_list_follows_from_the_day_the_agency_was_set_up(
    established_on: date, expected: str
) -> None:
    command = register(province_code="19", province_list=None, established_on=established_on)
    [event] = agencies.decide_register(agencies.fold([]), command)

    assert isinstance(event, AgencyRegistered)
    assert event.province_list == expected


def test_a_named_list_must_agree_with_the_establishment_day() -> None:
    command = register(province_list="34", established_on=date(2010, 1, 1))
    assert refused_field(command) == "province_list"


def test_a_department_needs_a_list_or_a_day() -> None:
    assert refused_field(register(province_list=None)) == "province_list"


def test_a_department_needs_a_province() -> None:
    assert refused_field(register(province_code=None, province_list=None)) == "province_code"


def test_the_code_must_be_on_its_list() -> None:
    # Bắc Kạn (06) merged into Thái Nguyên (19) on 2025-07-01: the 34 list has no 06.
    assert refused_field(register(province_code="06", province_list="34")) == "province_code"


def test_a_ministry_unit_has_no_province() -> None:
    ministry_unit = {"agency_code": "BCT-CCT", "name": "Cục Công Thương địa phương"}
    command = register(kind="ministry_unit", **ministry_unit)
    assert refused_field(command) == "province_code"

    [event] = agencies.decide_register(
        agencies.fold([]),
        register(kind="ministry_unit", province_code=None, province_list=None, **ministry_unit),
    )
    assert isinstance(event, AgencyRegistered)
    assert event.province_code is None
