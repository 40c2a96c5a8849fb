"""Initiative transitions: register (authors checked against the directory), recognise."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.commands.initiatives import RecogniseInitiative, RegisterInitiative
from services.registry.domain import initiatives
from services.registry.readmodel.directory_queries import member_agency_on
from services.registry.readmodel.initiatives import initiative_agency
from shared.application.transitions import Transition, no_facts
from shared.database.engine import connection_for_reads
from shared.vietnam_time import business_time, today_in_vietnam


def initiative_stream(initiative_id: str) -> str:
    return f"initiative-{initiative_id}"


async def agency_of_initiative(engine: AsyncEngine, initiative_id: str) -> str | None:
    """The initiative's agency, None if there is no such initiative (own short connection)."""
    async with connection_for_reads(engine) as connection:
        return await initiative_agency(connection, initiative_id)


async def authors_agencies(
    engine: AsyncEngine, command: RegisterInitiative
) -> dict[str, str | None]:
    """Each author's agency at the end of the initiative's year, from the registry's
    directory (None: no such member): a transferred author's initiatives of the years before
    the transfer are their former agency's."""
    year_end = date(command.year, 12, 31)
    async with connection_for_reads(engine) as connection:
        return {a: await member_agency_on(connection, a, year_end) for a in command.author_ids}


REGISTER_INITIATIVE = Transition(
    RegisterInitiative,
    stream=lambda c: initiative_stream(c.initiative_id),
    resource=lambda c: c.initiative_id,
    # The events carry only the year: the registration counts from its first day.
    occurred_at=lambda c: business_time(date(c.year, 1, 1)),
    look_up=authors_agencies,
    decide=lambda history, c, agencies: initiatives.decide_register(
        initiatives.fold(history), c, agencies, today_in_vietnam()
    ),
)

RECOGNISE_INITIATIVE = Transition(
    RecogniseInitiative,
    stream=lambda c: initiative_stream(c.initiative_id),
    resource=lambda c: c.initiative_id,
    occurred_at=lambda c: business_time(c.recognised_on),
    look_up=no_facts,
    decide=lambda history, c, _: initiatives.decide_recognise(
        initiatives.fold(history), c, today_in_vietnam()
    ),
)
