"""Bloc transitions: form a bloc, sign the year's pact (in the bloc's stream).

Which ids may join a bloc comes from the read model: units and agencies are never removed,
so an id found eligible stays eligible when the command commits.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.commands.blocs import FormBloc, SignPact
from services.registry.domain import blocs
from services.registry.readmodel.blocs import bloc_agency
from services.registry.readmodel.directory_queries import registered_agencies, units_of_agency
from shared.application.transitions import Transition, no_facts
from shared.database.engine import connection_for_reads
from shared.events.vocabulary import BlocKind
from shared.vietnam_time import business_time


def bloc_stream(bloc_id: str) -> str:
    return f"bloc-{bloc_id}"


async def agency_of_bloc(engine: AsyncEngine, bloc_id: str) -> str | None:
    """The bloc's agency, None if there is no such bloc (own short connection)."""
    async with connection_for_reads(engine) as connection:
        return await bloc_agency(connection, bloc_id)


async def eligible_members(engine: AsyncEngine, command: FormBloc) -> set[str]:
    """The named members that may join: the agency's units, or registered agencies."""
    async with connection_for_reads(engine) as connection:
        if command.kind is BlocKind.UNITS:
            return await units_of_agency(connection, command.agency, command.member_ids)
        return await registered_agencies(connection, command.member_ids)


FORM_BLOC = Transition(
    FormBloc,
    stream=lambda c: bloc_stream(c.bloc_id),
    resource=lambda c: c.bloc_id,
    occurred_at=lambda _: datetime.now(UTC),
    look_up=eligible_members,
    decide=lambda history, c, eligible: blocs.decide_form(blocs.fold(history), c, eligible),
)

SIGN_PACT = Transition(
    SignPact,
    stream=lambda c: bloc_stream(c.bloc_id),
    resource=lambda c: c.pact_id,
    # The pact counts for its year: its business time is the year's first day.
    occurred_at=lambda c: business_time(date(c.year, 1, 1)),
    look_up=no_facts,
    decide=lambda history, c, _: blocs.decide_sign_pact(blocs.fold(history), c),
)
