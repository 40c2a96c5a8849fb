"""The consumer's core on PostgreSQL with an in-memory dead-letter sink (no broker)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
from sqlalchemy import Column, MetaData, String, Table, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.consumer import (
    DeadLetter,
    IdempotentConsumer,
    IncomingRecord,
    PermanentEventError,
    RetryPolicy,
)
from shared.consumer.tables import metadata
from shared.database import create_engine
from shared.events import AnyEvent, CampaignLaunched, parse_event
from tests.harness.events import campaign_launched

seen_metadata = MetaData()
seen = Table("seen", seen_metadata, Column("title", String(200), nullable=False))


class RecordingHandler:
    """Writes each title in the consumer's transaction (rolled back with it)."""

    def __init__(self, transient_failures: int = 0, bug: bool = False) -> None:
        self.transient_failures = transient_failures
        self.bug = bug

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        if self.transient_failures:
            self.transient_failures -= 1
            raise OperationalError("INSERT", {}, ConnectionResetError("gone"))
        for event in events:
            assert isinstance(event.payload, CampaignLaunched)
            if self.bug:
                raise KeyError("a bug in the handler")
            if event.payload.title == "POISON":
                raise PermanentEventError("breaks an invariant")
            await connection.execute(insert(seen).values(title=event.payload.title))


class MemorySink:
    def __init__(self) -> None:
        self.letters: list[DeadLetter] = []

    async def send(self, letters: list[DeadLetter]) -> None:
        self.letters.extend(letters)


@pytest.fixture
async def engine(postgres_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_database_url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
        await connection.run_sync(seen_metadata.create_all)
    yield engine
    await engine.dispose()


def consumer(engine: AsyncEngine, handler: RecordingHandler, sink: MemorySink) -> Any:
    return IdempotentConsumer(
        name="unit",
        engine=engine,
        parse=parse_event,
        event_id_of=lambda event: event.event_id,
        handler=handler,
        dead_letters=sink,
        retry=RetryPolicy(initial_backoff_s=0.001, max_backoff_s=0.002),
    )


async def applied(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        return list((await connection.execute(select(seen.c.title))).scalars())


def record(value: bytes, offset: int = 0) -> IncomingRecord:
    return IncomingRecord("t", 0, offset, b"k", value, (("event_type", b"x"),))


async def test_a_redelivered_event_is_applied_once(engine: AsyncEngine) -> None:
    handler, sink = RecordingHandler(), MemorySink()
    event = record(campaign_launched(title="Một lần").to_json())
    subject = consumer(engine, handler, sink)

    await subject.process([event, event])
    await subject.process([event])

    assert await applied(engine) == ["Một lần"]
    assert subject.applied_total == 1


async def test_only_the_poison_event_of_a_batch_is_dead_lettered(engine: AsyncEngine) -> None:
    handler, sink = RecordingHandler(), MemorySink()
    batch = [
        record(campaign_launched(title="trước").to_json(), 0),
        record(campaign_launched(title="POISON").to_json(), 1),
        record(b"{broken", 2),
        record(campaign_launched(title="sau").to_json(), 3),
    ]

    await consumer(engine, handler, sink).process(batch)

    assert sorted(await applied(engine)) == ["sau", "trước"]
    assert [letter.offset for letter in sink.letters] == [2, 1]
    assert sink.letters[0].value == b"{broken"
    assert sink.letters[0].headers == (("event_type", b"x"),)


async def test_transient_failures_are_retried_until_applied(engine: AsyncEngine) -> None:
    handler, sink = RecordingHandler(transient_failures=5), MemorySink()

    await consumer(engine, handler, sink).process([record(campaign_launched().to_json())])

    assert len(await applied(engine)) == 1
    assert sink.letters == []


async def test_a_handler_bug_is_dead_lettered_after_a_few_attempts(engine: AsyncEngine) -> None:
    handler, sink = RecordingHandler(bug=True), MemorySink()

    await consumer(engine, handler, sink).process([record(campaign_launched().to_json())])

    assert [letter.error_type for letter in sink.letters] == ["PermanentEventError"]
    assert "KeyError" in sink.letters[0].reason
