"""The campaign aggregate: launched → reviewed (interim/final) → closed."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from services.registry.commands.campaigns import LaunchCampaign
from shared.domain_errors import IllegalTransition, InvalidCommand
from shared.envelope import EventPayload
from shared.events import CampaignClosed, CampaignLaunched, CampaignReviewed


class CampaignStatus(StrEnum):
    NOT_LAUNCHED = "not_launched"
    LAUNCHED = "launched"
    CLOSED = "closed"


class Campaign(BaseModel):
    """What the domain needs to know of a campaign to decide."""

    model_config = ConfigDict(frozen=True)

    status: CampaignStatus = CampaignStatus.NOT_LAUNCHED
    agency: str | None = None


def evolve(state: Campaign, event: EventPayload) -> Campaign:
    if isinstance(event, CampaignLaunched):
        return Campaign(status=CampaignStatus.LAUNCHED, agency=event.launching_agency)
    if isinstance(event, CampaignClosed):
        return state.model_copy(update={"status": CampaignStatus.CLOSED})
    if isinstance(event, CampaignReviewed):
        return state
    return state


def fold(events: Iterable[EventPayload]) -> Campaign:
    state = Campaign()
    for event in events:
        state = evolve(state, event)
    return state


def decide_launch(state: Campaign, command: LaunchCampaign) -> list[EventPayload]:
    if state.status is not CampaignStatus.NOT_LAUNCHED:
        raise IllegalTransition("campaign already launched", current_state=state.status.value)
    if command.end_date is not None and command.end_date < command.start_date:
        raise InvalidCommand("end_date must not be before start_date", field="end_date")
    return [
        CampaignLaunched(
            campaign_id=command.campaign_id,
            title=command.title,
            form=command.form,
            scope=command.scope,
            launching_level=command.launching_level,
            launching_agency=command.agency,
            start_date=command.start_date,
            end_date=command.end_date,
            criteria=command.criteria,
            parent_campaign_id=command.parent_campaign_id,
            registration_required=command.registration_required,
        )
    ]
