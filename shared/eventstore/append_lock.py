"""The append lock: why the relay can trust ``position > checkpoint``.

On PostgreSQL a sequence value is taken at insert time, not at commit: event 10 may commit
after event 11, and a reader that published 11 and moved its checkpoint would skip 10 for
ever. So every append holds a *shared* advisory lock of the database from before its insert
until it commits, and the relay asks for the *exclusive* one to learn the *settled head*: once
no append is in flight, every position up to the highest committed one is final (committed,
or never to be), and every later append takes a higher position. The relay then reads up to
that head without any lock. Advisory locks are scoped to the database, so only this store's
own appends can delay the relay, never other databases of the cluster.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.eventstore.tables import events

#: ASCII "tdkt" + "evts": the key of the event store's advisory lock. Appends take it shared
#: (``pg_advisory_xact_lock_shared``, with their version check, in ``shared.eventstore.sql``).
APPEND_LOCK_KEY = 0x7464_6B74_6576_7473

_LOCKED = select(func.pg_advisory_xact_lock(APPEND_LOCK_KEY).label("locked")).cte("locked")
_SETTLED_HEAD = select(
    func.coalesce(select(func.max(events.c.position)).scalar_subquery(), 0)
).select_from(_LOCKED)


async def settled_head(connection: AsyncConnection) -> int:
    """The highest position at or below which no event can still commit (0: none yet).

    One statement on a connection outside any transaction (``connection_for_reads``): it
    waits for the appends in flight and holds new ones back only while PostgreSQL runs it,
    never across a turn of the caller's event loop, which a busy service takes late.

    The maximum may come from a snapshot taken before the lock was granted: still final.
    An event below it took its position before the event at the maximum did, so its append
    held the shared lock before this statement began and has ended when the exclusive lock
    is granted.
    """
    return int(await connection.scalar(_SETTLED_HEAD) or 0)
