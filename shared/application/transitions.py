"""Transitions: one row of a service's command table, and the one handler that runs any row.

A :class:`Transition` says, for one command type, which stream the command addresses, what the
domain needs looked up beforehand (facts the stream cannot tell), how the stream's history and
those facts turn into events, and when the events count (business time). :func:`run_transition`
looks the facts up, then lets the :class:`CommandRunner` load, decide and append.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import KW_ONLY, dataclass
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.application.commands import Command, CommandRunner, Outcome, SideWrite
from shared.application.idempotency import IdempotencyRequest
from shared.envelope import EventPayload
from shared.eventstore import AppendContext

C = TypeVar("C")
F = TypeVar("F")
T = TypeVar("T")


@dataclass(frozen=True)
class CommandTerms:
    """The terms a command is written under: on whose behalf (``context``), against which
    version of its stream (``expected_version``, None: any) and under which idempotency key."""

    context: AppendContext
    expected_version: int | None = None
    idempotency: IdempotencyRequest | None = None


async def no_facts(engine: AsyncEngine, command: object) -> None:
    """The look-up of a transition whose stream's own history is all the domain needs."""
    return None


def no_side_write(command: object) -> SideWrite | None:
    """A transition that writes nothing beside its events."""
    return None


@dataclass(frozen=True)
class Transition(Generic[C, F]):
    """How a command of ``command_type`` changes its stream.

    ``look_up`` reads the facts the domain needs beyond the stream (on a connection of its own,
    closed before the command writes); ``decide`` folds the stream's history and lets the domain
    decide on the command and those facts. ``side_write`` is written in the command's
    transaction. ``retries_on_race``: once more, with the facts looked up again, when a
    concurrent writer broke one of the read model's unique keys meanwhile.
    ``bound_by_lifetime``: refused when dated after its agency ceased (false only for what must
    stay possible after the end, like erasing a person's data).
    """

    command_type: type[C]
    _: KW_ONLY
    stream: Callable[[C], str]
    resource: Callable[[C], str]
    occurred_at: Callable[[C], datetime]
    look_up: Callable[[AsyncEngine, C], Awaitable[F]]
    decide: Callable[[Sequence[EventPayload], C, F], list[EventPayload]]
    side_write: Callable[[C], SideWrite | None] = no_side_write
    retries_on_race: bool = False
    bound_by_lifetime: bool = True

    def command(self, command: C, facts: F, terms: CommandTerms) -> Command:
        """The runner's command for ``command``, deciding with ``facts``."""

        def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
            return self.decide(history, command, facts)

        return Command(
            stream_id=self.stream(command),
            resource_id=self.resource(command),
            decide=decide,
            context=terms.context,
            occurred_at=self.occurred_at(command),
            expected_version=terms.expected_version,
            idempotency=terms.idempotency,
            side_write=self.side_write(command),
            bound_by_lifetime=self.bound_by_lifetime,
        )


async def run_transition(
    runner: CommandRunner, transition: Transition[C, F], command: C, terms: CommandTerms
) -> Outcome:
    """Look the facts up, then load the stream, decide and append (one transaction)."""

    async def attempt() -> Outcome:
        facts = await transition.look_up(runner.engine, command)
        return await runner.run(transition.command(command, facts, terms))

    if transition.retries_on_race:
        return await retry_once_on_race(attempt)
    return await attempt()


async def retry_once_on_race(attempt: Callable[[], Awaitable[T]]) -> T:
    """Run ``attempt``; once more if a concurrent writer broke a unique key meanwhile.

    The second attempt looks the facts up again, so the domain sees the other writer's record
    and refuses with a proper error instead of a bare integrity error.
    """
    try:
        return await attempt()
    except IntegrityError:
        return await attempt()
