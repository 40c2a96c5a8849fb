"""Unit and member transitions. Whose a unit or member is comes from the read model, as it
is when the command is prepared: units are never removed; one transferred to another agency
meanwhile (:mod:`.lineage`, :mod:`.mergers`) is written in its new agency's name from then on.

Directory events take effect when recorded, their business time the time of the request,
unless a unit or member is added with the date it joined (``added_on``: a directory recorded
after the fact, whose registrations of past years reports measure against it).
Erasing a member also forgets the fingerprints of the idempotency keys of the requests about
them, which carried their personal data (the profile when they were added, the notes of their
discipline holds): after the erasure nothing derived from that data stays.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import insert, select
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
from services.registry.readmodel.directory_queries import (
    member_agencies_ever,
    member_agency,
    unit_agency,
)
from services.registry.readmodel.directory_tables import member_profiles
from services.registry.readmodel.ratings import discipline_holds
from shared.application.commands import CommandRunner, Outcome, SideWrite
from shared.application.idempotency import forget_requests
from shared.application.transitions import CommandTerms, Transition, no_facts
from shared.database.engine import connection_for_reads
from shared.vietnam_time import business_time


def unit_stream(unit_id: str) -> str:
    return f"unit-{unit_id}"


def member_stream(member_id: str) -> str:
    return f"member-{member_id}"


def _now(command: object) -> datetime:
    return datetime.now(UTC)


def _added_at(command: AddUnit | AddMember) -> datetime:
    return _now(command) if command.added_on is None else business_time(command.added_on)


async def agency_of_unit(engine: AsyncEngine, unit_id: str | None) -> str | None:
    """The unit's agency, None if there is no such unit (or none is named)."""
    if unit_id is None:
        return None
    async with connection_for_reads(engine) as connection:
        return await unit_agency(connection, unit_id)


async def agency_of_member(engine: AsyncEngine, member_id: str) -> str | None:
    """The member's agency, None if there is no such member."""
    async with connection_for_reads(engine) as connection:
        return await member_agency(connection, member_id)


class MoveFacts(NamedTuple):
    """The member's agency (the stream's: its events do not repeat it) and the agency of the
    unit it moves to; None for what does not exist."""

    member_agency: str | None
    to_unit_agency: str | None


async def move_facts(engine: AsyncEngine, command: MoveMember) -> MoveFacts:
    async with connection_for_reads(engine) as connection:
        return MoveFacts(
            await member_agency(connection, command.member_id),
            await unit_agency(connection, command.to_unit_id),
        )


ADD_UNIT = Transition(
    AddUnit,
    stream=lambda c: unit_stream(c.unit_id),
    resource=lambda c: c.unit_id,
    occurred_at=_added_at,
    look_up=lambda engine, c: agency_of_unit(engine, c.parent_unit_id),
    decide=lambda history, c, parent_agency: directory.decide_add_unit(
        directory.fold_unit(history), c, parent_agency
    ),
)

RENAME_UNIT = Transition(
    RenameUnit,
    stream=lambda c: unit_stream(c.unit_id),
    resource=lambda c: c.unit_id,
    occurred_at=_now,
    look_up=no_facts,
    decide=lambda history, c, _: directory.decide_rename_unit(directory.fold_unit(history), c),
)

ADD_MEMBER = Transition(
    AddMember,
    stream=lambda c: member_stream(c.member_id),
    resource=lambda c: c.member_id,
    occurred_at=_added_at,
    look_up=lambda engine, c: agency_of_unit(engine, c.unit_id),
    decide=lambda history, c, its_unit_agency: directory.decide_add_member(
        directory.fold_member(history, c.agency), c, its_unit_agency
    ),
)

MOVE_MEMBER = Transition(
    MoveMember,
    stream=lambda c: member_stream(c.member_id),
    resource=lambda c: c.member_id,
    occurred_at=_now,
    look_up=move_facts,
    decide=lambda history, c, facts: directory.decide_move_member(
        directory.fold_member(history, facts.member_agency), c, facts.to_unit_agency
    ),
)


def forgetting_requests(command: EraseMember) -> SideWrite:
    """With the erasure, forget the fingerprints of the keys of every request about the
    member or one of their discipline holds (they answer no repeat any more), in every
    agency the member belonged to (a transferred member's requests are under the keys of
    the agencies they left too)."""

    async def forget(transaction: AsyncConnection) -> None:
        agencies = await member_agencies_ever(transaction, command.member_id)
        held = select(discipline_holds.c.hold_id).where(
            discipline_holds.c.subject_kind == "member",
            discipline_holds.c.subject_id == command.member_id,
        )
        holds = list(await transaction.scalars(held))
        for agency in sorted(agencies):
            await forget_requests(transaction, agency, [command.member_id, *holds])

    return forget


ERASE_MEMBER = Transition(
    EraseMember,
    stream=lambda c: member_stream(c.member_id),
    resource=lambda c: c.member_id,
    occurred_at=_now,
    look_up=no_facts,
    decide=lambda history, c, _: directory.decide_erase_member(directory.fold_member(history), c),
    side_write=forgetting_requests,
    # A person's data is erased on request even after their agency ceased.
    bound_by_lifetime=False,
)


async def add_member(
    runner: CommandRunner, command: AddMember, profile: MemberProfile, terms: CommandTerms
) -> Outcome:
    """Add the member; the profile is written beside the event, in the same transaction."""
    its_unit_agency = await ADD_MEMBER.look_up(runner.engine, command)
    written = ADD_MEMBER.command(command, its_unit_agency, terms)
    return await runner.run(replace(written, side_write=_profile_writer(command, profile)))


def _profile_writer(command: AddMember, profile: MemberProfile) -> SideWrite:
    async def write_profile(transaction: AsyncConnection) -> None:
        values = profile.model_dump() | {"member_id": command.member_id}
        await transaction.execute(insert(member_profiles).values(**values))

    return write_profile
