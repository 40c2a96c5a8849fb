"""Initiative aggregate: given events, when a command, then events or an error."""

from __future__ import annotations

from datetime import date

import pytest

from services.registry.commands.initiatives import RecogniseInitiative, RegisterInitiative
from services.registry.domain import initiatives
from shared.domain_errors import IllegalTransition, InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events import InitiativeRecognised, InitiativeRegistered
from shared.events.vocabulary import InitiativeLevel

TODAY = date(2020, 6, 1)
AUTHORS = {"m-thao": "06", "m-sang": "06", "m-hanoi": "01"}


def register(**changes: object) -> RegisterInitiative:
    fields: dict[str, object] = {
        "initiative_id": "i-1",
        "agency": "06",
        "title": "Ứng dụng công nghệ thông tin cung cấp dịch vụ công trực tuyến cấp độ 3",
        "author_ids": ("m-thao", "m-sang"),
        "year": 2018,
    }
    return RegisterInitiative.model_validate(fields | changes)


def recognise(level: str, on: date = date(2019, 3, 1)) -> RecogniseInitiative:
    return RecogniseInitiative(initiative_id="i-1", level=InitiativeLevel(level), recognised_on=on)


def registered() -> list[EventPayload]:
    return initiatives.decide_register(initiatives.fold([]), register(), AUTHORS, TODAY)


def test_registering_emits_initiative_registered_with_its_authors() -> None:
    [event] = registered()

    assert isinstance(event, InitiativeRegistered)
    assert event.author_member_ids == ["m-thao", "m-sang"]
    assert event.year == 2018


def test_an_initiative_cannot_be_registered_twice() -> None:
    with pytest.raises(IllegalTransition):
        initiatives.decide_register(initiatives.fold(registered()), register(), AUTHORS, TODAY)


@pytest.mark.parametrize("author", ["m-hanoi", "m-unknown"])
def test_authors_outside_the_agency_are_refused_naming_the_field(author: str) -> None:
    with pytest.raises(InvalidCommand) as refused:
        initiatives.decide_register(
            initiatives.fold([]), register(author_ids=("m-thao", author)), AUTHORS, TODAY
        )
    assert refused.value.details["field"] == "author_ids"
    assert author in refused.value.message


def test_a_future_year_is_refused() -> None:
    with pytest.raises(InvalidCommand) as refused:
        initiatives.decide_register(initiatives.fold([]), register(year=2021), AUTHORS, TODAY)
    assert refused.value.details["field"] == "year"


def test_recognising_emits_initiative_recognised() -> None:
    [event] = initiatives.decide_recognise(
        initiatives.fold(registered()), recognise("grassroots"), TODAY
    )
    assert isinstance(event, InitiativeRecognised)
    assert event.level is InitiativeLevel.GRASSROOTS


def test_a_higher_level_needs_no_lower_one_first() -> None:
    [event] = initiatives.decide_recognise(
        initiatives.fold(registered()), recognise("national"), TODAY
    )
    assert isinstance(event, InitiativeRecognised)


def test_each_level_is_recognised_at_most_once() -> None:
    given = [
        *registered(),
        InitiativeRecognised(
            initiative_id="i-1", level=InitiativeLevel.GRASSROOTS, recognised_on=date(2018, 12, 1)
        ),
    ]
    with pytest.raises(IllegalTransition) as refused:
        initiatives.decide_recognise(initiatives.fold(given), recognise("grassroots"), TODAY)
    assert refused.value.details["recognised_levels"] == ["grassroots"]


def test_recognition_before_the_registration_year_is_refused() -> None:
    with pytest.raises(InvalidCommand) as refused:
        initiatives.decide_recognise(
            initiatives.fold(registered()), recognise("grassroots", date(2017, 12, 31)), TODAY
        )
    assert refused.value.details["field"] == "recognised_on"


def test_recognition_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidCommand):
        initiatives.decide_recognise(
            initiatives.fold(registered()), recognise("grassroots", date(2020, 6, 2)), TODAY
        )


def test_an_unregistered_initiative_cannot_be_recognised() -> None:
    with pytest.raises(NotFound):
        initiatives.decide_recognise(initiatives.fold([]), recognise("grassroots"), TODAY)
