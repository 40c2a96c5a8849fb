"""Lineage transitions: an agency continues or ceases; a member is transferred to another
agency. (A merger, over many streams at once, is :mod:`.mergers`.)

Each takes effect on the day it names: its events' business time is that day, so the command
runner refuses one dated after its agency's end (a transfer: the receiving agency's).
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.application.agencies import agency_stream
from services.registry.application.directory import member_stream
from services.registry.commands.agencies import CeaseAgency, ContinueAgency
from services.registry.commands.directory import TransferMember
from services.registry.domain import agencies, directory, lineage, transfers
from services.registry.readmodel.directory_queries import (
    member_agency,
    registered_agencies,
    unit_agency,
)
from shared.application.transitions import Transition, no_facts
from shared.database.engine import connection_for_reads
from shared.vietnam_time import business_time

CONTINUE_AGENCY = Transition(
    ContinueAgency,
    stream=lambda c: agency_stream(c.agency_code),
    resource=lambda c: c.agency_code,
    occurred_at=lambda c: business_time(c.on),
    look_up=no_facts,
    decide=lambda history, c, _: lineage.decide_continue(agencies.fold(history), c),
)

CEASE_AGENCY = Transition(
    CeaseAgency,
    stream=lambda c: agency_stream(c.agency_code),
    resource=lambda c: c.agency_code,
    occurred_at=lambda c: business_time(c.ceased_on),
    look_up=no_facts,
    decide=lambda history, c, _: lineage.decide_cease(agencies.fold(history), c),
)


class TransferFacts(NamedTuple):
    """The member's agency now, the agency of the unit they join (None for what does not
    exist), and whether the receiving agency is registered."""

    member_agency: str | None
    to_unit_agency: str | None
    to_agency_known: bool


async def transfer_facts(engine: AsyncEngine, command: TransferMember) -> TransferFacts:
    async with connection_for_reads(engine) as connection:
        return TransferFacts(
            await member_agency(connection, command.member_id),
            await unit_agency(connection, command.to_unit_id),
            bool(await registered_agencies(connection, [command.to_agency])),
        )


TRANSFER_MEMBER = Transition(
    TransferMember,
    stream=lambda c: member_stream(c.member_id),
    resource=lambda c: c.member_id,
    occurred_at=lambda c: business_time(c.on),
    look_up=transfer_facts,
    decide=lambda history, c, facts: transfers.decide_transfer_member(
        directory.fold_member(history, facts.member_agency),
        c,
        facts.to_unit_agency,
        facts.to_agency_known,
    ),
)
