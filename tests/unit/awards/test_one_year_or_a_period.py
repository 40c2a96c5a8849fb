"""One rule for an achievement's years, the same in the event, the proposal and the decision."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from services.awards.api.decisions_schemas import AwardCreate
from services.awards.api.proposals_schemas import NomineeIn
from shared.events.awards import Nominee

NOMINEE = {"nominee_kind": "member", "nominee_id": "m-1", "award_code": "BK_BO"}
RECIPIENT = {"recipient_kind": "member", "recipient_id": "m-1", "award_code": "BK_BO"}
MODELS: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (Nominee, NOMINEE),
    (NomineeIn, NOMINEE),
    (AwardCreate, RECIPIENT),
]


@pytest.mark.parametrize(("model", "fields"), MODELS)
@pytest.mark.parametrize(
    ("years", "message"),
    [
        ({"achievement_year": 2020, "period_from": 2019}, "not both"),
        ({"achievement_year": 2020, "period_to": 2021}, "not both"),
        ({}, "give achievement_year, or both period_from and period_to"),
        ({"period_to": 2020}, "give achievement_year, or both period_from and period_to"),
        ({"period_from": 2021, "period_to": 2020}, "period_to must not be before period_from"),
    ],
)
def test_anything_but_one_year_or_a_period_is_refused(
    model: type[BaseModel], fields: dict[str, Any], years: dict[str, int], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        model.model_validate(fields | years)


@pytest.mark.parametrize(("model", "fields"), [MODELS[0], MODELS[2]])
@pytest.mark.parametrize(
    ("years", "first_and_last"),
    [
        ({"achievement_year": 2020}, (2020, 2020)),
        ({"period_from": 2016, "period_to": 2020}, (2016, 2020)),
        ({"period_from": 2020, "period_to": 2020}, (2020, 2020)),
    ],
)
def test_the_years_run_from_first_to_last(
    model: type[Nominee | AwardCreate],
    fields: dict[str, Any],
    years: dict[str, int],
    first_and_last: tuple[int, int],
) -> None:
    assert model.model_validate(fields | years).years == first_and_last
