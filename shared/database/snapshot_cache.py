"""Answers read from the database, reused while nothing in it has changed.

Two reads under equal MVCC snapshots see the same committed data: a snapshot names which
transactions had committed (``pg_current_snapshot()``: the oldest one running, the next one to
start, those running between), and no transaction commits a change without an id that makes
every later snapshot differ. So an answer computed after a snapshot was read answers every
later request that reads an equal snapshot, whichever code path wrote the data, a rebuild's
swap of schemas included.

The answer may be newer than its snapshot (a change committed between the snapshot's read and
the computation), never older: every request given it began before it was stored, and that
change had committed by then. A busy database (any write to any database of the cluster
changes the snapshot) only makes the cache miss; checking costs one small statement.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy import Text, cast, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database.engine import connection_for_reads

V = TypeVar("V")

_SNAPSHOT = select(cast(func.pg_current_snapshot(), Text))


class SnapshotCache(Generic[V]):
    """The last ``size`` answers, each under the snapshot it was computed after and its key."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._answers: OrderedDict[tuple[str, Hashable], V] = OrderedDict()

    async def answer(
        self,
        engine: AsyncEngine,
        key: Hashable,
        compute: Callable[[], Awaitable[V]],
        *,
        reuse: bool = True,
    ) -> V:
        """The answer of ``key`` stored under the database's current snapshot, or ``compute``'s
        (then stored). ``reuse=False`` computes it anew (a client's ``Cache-Control:
        no-cache``) and stores that."""
        async with connection_for_reads(engine) as connection:
            snapshot = str(await connection.scalar(_SNAPSHOT))
        entry = (snapshot, key)
        if reuse and entry in self._answers:
            self._answers.move_to_end(entry)
            return self._answers[entry]
        answer = await compute()
        self._answers[entry] = answer
        while len(self._answers) > self._size:
            self._answers.popitem(last=False)
        return answer
