"""Campaign aggregate: given events, when a command, then events or an error."""

from __future__ import annotations

from datetime import date

import pytest

from services.registry.commands.campaigns import CloseCampaign, LaunchCampaign, ReviewCampaign
from services.registry.domain import campaigns
from shared.domain_errors import IllegalTransition, InvalidCommand
from shared.envelope import EventPayload
from shared.events import CampaignClosed, CampaignLaunched, CampaignReviewed
from shared.events.vocabulary import ReviewStage


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


def launched(**changes: object) -> list[EventPayload]:
    return campaigns.decide_launch(campaigns.fold([]), launch(**changes))


def review(stage: str = "interim", day: date = date(2018, 6, 30)) -> ReviewCampaign:
    return ReviewCampaign(campaign_id="c-1", stage=ReviewStage(stage), review_date=day)


def test_a_parent_campaign_must_exist() -> None:
    with pytest.raises(InvalidCommand) as refused:
        campaigns.decide_launch(
            campaigns.fold([]), launch(parent_campaign_id="c-0"), parent_exists=False
        )
    assert refused.value.details["field"] == "parent_campaign_id"


def test_a_launched_campaign_is_reviewed() -> None:
    events = campaigns.decide_review(campaigns.fold(launched()), review())

    assert events == [
        CampaignReviewed(
            campaign_id="c-1", stage=ReviewStage.INTERIM, review_date=date(2018, 6, 30)
        )
    ]


def test_no_review_before_launch() -> None:
    with pytest.raises(IllegalTransition) as refused:
        campaigns.decide_review(campaigns.fold([]), review())
    assert refused.value.details["current_state"] == "not_launched"


def test_interim_reviews_repeat_but_the_final_review_happens_once() -> None:
    given = [
        *launched(),
        *campaigns.decide_review(campaigns.fold(launched()), review()),
        CampaignReviewed(
            campaign_id="c-1", stage=ReviewStage.INTERIM, review_date=date(2019, 6, 30)
        ),
        CampaignReviewed(campaign_id="c-1", stage=ReviewStage.FINAL, review_date=date(2020, 5, 14)),
    ]
    for stage in ("final", "interim"):
        with pytest.raises(IllegalTransition) as refused:
            campaigns.decide_review(campaigns.fold(given), review(stage, date(2020, 6, 1)))
        assert refused.value.details["current_state"] == "reviewed_final"


def test_a_review_is_not_before_the_start() -> None:
    with pytest.raises(InvalidCommand) as refused:
        campaigns.decide_review(campaigns.fold(launched()), review(day=date(2015, 12, 31)))
    assert refused.value.details["field"] == "review_date"


def test_closing_after_the_final_review() -> None:
    given = [
        *launched(),
        CampaignReviewed(campaign_id="c-1", stage=ReviewStage.FINAL, review_date=date(2020, 5, 14)),
    ]
    close = CloseCampaign(campaign_id="c-1", closed_on=date(2020, 12, 31))

    assert campaigns.decide_close(campaigns.fold(given), close) == [
        CampaignClosed(campaign_id="c-1", closed_on=date(2020, 12, 31))
    ]


def test_closing_not_before_the_last_review() -> None:
    given = [
        *launched(),
        CampaignReviewed(
            campaign_id="c-1", stage=ReviewStage.INTERIM, review_date=date(2018, 6, 30)
        ),
    ]
    with pytest.raises(InvalidCommand) as refused:
        campaigns.decide_close(
            campaigns.fold(given), CloseCampaign(campaign_id="c-1", closed_on=date(2018, 1, 1))
        )
    assert refused.value.details["field"] == "closed_on"


def test_nothing_after_the_close() -> None:
    given = [*launched(), CampaignClosed(campaign_id="c-1", closed_on=date(2020, 12, 31))]
    close = CloseCampaign(campaign_id="c-1", closed_on=date(2021, 1, 1))

    with pytest.raises(IllegalTransition) as review_refused:
        campaigns.decide_review(campaigns.fold(given), review(day=date(2021, 1, 1)))
    with pytest.raises(IllegalTransition) as close_refused:
        campaigns.decide_close(campaigns.fold(given), close)
    assert review_refused.value.details["current_state"] == "closed"
    assert close_refused.value.details["current_state"] == "closed"


def test_a_campaign_not_launched_cannot_close() -> None:
    with pytest.raises(IllegalTransition) as refused:
        campaigns.decide_close(
            campaigns.fold([]), CloseCampaign(campaign_id="c-1", closed_on=date(2021, 1, 1))
        )
    assert refused.value.details["current_state"] == "not_launched"
