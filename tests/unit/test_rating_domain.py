"""A member's yearly rating: given events, when a command, then events or an error."""

from __future__ import annotations

from datetime import date

import pytest

from services.registry.commands.ratings import RecordRating
from services.registry.domain import ratings
from shared.domain_errors import IllegalTransition, InvalidCommand
from shared.events import RatingRecorded
from shared.events.vocabulary import Rating

TODAY = date(2020, 12, 20)
GIVEN = [RatingRecorded(member_id="m-thao", year=2020, rating=Rating.HTTNV)]


def record(rating: str = "HTTNV", **changes: object) -> RecordRating:
    fields: dict[str, object] = {
        "agency": "06",
        "member_id": "m-thao",
        "year": 2020,
        "rating": rating,
    }
    return RecordRating.model_validate(fields | changes)


def test_a_first_rating_emits_rating_recorded() -> None:
    [event] = ratings.decide_record(ratings.fold([]), record(), "06", TODAY)

    assert isinstance(event, RatingRecorded)
    assert event.rating is Rating.HTTNV


def test_a_correction_with_the_version_read_emits_a_new_rating() -> None:
    [event] = ratings.decide_record(
        ratings.fold(GIVEN), record("HTXSNV", expected_version=1), "06", TODAY
    )
    assert isinstance(event, RatingRecorded)
    assert event.rating is Rating.HTXSNV


def test_a_second_rating_without_the_version_is_refused_with_the_current_one() -> None:
    with pytest.raises(IllegalTransition) as refused:
        ratings.decide_record(ratings.fold(GIVEN), record("HTXSNV"), "06", TODAY)
    assert refused.value.details == {"current_state": "rated", "rating": "HTTNV", "version": 1}


def test_a_correction_to_the_same_rating_is_refused() -> None:
    with pytest.raises(IllegalTransition):
        ratings.decide_record(ratings.fold(GIVEN), record(expected_version=1), "06", TODAY)


@pytest.mark.parametrize("agency", [None, "01"])
def test_a_member_outside_the_agency_is_refused_naming_the_field(agency: str | None) -> None:
    with pytest.raises(InvalidCommand) as refused:
        ratings.decide_record(ratings.fold([]), record(), agency, TODAY)
    assert refused.value.details["field"] == "member_id"


def test_a_future_year_is_refused() -> None:
    with pytest.raises(InvalidCommand) as refused:
        ratings.decide_record(ratings.fold([]), record(year=2021), "06", TODAY)
    assert refused.value.details["field"] == "year"
