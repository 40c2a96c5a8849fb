"""The append lock: why the relay can trust ``position > checkpoint``.

On PostgreSQL a sequence value is taken at insert time, not at commit: event 10 may commit
after event 11, and a reader that published 11 and moved its checkpoint would skip 10 for
ever. So every append holds a *shared* advisory lock of the database until it commits, and
the relay reads while holding the *exclusive* one: when the relay reads, no append is in
flight, and every later append takes a higher position. Advisory locks are scoped to the
database, so only this store's own appends can delay the relay, never other databases of the
cluster.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

#: ASCII "tdkt" + "evts": the key of the event store's advisory lock. Appends take it shared
#: (``pg_advisory_xact_lock_shared``, with their version check, in ``shared.eventstore.sql``).
APPEND_LOCK_KEY = 0x7464_6B74_6576_7473


async def hold_exclusive_append_lock(connection: AsyncConnection) -> None:
    """Taken by the relay's read: waits for appends in flight, holds new ones back."""
    await connection.execute(select(func.pg_advisory_xact_lock(APPEND_LOCK_KEY)))
