"""Discipline hold: given events, when a command, then events or an error."""

from __future__ import annotations

from datetime import date

import pytest

from services.registry.commands.discipline import LiftDisciplineHold, PlaceDisciplineHold
from services.registry.domain import discipline
from shared.domain_errors import IllegalTransition, InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events import DisciplineHoldLifted, DisciplineHoldPlaced

TODAY = date(2020, 6, 1)


def place(**changes: object) -> PlaceDisciplineHold:
    fields: dict[str, object] = {
        "hold_id": "h-1",
        "agency": "06",
        "subject_kind": "member",
        "subject_id": "m-thao",
        "from_date": date(2019, 3, 1),
        "note": "Khiển trách theo Quyết định số 12/QĐ-SCT",
    }
    return PlaceDisciplineHold.model_validate(fields | changes)


def placed() -> list[EventPayload]:
    return discipline.decide_place(discipline.fold([]), place(), "06")


def lift(on: date = date(2020, 3, 1)) -> LiftDisciplineHold:
    return LiftDisciplineHold(hold_id="h-1", lifted_on=on)


def test_placing_emits_a_hold_without_its_note() -> None:
    [event] = placed()

    assert isinstance(event, DisciplineHoldPlaced)
    assert event.subject_id == "m-thao"
    assert "Khiển trách" not in event.model_dump_json()


@pytest.mark.parametrize("agency", [None, "01"])
def test_a_subject_outside_the_agency_is_refused_naming_the_field(agency: str | None) -> None:
    with pytest.raises(InvalidCommand) as refused:
        discipline.decide_place(discipline.fold([]), place(), agency)
    assert refused.value.details["field"] == "subject_id"


def test_to_date_before_from_date_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidCommand) as refused:
        discipline.decide_place(discipline.fold([]), place(to_date=date(2019, 2, 1)), "06")
    assert refused.value.details["field"] == "to_date"


def test_a_hold_cannot_be_placed_twice() -> None:
    with pytest.raises(IllegalTransition):
        discipline.decide_place(discipline.fold(placed()), place(), "06")


def test_lifting_emits_the_last_day_of_the_hold() -> None:
    [event] = discipline.decide_lift(discipline.fold(placed()), lift(), TODAY)

    assert isinstance(event, DisciplineHoldLifted)
    assert (event.subject_kind.value, event.subject_id) == ("member", "m-thao")
    assert event.to_date == date(2020, 3, 1)


def test_a_lifted_hold_cannot_be_lifted_again() -> None:
    given = [*placed(), *discipline.decide_lift(discipline.fold(placed()), lift(), TODAY)]
    with pytest.raises(IllegalTransition) as refused:
        discipline.decide_lift(discipline.fold(given), lift(), TODAY)
    assert refused.value.details["current_state"] == "lifted"


@pytest.mark.parametrize("on", [date(2019, 2, 28), date(2020, 6, 2)])
def test_lifting_before_the_hold_or_in_the_future_is_refused(on: date) -> None:
    with pytest.raises(InvalidCommand) as refused:
        discipline.decide_lift(discipline.fold(placed()), lift(on), TODAY)
    assert refused.value.details["field"] == "lifted_on"


def test_an_unknown_hold_cannot_be_lifted() -> None:
    with pytest.raises(NotFound):
        discipline.decide_lift(discipline.fold([]), lift(), TODAY)
