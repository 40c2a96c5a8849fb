"""Unit and member commands. Whose a unit is comes from the read model: units are never
removed or moved between agencies, so a unit found there stays valid when the command commits.
Lookups read on a connection of their own, closed before the command writes (SQLite takes its
write lock at BEGIN, so an open read would block the command's transaction).

Directory events take effect when recorded: their business time is the time of the request.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.registry.commands.directory import (
    AddMember,
    AddUnit,
    EraseMember,
    MemberProfile,
    MoveMember,
    RenameUnit,
)
from services.registry.domain import directory
from services.registry.readmodel.directory_queries import member_agency, unit_agency
from services.registry.readmodel.directory_tables import member_profiles
from shared.application.commands import Command, CommandRunner, Decide, Outcome
from shared.application.idempotency import IdempotencyRequest
from shared.envelope import EventPayload
from shared.eventstore import AppendContext


def unit_stream(unit_id: str) -> str:
    return f"unit-{unit_id}"


def member_stream(member_id: str) -> str:
    return f"member-{member_id}"


async def agency_of_unit(engine: AsyncEngine, unit_id: str) -> str | None:
    """The unit's agency, None if there is no such unit."""
    async with engine.connect() as connection:
        return await unit_agency(connection, unit_id)


async def agency_of_member(engine: AsyncEngine, member_id: str) -> str | None:
    """The member's agency, None if there is no such member."""
    async with engine.connect() as connection:
        return await member_agency(connection, member_id)


async def add_unit(
    runner: CommandRunner,
    engine: AsyncEngine,
    command: AddUnit,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    parent = command.parent_unit_id
    parent_agency = None if parent is None else await agency_of_unit(engine, parent)

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return directory.decide_add_unit(directory.fold_unit(history), command, parent_agency)

    return await runner.run(_unit_command(command.unit_id, decide, context, None, idempotency))


async def rename_unit(
    runner: CommandRunner,
    command: RenameUnit,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return directory.decide_rename_unit(directory.fold_unit(history), command)

    return await runner.run(
        _unit_command(command.unit_id, decide, context, expected_version, idempotency)
    )


def _unit_command(
    unit_id: str,
    decide: Decide,
    context: AppendContext,
    expected_version: int | None,
    idempotency: IdempotencyRequest | None,
) -> Command:
    return Command(
        stream_id=unit_stream(unit_id),
        resource_id=unit_id,
        decide=decide,
        context=context,
        occurred_at=datetime.now(UTC),
        expected_version=expected_version,
        idempotency=idempotency,
    )


async def add_member(
    runner: CommandRunner,
    engine: AsyncEngine,
    command: AddMember,
    profile: MemberProfile,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    """Add the member; the profile is written beside the event, in the same transaction."""
    agency_of_its_unit = await agency_of_unit(engine, command.unit_id)

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        state = directory.fold_member(history, context.agency)
        return directory.decide_add_member(state, command, agency_of_its_unit)

    async def write_profile(transaction: AsyncConnection) -> None:
        values = profile.model_dump() | {"member_id": command.member_id}
        await transaction.execute(insert(member_profiles).values(**values))

    return await runner.run(
        Command(
            stream_id=member_stream(command.member_id),
            resource_id=command.member_id,
            decide=decide,
            context=context,
            occurred_at=datetime.now(UTC),
            idempotency=idempotency,
            side_write=write_profile,
        )
    )


async def move_member(
    runner: CommandRunner,
    engine: AsyncEngine,
    command: MoveMember,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    """Move the member (``context.agency`` is the member's agency)."""
    to_unit_agency = await agency_of_unit(engine, command.to_unit_id)

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        state = directory.fold_member(history, context.agency)
        return directory.decide_move_member(state, command, to_unit_agency)

    return await runner.run(
        _member_command(command.member_id, decide, context, expected_version, idempotency)
    )


async def erase_member(
    runner: CommandRunner,
    command: EraseMember,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    """Erase the member's personal data (the read model deletes the profile row)."""

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        state = directory.fold_member(history, context.agency)
        return directory.decide_erase_member(state, command)

    return await runner.run(
        _member_command(command.member_id, decide, context, expected_version, idempotency)
    )


def _member_command(
    member_id: str,
    decide: Decide,
    context: AppendContext,
    expected_version: int | None,
    idempotency: IdempotencyRequest | None,
) -> Command:
    return Command(
        stream_id=member_stream(member_id),
        resource_id=member_id,
        decide=decide,
        context=context,
        occurred_at=datetime.now(UTC),
        expected_version=expected_version,
        idempotency=idempotency,
    )
