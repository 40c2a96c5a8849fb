"""Campaign transitions: launch, review, close."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.commands.campaigns import CloseCampaign, LaunchCampaign, ReviewCampaign
from services.registry.domain import campaigns
from services.registry.readmodel.campaigns import campaign_agency
from shared.application.transitions import Transition, no_facts
from shared.database.engine import connection_for_reads
from shared.vietnam_time import business_time


def campaign_stream(campaign_id: str) -> str:
    return f"campaign-{campaign_id}"


async def agency_of_campaign(engine: AsyncEngine, campaign_id: str) -> str | None:
    """The campaign's agency, None if there is no such campaign.

    Reads on a connection of its own, closed before any command writes (an open read would
    hold a connection the command's transaction may need).
    """
    async with connection_for_reads(engine) as connection:
        return await campaign_agency(connection, campaign_id)


async def parent_exists(engine: AsyncEngine, command: LaunchCampaign) -> bool:
    """Whether the named parent campaign (of any agency) is known; True if none is named."""
    parent = command.parent_campaign_id
    return parent is None or await agency_of_campaign(engine, parent) is not None


LAUNCH_CAMPAIGN = Transition(
    LaunchCampaign,
    stream=lambda c: campaign_stream(c.campaign_id),
    resource=lambda c: c.campaign_id,
    occurred_at=lambda c: business_time(c.start_date),
    look_up=parent_exists,
    decide=lambda history, c, known_parent: campaigns.decide_launch(
        campaigns.fold(history), c, parent_exists=known_parent
    ),
)

REVIEW_CAMPAIGN = Transition(
    ReviewCampaign,
    stream=lambda c: campaign_stream(c.campaign_id),
    resource=lambda c: c.campaign_id,
    occurred_at=lambda c: business_time(c.review_date),
    look_up=no_facts,
    decide=lambda history, c, _: campaigns.decide_review(campaigns.fold(history), c),
)

CLOSE_CAMPAIGN = Transition(
    CloseCampaign,
    stream=lambda c: campaign_stream(c.campaign_id),
    resource=lambda c: c.campaign_id,
    occurred_at=lambda c: business_time(c.closed_on),
    look_up=no_facts,
    decide=lambda history, c, _: campaigns.decide_close(campaigns.fold(history), c),
)
