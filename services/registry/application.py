"""The registry's command handlers: thin glue between HTTP and the pure domain."""

from __future__ import annotations

from collections.abc import Sequence

from services.registry.commands import LaunchCampaign
from services.registry.domain import campaigns
from shared.application import business_time, execute
from shared.envelope import EventPayload
from shared.eventstore import AppendContext, EventStore, RecordedEvent


def campaign_stream(campaign_id: str) -> str:
    return f"campaign-{campaign_id}"


async def launch_campaign(
    store: EventStore, command: LaunchCampaign, context: AppendContext
) -> list[RecordedEvent]:
    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return campaigns.decide_launch(campaigns.fold(history), command)

    return await execute(
        store,
        campaign_stream(command.campaign_id),
        decide,
        context,
        occurred_at=business_time(command.start_date),
    )
