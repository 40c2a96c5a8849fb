"""The settled head (``shared.eventstore.append_lock``): the relay's bound, found under the
exclusive append lock, which it holds only while that one statement runs."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.database.engine import connection_for_reads
from shared.eventstore.append_lock import APPEND_LOCK_KEY, settled_head
from shared.outbox import reader
from shared.outbox.reader import read_committed_batch
from tests.harness.event_store import OFFICER_CONTEXT, StoreWriter, numbered_event

pytestmark = pytest.mark.integration


async def head_of(engine: AsyncEngine) -> int:
    async with connection_for_reads(engine) as connection:
        return await settled_head(connection)


async def test_an_empty_store_has_head_zero(store_engine: AsyncEngine) -> None:
    assert await head_of(store_engine) == 0


async def test_the_head_waits_for_the_append_in_flight_below_it(
    store_engine: AsyncEngine,
) -> None:
    writer = StoreWriter.on(store_engine)
    async with store_engine.connect() as slow_connection:
        transaction = await slow_connection.begin()
        slow, fast = [numbered_event(1)], [numbered_event(2)]
        await writer.store.append_in(slow_connection, "slow", 0, slow, OFFICER_CONTEXT)
        await writer.append("fast", 0, fast, OFFICER_CONTEXT)  # a higher position, committed
        finding = asyncio.create_task(head_of(store_engine))
        done, _ = await asyncio.wait({finding}, timeout=0.5)
        assert not done, "position 1 may still commit: the head must wait for it"
        await transaction.commit()
    head = await finding

    batch = await read_committed_batch(store_engine, 0, 100)
    assert head == 2
    assert [position for position, _ in batch.events] == [1, 2]
    assert batch.read_to == 2


async def test_the_lock_is_given_back_when_the_statement_ends(store_engine: AsyncEngine) -> None:
    """The connection that found the head is still checked out (the relay reads its batch on
    it): an append must not wait for it."""
    writer = StoreWriter.on(store_engine)
    await writer.append("before", 0, [numbered_event(1)], OFFICER_CONTEXT)
    async with connection_for_reads(store_engine) as reading:
        assert await settled_head(reading) == 1
        async with store_engine.begin() as appending:
            shared = func.pg_try_advisory_xact_lock_shared(APPEND_LOCK_KEY)
            assert await appending.scalar(select(shared)) is True
        appending_after = writer.append("after", 0, [numbered_event(2)], OFFICER_CONTEXT)
        appended = await asyncio.wait_for(appending_after, 5)
    assert appended[0].position == 2


async def test_events_committed_after_the_head_was_found_wait_for_the_next_read(
    store_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between finding the head and reading the batch, more events may commit: the batch
    stops at the head, and says it read up to the head."""
    writer = StoreWriter.on(store_engine)
    for n in range(1, 5):
        await writer.append(f"s-{n}", 0, [numbered_event(n)], OFFICER_CONTEXT)

    async def head_found_before_the_last_two(connection: AsyncConnection) -> int:
        return 2

    monkeypatch.setattr(reader, "settled_head", head_found_before_the_last_two)
    batch = await reader.read_committed_batch(store_engine, 0, 100)
    full = await reader.read_committed_batch(store_engine, 0, 2)

    assert [position for position, _ in batch.events] == [1, 2]
    assert batch.read_to == 2
    assert [position for position, _ in full.events] == [1, 2]
    assert full.read_to == 2
