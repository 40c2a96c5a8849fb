"""The campaign aggregate: launched → reviewed (interim, then at most one final) → closed.

Interim reviews (sơ kết) may happen several times; the final review (tổng kết) happens at
most once and ends the reviews; after the close nothing more happens to the campaign.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from services.registry.commands.campaigns import CloseCampaign, LaunchCampaign, ReviewCampaign
from shared.domain_errors import IllegalTransition, InvalidCommand
from shared.envelope import EventPayload
from shared.events import CampaignClosed, CampaignLaunched, CampaignReviewed


class CampaignStatus(StrEnum):
    """Where a campaign is in its life; the read model shows the same values."""

    NOT_LAUNCHED = "not_launched"
    LAUNCHED = "launched"
    REVIEWED_INTERIM = "reviewed_interim"
    REVIEWED_FINAL = "reviewed_final"
    CLOSED = "closed"


_REVIEWABLE = frozenset({CampaignStatus.LAUNCHED, CampaignStatus.REVIEWED_INTERIM})
_CLOSABLE = _REVIEWABLE | {CampaignStatus.REVIEWED_FINAL}


class Campaign(BaseModel):
    """What the domain needs to know of a campaign to decide."""

    model_config = ConfigDict(frozen=True)

    status: CampaignStatus = CampaignStatus.NOT_LAUNCHED
    agency: str | None = None
    start_date: date | None = None
    last_review_date: date | None = None


def evolve(state: Campaign, event: EventPayload) -> Campaign:
    if isinstance(event, CampaignLaunched):
        return Campaign(
            status=CampaignStatus.LAUNCHED,
            agency=event.launching_agency,
            start_date=event.start_date,
        )
    if isinstance(event, CampaignReviewed):
        status = CampaignStatus(f"reviewed_{event.stage.value}")
        latest = max(filter(None, (state.last_review_date, event.review_date)))
        return state.model_copy(update={"status": status, "last_review_date": latest})
    if isinstance(event, CampaignClosed):
        return state.model_copy(update={"status": CampaignStatus.CLOSED})
    return state


def fold(events: Iterable[EventPayload]) -> Campaign:
    state = Campaign()
    for event in events:
        state = evolve(state, event)
    return state


def decide_launch(
    state: Campaign, command: LaunchCampaign, *, parent_exists: bool = True
) -> list[EventPayload]:
    """Launch; ``parent_exists`` says whether the named parent campaign is known."""
    if state.status is not CampaignStatus.NOT_LAUNCHED:
        raise IllegalTransition("campaign already launched", current_state=state.status.value)
    if command.end_date is not None and command.end_date < command.start_date:
        raise InvalidCommand("end_date must not be before start_date", field="end_date")
    if command.parent_campaign_id is not None and not parent_exists:
        raise InvalidCommand(
            f"no campaign {command.parent_campaign_id}", field="parent_campaign_id"
        )
    if command.parent_campaign_id == command.campaign_id:
        raise InvalidCommand("a campaign cannot be its own parent", field="parent_campaign_id")
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


def decide_review(state: Campaign, command: ReviewCampaign) -> list[EventPayload]:
    """A review needs a launched campaign, not yet finally reviewed nor closed."""
    if state.status not in _REVIEWABLE:
        raise IllegalTransition(_review_refusal(state.status), current_state=state.status.value)
    assert state.start_date is not None
    if command.review_date < state.start_date:
        raise InvalidCommand(
            "review_date must not be before the campaign's start_date", field="review_date"
        )
    return [
        CampaignReviewed(
            campaign_id=command.campaign_id,
            stage=command.stage,
            review_date=command.review_date,
            summary=command.summary,
        )
    ]


def _review_refusal(status: CampaignStatus) -> str:
    if status is CampaignStatus.NOT_LAUNCHED:
        return "a campaign cannot be reviewed before it is launched"
    if status is CampaignStatus.REVIEWED_FINAL:
        return "the campaign already had its final review"
    return "a closed campaign cannot be reviewed"


def decide_close(state: Campaign, command: CloseCampaign) -> list[EventPayload]:
    """Close a launched campaign, on or after its start and its last review."""
    if state.status not in _CLOSABLE:
        message = (
            "a campaign cannot be closed before it is launched"
            if state.status is CampaignStatus.NOT_LAUNCHED
            else "the campaign is already closed"
        )
        raise IllegalTransition(message, current_state=state.status.value)
    earliest = max(filter(None, (state.start_date, state.last_review_date)))
    if command.closed_on < earliest:
        raise InvalidCommand(
            f"closed_on must not be before {earliest.isoformat()} (start or last review)",
            field="closed_on",
        )
    return [CampaignClosed(campaign_id=command.campaign_id, closed_on=command.closed_on)]
