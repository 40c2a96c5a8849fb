"""The store's head: how many events it holds, and how many its relay has published.

Counting every event on each request would scan the whole table. A count up to a relay
checkpoint never changes, though: the relay reads only up to the head it found under the
exclusive append lock, so once it has read past a position no event at or below it can still
commit (see :mod:`shared.eventstore.append_lock`). :class:`EventCounter` remembers its last
such count and later counts only the events after it.

A relay that publishes only some streams (:class:`~shared.outbox.selection.StreamSelection`)
counts only those: its head describes what its topic should hold.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.database.engine import connection_for_reads
from shared.eventstore.tables import events
from shared.outbox.selection import StreamSelection, selected
from shared.outbox.tables import relay_state


class StoreHead(BaseModel):
    """What a producing service's event store holds, and what its relay has published."""

    model_config = ConfigDict(frozen=True)

    topic: str = Field(description="The topic the service's relay publishes to.")
    events: int = Field(ge=0, description="Events the store holds for this topic.")
    last_position: int = Field(
        ge=0, description="The highest position of an event for this topic (0: none)."
    )
    published_position: int = Field(
        ge=0, description="The relay's checkpoint: every event up to it was acknowledged."
    )
    published_events: int = Field(
        ge=0, description="Events up to the checkpoint: the topic holds at least this many."
    )


class EventCounter:
    """Counts the events up to a relay checkpoint, remembering the last count it made.

    Give it only positions a relay has read up to (checkpoints): below those the count is
    final. Remembered counts are facts, so concurrent callers cannot spoil one another.
    """

    def __init__(self, streams: StreamSelection | None = None) -> None:
        self._streams = streams
        self._known = (0, 0, 0)  # (position, events at or below it, the last one's position)

    async def up_to(self, connection: AsyncConnection, position: int) -> int:
        """The number of (selected) events at or below ``position``."""
        counted, _ = await self.counted(connection, position)
        return counted

    async def counted(self, connection: AsyncConnection, position: int) -> tuple[int, int]:
        """The number of (selected) events at or below ``position``, and the position of the
        last of them (0: none)."""
        known_position, known, last = self._known
        if position < known_position:  # a checkpoint moved back (republishing): recount
            known_position, known, last = 0, 0, 0
        added, added_last = (
            await connection.execute(
                select(func.count(), func.max(events.c.position)).where(
                    events.c.position > known_position,
                    events.c.position <= position,
                    selected(self._streams),
                )
            )
        ).one()
        counted = known + int(added or 0)
        last = int(added_last or last)
        self._known = (position, counted, last)
        return counted, last


async def checkpoint_of(connection: AsyncConnection, relay_name: str) -> int:
    """The relay's checkpoint (0 if it never ran)."""
    position = await connection.scalar(
        select(relay_state.c.checkpoint_position).where(relay_state.c.relay_name == relay_name)
    )
    return int(position or 0)


async def store_head(
    engine: AsyncEngine,
    relay_name: str,
    topic: str,
    counter: EventCounter,
    streams: StreamSelection | None = None,
) -> StoreHead:
    """The head of the store for one relay's ``streams`` (all: ``None``), now (one count of
    the events after the checkpoint). ``counter`` must count the same streams."""
    condition = selected(streams)
    async with connection_for_reads(engine) as connection:
        checkpoint = await checkpoint_of(connection, relay_name)
        published, last_published = await counter.counted(connection, checkpoint)
        after = (
            await connection.execute(
                select(func.count(), func.max(events.c.position)).where(
                    events.c.position > checkpoint, condition
                )
            )
        ).one()
        # Nothing after the checkpoint: the last event is the last one counted up to it.
        last = last_published if after[1] is None else after[1]
    return StoreHead(
        topic=topic,
        events=published + int(after[0]),
        last_position=int(last or 0),
        published_position=checkpoint,
        published_events=published,
    )
