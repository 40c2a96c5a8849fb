"""Agency commands: register a tenant."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from services.registry.commands.agencies import RegisterAgency
from services.registry.domain import agencies
from shared.application import business_time
from shared.application.commands import Command, CommandRunner, Outcome
from shared.application.idempotency import IdempotencyRequest
from shared.envelope import EventPayload
from shared.eventstore import AppendContext


def agency_stream(agency_code: str) -> str:
    return f"agency-{agency_code}"


async def register_agency(
    runner: CommandRunner,
    command: RegisterAgency,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    """Register the agency; its event's business time is the day it was set up, if known."""

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return agencies.decide_register(agencies.fold(history), command)

    established = command.established_on
    return await runner.run(
        Command(
            stream_id=agency_stream(command.agency_code),
            resource_id=command.agency_code,
            decide=decide,
            context=context,
            occurred_at=datetime.now(UTC) if established is None else business_time(established),
            idempotency=idempotency,
        )
    )
