"""Discipline-hold transitions: place (with its private note beside the events), lift."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.registry.commands.discipline import LiftDisciplineHold, PlaceDisciplineHold
from services.registry.domain import discipline
from services.registry.readmodel.directory_queries import member_agency_on, unit_agency_on
from services.registry.readmodel.ratings import hold_agency, write_hold_note
from shared.application.commands import SideWrite
from shared.application.transitions import Transition, no_facts
from shared.database.engine import connection_for_reads
from shared.events.vocabulary import SubjectKind
from shared.vietnam_time import business_time, today_in_vietnam


def hold_stream(hold_id: str) -> str:
    return f"discipline-hold-{hold_id}"


async def agency_of_hold(engine: AsyncEngine, hold_id: str) -> str | None:
    """The hold's agency, None if there is no such hold (own short connection)."""
    async with connection_for_reads(engine) as connection:
        return await hold_agency(connection, hold_id)


async def subject_agency(engine: AsyncEngine, command: PlaceDisciplineHold) -> str | None:
    """The agency of the held unit or member on the hold's first day (transfers counted),
    None if there is no such subject."""
    async with connection_for_reads(engine) as connection:
        if command.subject_kind is SubjectKind.UNIT:
            return await unit_agency_on(connection, command.subject_id, command.from_date)
        return await member_agency_on(connection, command.subject_id, command.from_date)


def note_keeper(command: PlaceDisciplineHold) -> SideWrite | None:
    """The hold's note, written in the command's transaction, never into an event."""
    note = command.note
    if not note:
        return None

    async def keep_note(connection: AsyncConnection) -> None:
        await write_hold_note(connection, command.hold_id, command.agency, note)

    return keep_note


PLACE_HOLD = Transition(
    PlaceDisciplineHold,
    stream=lambda c: hold_stream(c.hold_id),
    resource=lambda c: c.hold_id,
    occurred_at=lambda c: business_time(c.from_date),
    look_up=subject_agency,
    decide=lambda history, c, agency: discipline.decide_place(discipline.fold(history), c, agency),
    side_write=note_keeper,
)

LIFT_HOLD = Transition(
    LiftDisciplineHold,
    stream=lambda c: hold_stream(c.hold_id),
    resource=lambda c: c.hold_id,
    occurred_at=lambda c: business_time(c.lifted_on),
    look_up=no_facts,
    decide=lambda history, c, _: discipline.decide_lift(
        discipline.fold(history), c, today_in_vietnam()
    ),
)
