"""Campaign aggregate: given events, when a command, then events or an error."""

from __future__ import annotations

from datetime import date

import pytest

from services.registry.commands.campaigns import LaunchCampaign
from services.registry.domain import campaigns
from shared.domain_errors import IllegalTransition, InvalidCommand
from shared.events import CampaignClosed, CampaignLaunched


def launch(**changes: object) -> LaunchCampaign:
    fields: dict[str, object] = {
        "campaign_id": "c-1",
        "agency": "06",
        "title": "Phong trào thi đua 'Đổi mới, sáng tạo'",
        "form": "regular",
        "scope": "sector_local",
        "launching_level": "ministry_province",
        "start_date": date(2016, 1, 1),
        "registration_required": True,
    }
    return LaunchCampaign.model_validate(fields | changes)


def test_launching_a_new_campaign_emits_campaign_launched() -> None:
    events = campaigns.decide_launch(campaigns.fold([]), launch())

    assert len(events) == 1
    launched = events[0]
    assert isinstance(launched, CampaignLaunched)
    assert launched.launching_agency == "06"
    assert launched.registration_required is True


def test_a_campaign_cannot_be_launched_twice() -> None:
    given = campaigns.decide_launch(campaigns.fold([]), launch())

    with pytest.raises(IllegalTransition) as refused:
        campaigns.decide_launch(campaigns.fold(given), launch())
    assert refused.value.details["current_state"] == "launched"


def test_a_closed_campaign_cannot_be_launched_again() -> None:
    given = [
        *campaigns.decide_launch(campaigns.fold([]), launch()),
        CampaignClosed(campaign_id="c-1", closed_on=date(2020, 12, 31)),
    ]
    with pytest.raises(IllegalTransition):
        campaigns.decide_launch(campaigns.fold(given), launch())


def test_end_before_start_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidCommand) as refused:
        campaigns.decide_launch(
            campaigns.fold([]), launch(start_date=date(2020, 5, 1), end_date=date(2020, 1, 1))
        )
    assert refused.value.details["field"] == "end_date"
