"""A merger of departments: one transaction over every stream it touches, or nothing.

Each predecessor records ``AgencyCeased`` in its own name, dated the eve of the successor's
first day; the successor records ``AgencyMerged``, and in its name every unit and member of
the predecessors is transferred with its id (``UnitTransferred``, ``MemberTransferred``), dated
that first day. Which units and members the predecessors hold comes from the read model; the
commands' outcomes name the units as ``units/<id>`` and the members as ``members/<id>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.application.agencies import agency_stream
from services.registry.application.directory import member_stream, unit_stream
from services.registry.commands.agencies import MergeAgencies
from services.registry.commands.directory import TransferUnit
from services.registry.domain import agencies, directory, lineage, transfers
from services.registry.readmodel import directory as agency_reads
from services.registry.readmodel.directory_queries import units_and_members_of
from shared.application.commands import BatchRejected, Command, CommandRunner, Decide, Outcome
from shared.application.idempotency import IdempotencyRequest
from shared.application.transitions import retry_once_on_race
from shared.database.engine import connection_for_reads
from shared.envelope import EventPayload
from shared.eventstore import AppendContext
from shared.vietnam_time import business_time


@dataclass(frozen=True)
class MergerFacts:
    """The successor's province on today's list (None if unknown), and the predecessors'
    units (id, agency, parent) and members (id, agency) as the read model holds them."""

    successor_province: str | None
    units: Sequence[RowMapping]
    members: Sequence[RowMapping]


async def merger_facts(engine: AsyncEngine, command: MergeAgencies) -> MergerFacts:
    async with connection_for_reads(engine) as connection:
        successor = await agency_reads.get_agency(connection, command.successor_code)
        units, members = await units_and_members_of(connection, command.predecessor_codes)
    province = None if successor is None else successor.current_province_code
    return MergerFacts(province, units, members)


async def merge_agencies(
    runner: CommandRunner,
    command: MergeAgencies,
    context: AppendContext,
    idempotency: IdempotencyRequest | None,
) -> list[Outcome]:
    """Write the whole merger (``context`` is the admin's; each event is written in the name
    of its agency). The first refusal of any stream is raised as it is."""
    lineage.check_merger(command)

    async def attempt() -> list[Outcome]:
        facts = await merger_facts(runner.engine, command)
        try:
            return await runner.run_batch(merger_commands(command, facts, context), idempotency)
        except BatchRejected as rejected:
            raise rejected.errors[0][1] from None

    # A concurrent repeat (same key) or writer broke a unique key: look again, answer as it.
    return await retry_once_on_race(attempt)


def merger_commands(
    command: MergeAgencies, facts: MergerFacts, context: AppendContext
) -> list[Command]:
    """The predecessors' commands, then the successor's, its units' and its members'."""
    successor = command.successor_code
    ended = [
        _ceasing(command, code, facts.successor_province, context)
        for code in command.predecessor_codes
    ]
    merged = _in_successor(
        agency_stream(successor),
        successor,
        lambda history: lineage.decide_merge(agencies.fold(history), command),
        command,
        context,
    )
    moved_units = [_unit_moving(command, unit, context) for unit in facts.units]
    moved_members = [_member_moving(command, member, context) for member in facts.members]
    return [*ended, merged, *moved_units, *moved_members]


def _ceasing(
    command: MergeAgencies, code: str, successor_province: str | None, context: AppendContext
) -> Command:
    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        state = agencies.fold(history)
        return lineage.decide_cease_into(state, command, code, successor_province)

    return Command(
        stream_id=agency_stream(code),
        resource_id=code,
        decide=decide,
        context=context.model_copy(update={"agency": code}),
        occurred_at=business_time(command.on - timedelta(days=1)),
    )


def _unit_moving(command: MergeAgencies, unit: RowMapping, context: AppendContext) -> Command:
    transfer = TransferUnit(
        unit_id=unit["unit_id"],
        from_agency=unit["agency"],
        to_agency=command.successor_code,
        parent_unit_id=unit["parent_unit_id"],
        on=command.on,
        legal_basis=command.legal_basis,
    )
    return _in_successor(
        unit_stream(transfer.unit_id),
        f"units/{transfer.unit_id}",
        lambda history: transfers.decide_transfer_unit(directory.fold_unit(history), transfer),
        command,
        context,
    )


def _member_moving(command: MergeAgencies, member: RowMapping, context: AppendContext) -> Command:
    member_id, agency = member["member_id"], member["agency"]
    return _in_successor(
        member_stream(member_id),
        f"members/{member_id}",
        lambda history: transfers.decide_member_follows_unit(
            directory.fold_member(history, agency), command, member_id
        ),
        command,
        context,
    )


def _in_successor(
    stream_id: str, resource_id: str, decide: Decide, command: MergeAgencies, context: AppendContext
) -> Command:
    """A command written in the successor's name on its first day."""
    return Command(
        stream_id=stream_id,
        resource_id=resource_id,
        decide=decide,
        context=context.model_copy(update={"agency": command.successor_code}),
        occurred_at=business_time(command.on),
    )
