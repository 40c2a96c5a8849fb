"""Campaign commands: launch, review, close."""

from __future__ import annotations

from collections.abc import Sequence

from services.registry.commands.campaigns import LaunchCampaign
from services.registry.domain import campaigns
from shared.application import business_time
from shared.application.commands import Command, CommandRunner, Outcome
from shared.application.idempotency import IdempotencyRequest
from shared.envelope import EventPayload
from shared.eventstore import AppendContext


def campaign_stream(campaign_id: str) -> str:
    return f"campaign-{campaign_id}"


async def launch_campaign(
    runner: CommandRunner,
    command: LaunchCampaign,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return campaigns.decide_launch(campaigns.fold(history), command)

    return await runner.run(
        Command(
            stream_id=campaign_stream(command.campaign_id),
            resource_id=command.campaign_id,
            decide=decide,
            context=context,
            occurred_at=business_time(command.start_date),
            idempotency=idempotency,
        )
    )
