"""Bloc commands: form a bloc, sign the year's pact (in the bloc's stream).

Which ids may join a bloc comes from the read model: units and agencies are never removed,
so an id found eligible stays eligible when the command commits. Lookups read on a connection
of their own, closed before the command writes (SQLite takes its write lock at BEGIN).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.commands.blocs import FormBloc, SignPact
from services.registry.domain import blocs
from services.registry.readmodel.blocs import bloc_agency
from services.registry.readmodel.directory_queries import registered_agencies, units_of_agency
from shared.application import business_time
from shared.application.commands import Command, CommandRunner, Outcome
from shared.application.idempotency import IdempotencyRequest
from shared.envelope import EventPayload
from shared.events.vocabulary import BlocKind
from shared.eventstore import AppendContext


def bloc_stream(bloc_id: str) -> str:
    return f"bloc-{bloc_id}"


async def agency_of_bloc(engine: AsyncEngine, bloc_id: str) -> str | None:
    """The bloc's agency, None if there is no such bloc."""
    async with engine.connect() as connection:
        return await bloc_agency(connection, bloc_id)


async def _eligible_members(engine: AsyncEngine, command: FormBloc) -> set[str]:
    async with engine.connect() as connection:
        if command.kind is BlocKind.UNITS:
            return await units_of_agency(connection, command.agency, command.member_ids)
        return await registered_agencies(connection, command.member_ids)


async def form_bloc(
    runner: CommandRunner,
    engine: AsyncEngine,
    command: FormBloc,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    eligible = await _eligible_members(engine, command)

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return blocs.decide_form(blocs.fold(history), command, eligible)

    return await runner.run(
        Command(
            stream_id=bloc_stream(command.bloc_id),
            resource_id=command.bloc_id,
            decide=decide,
            context=context,
            occurred_at=datetime.now(UTC),
            idempotency=idempotency,
        )
    )


async def sign_pact(
    runner: CommandRunner,
    command: SignPact,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    """Sign the pact; it counts for its year, so its business time is the year's first day."""

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return blocs.decide_sign_pact(blocs.fold(history), command)

    return await runner.run(
        Command(
            stream_id=bloc_stream(command.bloc_id),
            resource_id=command.pact_id,
            decide=decide,
            context=context,
            occurred_at=business_time(date(command.year, 1, 1)),
            expected_version=expected_version,
            idempotency=idempotency,
        )
    )
