"""The event store on SQLAlchemy 2 async and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ScalarSelect,
    Select,
    String,
    bindparam,
    func,
    insert,
    literal,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.database.compiled_once import CompiledOnce
from shared.database.json_rows import json_rows, rows_parameter
from shared.envelope import NewEvent
from shared.eventstore.append_lock import APPEND_LOCK_KEY
from shared.eventstore.errors import ConcurrencyConflict
from shared.eventstore.port import AppendContext, RecordedEvent
from shared.eventstore.tables import events

_ENVELOPE_COLUMNS = list(events.c)
_LOCK = "append_lock"


@dataclass(frozen=True)
class StreamsRead:
    """What :meth:`SqlEventStore.read_streams_for_append_in` read: each stream's events and
    the value of each lookup asked for with them."""

    events: dict[str, list[RecordedEvent]]
    looked_up: dict[str, Any]


@dataclass(frozen=True)
class Lookup:
    """A one-value query a command asks with its streams (``read_streams_for_append_in``):
    built once, with parameters that have no value (``bindparam(name, type_=…)``) and names
    no other lookup uses, and the values of those parameters for this read."""

    query: ScalarSelect[Any]
    values: Mapping[str, Any]


@dataclass(frozen=True)
class StreamAppend:
    """Events to append to one stream, read at ``version`` earlier in the transaction."""

    stream_id: str
    version: int
    events: Sequence[NewEvent]
    context: AppendContext


class SqlEventStore:
    """Appends inside the caller's transaction; the stream's version is checked inside it.

    Every append holds the store's shared append lock until its transaction commits (see
    :mod:`shared.eventstore.append_lock`), so the relay never reads past an event whose
    transaction is still open. Reading in global order is the relay's alone
    (:mod:`shared.outbox.reader`), under that lock.
    """

    def __init__(self, engine: AsyncEngine, on_appended: Callable[[], None] | None = None) -> None:
        self._engine = engine
        self._on_appended = on_appended

    def notify_appended(self) -> None:
        """Tell the relay there is something new (after an ``append_in`` transaction commits)."""
        if self._on_appended is not None:
            self._on_appended()

    async def append_in(
        self,
        connection: AsyncConnection,
        stream_id: str,
        expected_version: int,
        events_to_append: Sequence[NewEvent],
        context: AppendContext,
    ) -> list[RecordedEvent]:
        """Append inside the caller's transaction (with the read model, the idempotency key).

        ``ConcurrencyConflict`` if the stream is not at ``expected_version``; if a concurrent
        writer appends the same version first, the insert fails (``IntegrityError``).
        """
        actual = await _version_holding_append_lock(connection, stream_id)
        if actual != expected_version:
            raise ConcurrencyConflict(stream_id, expected_version, actual)
        return await self.append_after_read_in(
            connection, stream_id, expected_version, events_to_append, context
        )

    async def append_after_read_in(
        self,
        connection: AsyncConnection,
        stream_id: str,
        version: int,
        events_to_append: Sequence[NewEvent],
        context: AppendContext,
    ) -> list[RecordedEvent]:
        """Append after :meth:`read_streams_for_append_in` read the stream at ``version`` in
        this transaction, which holds the append lock since: no second version check is
        needed, as a concurrent writer's append of the same version makes this insert fail
        (``IntegrityError``)."""
        appended = await self.append_many_after_read_in(
            connection, [StreamAppend(stream_id, version, events_to_append, context)]
        )
        return appended[0]

    async def append_many_after_read_in(
        self, connection: AsyncConnection, appends: Sequence[StreamAppend]
    ) -> list[list[RecordedEvent]]:
        """Append to several streams read by :meth:`read_streams_for_append_in` in this
        transaction, in one statement; the events recorded, per append."""
        per_append = [_rows(a.stream_id, a.version, a.events, a.context) for a in appends]
        flat = [row for rows in per_append for row in rows]
        positions = iter(await _insert(connection, flat) if flat else [])
        # The rows were built here from validated events: no need to validate them again.
        return [
            [RecordedEvent.model_construct(**row, position=next(positions)) for row in rows]
            for rows in per_append
        ]

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]:
        query = (
            select(*_ENVELOPE_COLUMNS)
            .where(events.c.stream_id == stream_id)
            .order_by(events.c.stream_version)
        )
        async with self._engine.connect() as connection:
            result = await connection.execute(query)
            return [RecordedEvent.model_validate(row._mapping) for row in result]

    async def read_streams_for_append_in(
        self,
        connection: AsyncConnection,
        stream_ids: Sequence[str],
        lookups: Mapping[str, Lookup] | None = None,
    ) -> StreamsRead:
        """Each stream's events, read in the caller's transaction with the shared append lock
        taken in the same round trip (held until the transaction ends), for a command that
        then appends with :meth:`append_many_after_read_in`; and the value of each of
        ``lookups`` (one-value queries of the caller's, answered in that round trip too).

        The lock is a column of the answer; the outer join from a one-row relation gives at
        least one row (of nulls, when every stream is new), so the lock is taken, and the
        lookups answered, whatever the streams. The statement is compiled once per set of
        lookups (:mod:`shared.database.compiled_once`): only the values change.
        """
        given = dict(lookups or {})
        shape = tuple((name, lookup.query) for name, lookup in sorted(given.items()))
        one_stream = len(stream_ids) == 1
        values: dict[str, Any] = (
            {"stream_id": stream_ids[0]}
            if one_stream
            else rows_parameter(({"stream_id": s} for s in stream_ids), "streams")
        )
        for lookup in given.values():
            values |= lookup.values
        found: dict[str, list[RecordedEvent]] = {stream_id: [] for stream_id in stream_ids}
        looked_up: dict[str, Any] = {}
        not_event = {_LOCK, *given}
        for row in await connection.execute(_reading(shape, one_stream).on(connection), values):
            mapping = row._mapping
            looked_up = {name: mapping[name] for name in given}
            if row.event_id is not None:
                fields = {k: v for k, v in mapping.items() if k not in not_event}
                found[row.stream_id].append(RecordedEvent.model_validate(fields))
        return StreamsRead(found, looked_up)

    async def stream_version(self, stream_id: str) -> int:
        async with self._engine.connect() as connection:
            return await _current_version(connection, stream_id)


@lru_cache(maxsize=64)
def _reading(lookups: tuple[tuple[str, ScalarSelect[Any]], ...], one_stream: bool) -> CompiledOnce:
    """The read of :meth:`SqlEventStore.read_streams_for_append_in` with these lookups, of
    the ``stream_id`` parameter, or of the ``streams`` one: a batch's streams as JSON rows,
    joined on the stream's index (one text for any number; an array would be planned anew
    at every execution, ``docs/ARCHITECTURE.md``)."""
    extra = [query.label(name) for name, query in lookups]
    one = select(literal(1).label("one")).subquery()
    if one_stream:
        stream_events = one.outerjoin(
            events, events.c.stream_id == bindparam("stream_id", type_=String())
        )
    else:
        given = json_rows([("stream_id", String())], "streams")
        wanted = events.join(given, events.c.stream_id == given.c.stream_id)
        stream_events = one.outerjoin(wanted, true())
    query = (
        select(func.pg_advisory_xact_lock_shared(APPEND_LOCK_KEY).label(_LOCK), *extra)
        .add_columns(*events.c)
        .select_from(stream_events)
        .order_by(events.c.stream_id, events.c.stream_version)
    )
    return CompiledOnce(query)


async def _insert(connection: AsyncConnection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` (one statement, batched by SQLAlchemy); their positions, in order."""
    query = insert(events).returning(events.c.position, sort_by_parameter_order=True)
    return [position for (position,) in await connection.execute(query, rows)]


async def _version_holding_append_lock(connection: AsyncConnection, stream_id: str) -> int:
    """The stream's version, taking the shared append lock in the same round trip."""
    version = _version_query(stream_id).scalar_subquery()
    query = select(func.pg_advisory_xact_lock_shared(APPEND_LOCK_KEY), version)
    return int((await connection.execute(query)).one()[1])


def _version_query(stream_id: str) -> Select[tuple[int]]:
    return select(func.coalesce(func.max(events.c.stream_version), 0)).where(
        events.c.stream_id == stream_id
    )


async def _current_version(connection: AsyncConnection, stream_id: str) -> int:
    return int((await connection.execute(_version_query(stream_id))).scalar_one())


def _rows(
    stream_id: str,
    expected_version: int,
    events_to_append: Sequence[NewEvent],
    context: AppendContext,
) -> list[dict[str, Any]]:
    recorded_at = datetime.now(UTC)
    shared = context.model_dump()
    return [
        {
            "event_id": event.event_id,
            "event_type": event.event_type,
            "schema_version": event.schema_version,
            "occurred_at": event.occurred_at,
            "payload": event.payload,
            **shared,
            "stream_id": stream_id,
            "stream_version": expected_version + index,
            "recorded_at": recorded_at,
        }
        for index, event in enumerate(events_to_append, start=1)
    ]
