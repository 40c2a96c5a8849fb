"""The ministry assigns an agency to the instance that serves it (national instance only).

The assignment is the one command not bound to the instance serving its agency: the national
registry records it for any agency, on the agency's ``ownership-<code>`` stream, which the
registry's second relay publishes to the ownership topic. Once committed, this process's
ownership source learns it at once, so this instance refuses the agency's next command
without waiting for the topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.commands.ownership import AssignOwnership
from services.registry.domain import ownership
from shared.application.commands import Command, CommandRunner, Outcome
from shared.application.transitions import CommandTerms
from shared.database.engine import connection_for_reads
from shared.envelope import EventPayload
from shared.events import AgencyOwnershipAssignedEvent, parse_event
from shared.eventstore import SqlEventStore
from shared.eventstore.tables import events
from shared.instances import OwnershipSource

OWNERSHIP_STREAM_PREFIX = "ownership-"
"""The streams of assignments: published to the ownership topic, never to the registry's."""


def ownership_stream(agency_code: str) -> str:
    return f"{OWNERSHIP_STREAM_PREFIX}{agency_code}"


@runtime_checkable
class Learner(Protocol):
    """A source that can learn an assignment this process just recorded."""

    def learn(self, event: AgencyOwnershipAssignedEvent) -> None: ...


async def national_holds_events(engine: AsyncEngine, agency_code: str) -> bool:
    """Whether this store holds any event in ``agency_code``'s name besides its assignments."""
    in_its_name = (events.c.agency == agency_code) & ~events.c.stream_id.startswith(
        OWNERSHIP_STREAM_PREFIX, autoescape=True
    )
    async with connection_for_reads(engine) as connection:
        return bool(await connection.scalar(select(exists().where(in_its_name))))


async def assign_ownership(
    runner: CommandRunner,
    store: SqlEventStore,
    source: OwnershipSource,
    instance: str,
    command: AssignOwnership,
    terms: CommandTerms,
) -> Outcome:
    """Record the assignment (only on the national ``instance``); ``source`` learns it."""
    ownership.check_national(instance)
    holds = await national_holds_events(runner.engine, command.agency_code)

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return ownership.decide_assign(
            ownership.fold(history), command, national_holds_events=holds
        )

    outcome = await runner.run(
        Command(
            stream_id=ownership_stream(command.agency_code),
            resource_id=command.agency_code,
            decide=decide,
            context=terms.context,
            occurred_at=datetime.now(UTC),
            idempotency=terms.idempotency,
            bound_to_instance=False,
        )
    )
    if isinstance(source, Learner):
        await _teach(source, store, command.agency_code, outcome)
    return outcome


async def _teach(source: Learner, store: SqlEventStore, agency_code: str, outcome: Outcome) -> None:
    recorded = await store.read_stream(ownership_stream(agency_code))
    for event in recorded:
        if event.event_id in outcome.event_ids:
            parsed = parse_event(event.model_dump(mode="json"))
            if isinstance(parsed, AgencyOwnershipAssignedEvent):
                source.learn(parsed)
