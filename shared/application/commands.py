"""Running a command: load the stream, decide, append, project inline, remember the key.

A command dated after its agency ceased is refused (:mod:`shared.lifetimes`), unless it is
one that must stay possible after the end (erasing a person's data). A command in the name of
an agency this instance does not serve is refused (:mod:`shared.instances`).

Everything a command writes — its events, the service's inline read model and its
idempotency key — is written in one transaction: nothing is ever half-written. A command
also reads in that transaction, in one statement, everything it needs before deciding: its
stream (taking the append lock), what its idempotency key stored and the days its agencies
ceased. Each statement costs a round trip and the driver's and SQLAlchemy's work, far more
than PostgreSQL spends on these indexed reads.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.application.decided import deciding, remember_decided
from shared.application.idempotency import (
    IdempotencyRequest,
    judged_lookups,
    recorded_lookups,
    recorded_outcome,
    remember_outcome,
)
from shared.application.streams import history_of
from shared.database.engine import connection_for_reads, write_transaction
from shared.domain_errors import DomainError
from shared.envelope import EventPayload, NewEvent
from shared.events import new_event
from shared.eventstore import (
    AppendContext,
    ConcurrencyConflict,
    RecordedEvent,
    SqlEventStore,
    StreamAppend,
)
from shared.instances import AgencyServedElsewhere, InstanceScope
from shared.lifetimes import LifetimeGuard
from shared.vietnam_time import business_date

Decide = Callable[[Sequence[EventPayload]], list[EventPayload]]
SideWrite = Callable[[AsyncConnection], Awaitable[None]]


class InlineProjection(Protocol):
    """A read model updated in the command's own transaction (read-your-writes)."""

    async def apply(self, connection: AsyncConnection, events: Sequence[RecordedEvent]) -> None: ...


@dataclass(frozen=True)
class Command:
    """One command against one stream, as the application layer sees it."""

    stream_id: str
    resource_id: str
    decide: Decide
    context: AppendContext
    occurred_at: datetime
    expected_version: int | None = None
    idempotency: IdempotencyRequest | None = None
    side_write: SideWrite | None = None
    bound_by_lifetime: bool = True
    """Whether the agency must not have ceased before the command's business date."""
    bound_to_instance: bool = True
    """Whether only the instance serving the agency may run it (not the ministry's assignment
    of an agency to an instance, which the national instance records for any agency)."""


@dataclass(frozen=True)
class Outcome:
    """What a command did: the resource, its new version and the events recorded."""

    resource_id: str
    version: int
    event_ids: list[UUID] = field(default_factory=list)
    replayed: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "resource_id": self.resource_id,
            "version": self.version,
            "event_ids": [str(event_id) for event_id in self.event_ids],
        }

    @staticmethod
    def from_json(data: dict[str, object]) -> Outcome:
        event_ids = data["event_ids"]
        assert isinstance(event_ids, list)
        return Outcome(
            resource_id=str(data["resource_id"]),
            version=int(str(data["version"])),
            event_ids=[UUID(str(event_id)) for event_id in event_ids],
            replayed=True,
        )


@dataclass(frozen=True)
class _Read:
    """What a command read before deciding: its streams, or what its key stored."""

    streams: dict[str, list[RecordedEvent]]
    stored: dict[str, object] | None


class BatchRejected(Exception):
    """Some commands of an all-or-nothing batch were refused: nothing was written."""

    def __init__(self, errors: list[tuple[int, DomainError]]) -> None:
        super().__init__(f"{len(errors)} of the batch's commands were refused")
        self.errors = errors


class CommandRunner:
    """The one way a service's commands reach its event store."""

    def __init__(
        self,
        engine: AsyncEngine,
        store: SqlEventStore,
        projection: InlineProjection,
        lifetimes: LifetimeGuard | None = None,
        scope: InstanceScope | None = None,
    ) -> None:
        self._engine = engine
        self._store = store
        self._projection = projection
        self._lifetimes = lifetimes
        self._scope = scope

    @property
    def engine(self) -> AsyncEngine:
        """The service's database, for what a command looks up before it decides."""
        return self._engine

    async def run(self, command: Command) -> Outcome:
        with deciding():
            outcome = await self._run(command)
        if not outcome.replayed:
            self._store.notify_appended()
        return outcome

    async def _run(self, command: Command) -> Outcome:
        version: int | None = None
        try:
            async with write_transaction(self._engine) as connection:
                read = await self._read_guarded(connection, [command], command.idempotency)
                if read.stored is not None:
                    return Outcome.from_json(read.stored)
                stream_id = command.stream_id
                history, version = history_of(read.streams[stream_id])
                events = _decided(command, history, version)
                recorded = await self._store.append_after_read_in(
                    connection, stream_id, version, events, command.context
                )
                outcome = await self._project(connection, command, version, recorded)
                if command.idempotency is not None:
                    await remember_outcome(connection, command.idempotency, outcome.to_json())
        except (IntegrityError, ConcurrencyConflict) as error:
            if command.idempotency is not None:
                replayed = await self._replayed(command.idempotency)
                if replayed is not None:  # a concurrent request with the same key won
                    return replayed
            if isinstance(error, ConcurrencyConflict) or version is None:
                raise
            actual = await self._store.stream_version(command.stream_id)
            if actual != version:  # a concurrent writer appended to the stream first
                raise ConcurrencyConflict(command.stream_id, version, actual) from None
            raise
        return outcome

    async def run_batch(
        self, commands: Sequence[Command], idempotency: IdempotencyRequest | None = None
    ) -> list[Outcome]:
        """All the commands in one transaction, or none (``BatchRejected`` lists the refusals).

        Each command must address its own stream. The commands' own idempotency keys are
        ignored: ``idempotency`` covers the batch as a whole. The streams are read in one
        statement and the events of every command appended in one, then projected together.
        """
        if idempotency is not None:
            stored = await self._replayed_batch(idempotency)
            if stored is not None:
                return stored
        with deciding():
            outcomes = await self._run_batch(commands, idempotency)
        self._store.notify_appended()
        return outcomes

    async def _run_batch(
        self, commands: Sequence[Command], idempotency: IdempotencyRequest | None
    ) -> list[Outcome]:
        async with write_transaction(self._engine) as connection:
            read = await self._read_guarded(connection, commands)
            appends = _decided_all(commands, read.streams)
            recorded = await self._store.append_many_after_read_in(connection, appends)
            await self._projection.apply(connection, [e for events in recorded for e in events])
            outcomes = []
            for command, append, events in zip(commands, appends, recorded, strict=True):
                if command.side_write is not None:
                    await command.side_write(connection)
                outcomes.append(_outcome(command, append.version, events))
            if idempotency is not None:
                batch: dict[str, object] = {"batch": [o.to_json() for o in outcomes]}
                await remember_outcome(connection, idempotency, batch)
        return outcomes

    async def _read_guarded(
        self,
        connection: AsyncConnection,
        commands: Sequence[Command],
        idempotency: IdempotencyRequest | None = None,
    ) -> _Read:
        """The commands' streams, read for appending, or the outcome stored under the key of a
        repeated command; refused if any command's agency is served by another instance, or
        if any command is dated after its agency ceased (each agency, and each agency and
        day, checked once). What the key stored and the days the agencies ceased are read with
        the streams, in one round trip."""
        try:
            await self._check_scope(commands)
        except AgencyServedElsewhere:
            stored = (
                None if idempotency is None else await recorded_outcome(connection, idempotency)
            )
            if stored is None:
                raise
            return _Read({}, stored)  # done here before the agency moved: answered as then
        dated = sorted(
            {
                (command.context.agency, business_date(command.occurred_at))
                for command in commands
                if command.bound_by_lifetime
            }
        )
        lifetimes = self._lifetimes
        names = {agency: f"ceased_on_{index}" for index, (agency, _) in enumerate(dated)}
        lookups = (
            {} if lifetimes is None else {n: lifetimes.ceased_on(a, n) for a, n in names.items()}
        )
        if idempotency is not None:
            lookups |= recorded_lookups(idempotency)
        read = await self._store.read_streams_for_append_in(
            connection, [command.stream_id for command in commands], lookups
        )
        if idempotency is not None:
            stored = judged_lookups(idempotency, read.looked_up)
            if stored is not None:
                return _Read({}, stored)
        if lifetimes is not None:
            for agency, day in dated:
                ceased_on = read.looked_up[names[agency]]
                await lifetimes.check_ceased_on(connection, agency, day, ceased_on)
        return _Read(read.events, None)

    async def _check_scope(self, commands: Sequence[Command]) -> None:
        if self._scope is not None:
            bound = {command.context.agency for command in commands if command.bound_to_instance}
            for agency in sorted(bound):
                await self._scope.require_serves(agency)

    async def _replayed_batch(self, request: IdempotencyRequest) -> list[Outcome] | None:
        async with connection_for_reads(self._engine) as connection:
            stored = await recorded_outcome(connection, request)
        if stored is None:
            return None
        batch = stored["batch"]
        assert isinstance(batch, list)
        return [Outcome.from_json(item) for item in batch]

    async def _replayed(self, request: IdempotencyRequest) -> Outcome | None:
        async with connection_for_reads(self._engine) as connection:
            stored = await recorded_outcome(connection, request)
        return None if stored is None else Outcome.from_json(stored)

    async def _project(
        self,
        connection: AsyncConnection,
        command: Command,
        version: int,
        recorded: list[RecordedEvent],
    ) -> Outcome:
        """Project what ``command`` appended, write its side write; its outcome."""
        await self._projection.apply(connection, recorded)
        if command.side_write is not None:
            await command.side_write(connection)
        return _outcome(command, version, recorded)


def _outcome(command: Command, version: int, recorded: Sequence[RecordedEvent]) -> Outcome:
    return Outcome(
        resource_id=command.resource_id,
        version=version + len(recorded),
        event_ids=[event.event_id for event in recorded],
    )


def _decided_all(
    commands: Sequence[Command], streams: dict[str, list[RecordedEvent]]
) -> list[StreamAppend]:
    """What each command appends, decided on its stream; ``BatchRejected`` if any refuses."""
    appends, errors = [], []
    for index, command in enumerate(commands):
        history, version = history_of(streams[command.stream_id])
        try:
            events = _decided(command, history, version)
        except DomainError as error:
            errors.append((index, error))
            continue
        appends.append(StreamAppend(command.stream_id, version, events, command.context))
    if errors:
        raise BatchRejected(errors)
    return appends


def _decided(command: Command, history: list[EventPayload], version: int) -> list[NewEvent]:
    """The events ``command`` decides on its stream's ``history`` (at ``version``)."""
    if command.expected_version is not None and command.expected_version != version:
        raise ConcurrencyConflict(command.stream_id, command.expected_version, version)
    decided = [
        (payload, new_event(payload, occurred_at=command.occurred_at))
        for payload in command.decide(history)
    ]
    remember_decided((event.event_id, payload) for payload, event in decided)
    return [event for _, event in decided]
