"""A lease in the database so that only one relay instance publishes per database.

The checkpoint is written only by the lease holder (the update is fenced on the owner), so an
instance that lost its lease while paused cannot move the checkpoint of the new holder.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database.engine import connection_for_reads, one_statement_write, write_transaction
from shared.outbox.tables import relay_state

_ADVANCE = (
    update(relay_state)
    .where(
        relay_state.c.relay_name == bindparam("relay"),
        relay_state.c.owner == bindparam("holder"),
    )
    .values(checkpoint_position=bindparam("position"), lease_until=bindparam("until"))
)
"""The checkpoint and the lease moved by the holder (built once: the relay runs it after
every batch)."""


class LeaseLost(RuntimeError):
    """Another relay instance took the lease: this one must stop publishing."""


class RelayLease:
    """Acquire, renew and use the publishing lease of one relay name."""

    def __init__(self, engine: AsyncEngine, relay_name: str, owner: str, ttl: timedelta) -> None:
        self._engine = engine
        self._name = relay_name
        self._owner = owner
        self._ttl = ttl

    async def try_acquire(self) -> int | None:
        """Take or renew the lease; the position to resume after, or None if held elsewhere."""
        await self._ensure_row()
        now = datetime.now(UTC)
        claimable = or_(
            relay_state.c.owner == self._owner,
            relay_state.c.owner.is_(None),
            relay_state.c.lease_until < now,
        )
        statement = (
            update(relay_state)
            .where(and_(relay_state.c.relay_name == self._name, claimable))
            .values(owner=self._owner, lease_until=now + self._ttl)
            .returning(relay_state.c.checkpoint_position)
        )
        async with write_transaction(self._engine) as connection:
            row = (await connection.execute(statement)).first()
        return None if row is None else int(row[0])

    async def advance(self, position: int) -> None:
        """Record published progress and renew the lease; raise LeaseLost if not the holder."""
        parameters = {
            "relay": self._name,
            "holder": self._owner,
            "position": position,
            "until": datetime.now(UTC) + self._ttl,
        }
        async with one_statement_write(self._engine) as connection:
            result = await connection.execute(_ADVANCE, parameters)
        if result.rowcount != 1:
            raise LeaseLost(f"relay {self._name!r}: lease no longer held by {self._owner!r}")

    async def release(self) -> None:
        statement = (
            update(relay_state)
            .where(relay_state.c.relay_name == self._name, relay_state.c.owner == self._owner)
            .values(owner=None, lease_until=None)
        )
        async with write_transaction(self._engine) as connection:
            await connection.execute(statement)

    async def _ensure_row(self) -> None:
        exists = select(relay_state.c.relay_name).where(relay_state.c.relay_name == self._name)
        async with connection_for_reads(self._engine) as connection:
            if (await connection.execute(exists)).first() is not None:
                return
        try:
            async with write_transaction(self._engine) as connection:
                await connection.execute(relay_state.insert().values(relay_name=self._name))
        except IntegrityError:
            pass  # another instance created it at the same moment
