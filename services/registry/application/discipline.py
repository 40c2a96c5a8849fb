"""Discipline-hold commands: place (with its private note beside the events), lift."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.registry.commands.discipline import LiftDisciplineHold, PlaceDisciplineHold
from services.registry.domain import discipline
from services.registry.readmodel.directory_queries import member_agency, unit_agency
from services.registry.readmodel.ratings import write_hold_note
from shared.application import business_time
from shared.application.commands import Command, CommandRunner, Outcome
from shared.application.idempotency import IdempotencyRequest
from shared.envelope import EventPayload
from shared.events.vocabulary import SubjectKind
from shared.eventstore import AppendContext
from shared.vietnam_time import today_in_vietnam


def hold_stream(hold_id: str) -> str:
    return f"discipline-hold-{hold_id}"


async def _subject_agency(directory: AsyncEngine, kind: SubjectKind, subject_id: str) -> str | None:
    async with directory.connect() as connection:
        if kind is SubjectKind.UNIT:
            return await unit_agency(connection, subject_id)
        return await member_agency(connection, subject_id)


async def place_hold(
    runner: CommandRunner,
    directory: AsyncEngine,
    command: PlaceDisciplineHold,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    """Place a hold; its note is written in the same transaction, never into an event."""
    agency = await _subject_agency(directory, command.subject_kind, command.subject_id)

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return discipline.decide_place(discipline.fold(history), command, agency)

    async def keep_note(connection: AsyncConnection) -> None:
        await write_hold_note(connection, command.hold_id, command.agency, command.note)

    return await runner.run(
        Command(
            stream_id=hold_stream(command.hold_id),
            resource_id=command.hold_id,
            decide=decide,
            context=context,
            occurred_at=business_time(command.from_date),
            idempotency=idempotency,
            side_write=keep_note if command.note else None,
        )
    )


async def lift_hold(
    runner: CommandRunner,
    command: LiftDisciplineHold,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    """Lift a hold (``expected_version``: the If-Match, if sent)."""
    today = today_in_vietnam()

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return discipline.decide_lift(discipline.fold(history), command, today)

    return await runner.run(
        Command(
            stream_id=hold_stream(command.hold_id),
            resource_id=command.hold_id,
            decide=decide,
            context=context,
            occurred_at=business_time(command.lifted_on),
            expected_version=expected_version,
            idempotency=idempotency,
        )
    )
