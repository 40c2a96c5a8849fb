"""Initiative commands: register (authors checked against the directory), recognise."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.commands.initiatives import RecogniseInitiative, RegisterInitiative
from services.registry.domain import initiatives
from services.registry.readmodel.directory_queries import member_agency
from shared.application import business_time
from shared.application.commands import Command, CommandRunner, Outcome
from shared.application.idempotency import IdempotencyRequest
from shared.envelope import EventPayload
from shared.eventstore import AppendContext
from shared.vietnam_time import today_in_vietnam


def initiative_stream(initiative_id: str) -> str:
    return f"initiative-{initiative_id}"


async def register_initiative(
    runner: CommandRunner,
    directory: AsyncEngine,
    command: RegisterInitiative,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    """Register an initiative; its authors are looked up in the registry's directory."""
    async with directory.connect() as connection:
        agencies = {a: await member_agency(connection, a) for a in command.author_ids}
    today = today_in_vietnam()

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        state = initiatives.fold(history)
        return initiatives.decide_register(state, command, agencies, today)

    return await runner.run(
        Command(
            stream_id=initiative_stream(command.initiative_id),
            resource_id=command.initiative_id,
            decide=decide,
            context=context,
            # The events carry only the year: the registration counts from its first day.
            occurred_at=business_time(date(command.year, 1, 1)),
            idempotency=idempotency,
        )
    )


async def recognise_initiative(
    runner: CommandRunner,
    command: RecogniseInitiative,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    """Recognise an initiative at a level (``expected_version``: the If-Match, if sent)."""
    today = today_in_vietnam()

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return initiatives.decide_recognise(initiatives.fold(history), command, today)

    return await runner.run(
        Command(
            stream_id=initiative_stream(command.initiative_id),
            resource_id=command.initiative_id,
            decide=decide,
            context=context,
            occurred_at=business_time(command.recognised_on),
            expected_version=expected_version,
            idempotency=idempotency,
        )
    )
