"""Campaign commands: launch, review, close."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.commands.campaigns import CloseCampaign, LaunchCampaign, ReviewCampaign
from services.registry.domain import campaigns
from services.registry.readmodel.campaigns import campaign_agency
from shared.application import business_time
from shared.application.commands import Command, CommandRunner, Outcome
from shared.application.idempotency import IdempotencyRequest
from shared.envelope import EventPayload
from shared.eventstore import AppendContext


def campaign_stream(campaign_id: str) -> str:
    return f"campaign-{campaign_id}"


async def agency_of_campaign(engine: AsyncEngine, campaign_id: str) -> str | None:
    """The campaign's agency, None if there is no such campaign.

    Reads on a connection of its own, closed before any command writes (SQLite takes its
    write lock at BEGIN, so an open read would block the command's transaction).
    """
    async with engine.connect() as connection:
        return await campaign_agency(connection, campaign_id)


async def launch_campaign(
    runner: CommandRunner,
    engine: AsyncEngine,
    command: LaunchCampaign,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    """Launch; a named parent campaign (of any agency) must be known to the registry."""
    parent = command.parent_campaign_id
    parent_exists = parent is None or await agency_of_campaign(engine, parent) is not None

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        state = campaigns.fold(history)
        return campaigns.decide_launch(state, command, parent_exists=parent_exists)

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


async def review_campaign(
    runner: CommandRunner,
    command: ReviewCampaign,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return campaigns.decide_review(campaigns.fold(history), command)

    return await runner.run(
        Command(
            stream_id=campaign_stream(command.campaign_id),
            resource_id=command.campaign_id,
            decide=decide,
            context=context,
            occurred_at=business_time(command.review_date),
            expected_version=expected_version,
            idempotency=idempotency,
        )
    )


async def close_campaign(
    runner: CommandRunner,
    command: CloseCampaign,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return campaigns.decide_close(campaigns.fold(history), command)

    return await runner.run(
        Command(
            stream_id=campaign_stream(command.campaign_id),
            resource_id=command.campaign_id,
            decide=decide,
            context=context,
            occurred_at=business_time(command.closed_on),
            expected_version=expected_version,
            idempotency=idempotency,
        )
    )
