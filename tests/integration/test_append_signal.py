"""Two processes of a service on one database: what the standby appends reaches the topic
through the publisher's relay at once, woken by PostgreSQL's NOTIFY, not at its next poll."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database.engine import connection_for_reads, create_engine
from shared.outbox import KafkaEventPublisher, OutboxRelay, RelayConfig
from shared.outbox.append_signal import CHANNEL, AppendSignal
from tests.harness.event_store import OFFICER_CONTEXT, StoreWriter, numbered_event
from tests.harness.infra import eventually
from tests.harness.kafka_reader import read_topic
from tests.integration.test_outbox_relay import (
    engine,
    ids_of,
    publisher,
    running,
    topic,
)

pytestmark = pytest.mark.integration
__all__ = ["engine", "publisher", "topic"]  # fixtures

POLL_S = 60.0
"""The relays' idle poll: far longer than any test waits, so only a wake-up publishes."""


@contextlib.asynccontextmanager
async def listening(signal: AppendSignal) -> AsyncIterator[AppendSignal]:
    await signal.start()
    try:
        yield signal
    finally:
        await signal.stop()


@pytest.fixture
async def second_engine(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """Another pool on the same database, as another process of the service has."""
    other = create_engine(engine.url.render_as_string(hide_password=False))
    yield other
    await other.dispose()


def relay_of(engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str) -> OutboxRelay:
    return OutboxRelay(engine, publisher, RelayConfig(topic=topic, idle_poll_s=POLL_S))


async def test_the_standbys_append_wakes_the_publishing_process(
    engine: AsyncEngine,
    second_engine: AsyncEngine,
    publisher: KafkaEventPublisher,
    topic: str,
    kafka_bootstrap: str,
) -> None:
    publishing = relay_of(engine, publisher, topic)
    standby = relay_of(second_engine, publisher, topic)  # never runs: the lease is taken
    async with (
        listening(AppendSignal(engine, [publishing])) as publishers_signal,
        listening(AppendSignal(second_engine, [standby])) as standbys_signal,
        running(publishing),
    ):
        await eventually(lambda: publishing.holds_lease, timeout=10)
        await asyncio.sleep(0.2)  # the publisher's first round ended: it idles for POLL_S
        writer = StoreWriter.on(second_engine, on_appended=standbys_signal.appended)
        written = await writer.append("s-1", 0, [numbered_event(1)], OFFICER_CONTEXT)
        records = await read_topic(kafka_bootstrap, topic, at_least=1, timeout_s=15)

    assert ids_of(records) == [str(written[0].event_id)]
    assert standbys_signal.notifications_sent >= 1
    assert publishers_signal.notifications_received >= 1


async def test_the_publishing_process_tells_no_one(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str
) -> None:
    publishing = relay_of(engine, publisher, topic)
    signal = AppendSignal(engine, [publishing], spacing_s=0.0)
    async with listening(signal), running(publishing):
        await eventually(lambda: publishing.holds_lease, timeout=10)
        signal.appended()
        await asyncio.sleep(0.2)
        sent_by_the_publisher = signal.notifications_sent
        standby_signal = AppendSignal(engine, [relay_of(engine, publisher, topic)])
        standby_signal.appended()  # a relay without the lease: tells the others
        await eventually(lambda: standby_signal.notifications_sent == 1, timeout=10)
        await eventually(lambda: signal.notifications_received == 1, timeout=10)
        await standby_signal.stop()

    assert sent_by_the_publisher == 0


async def test_a_lost_listening_connection_is_replaced(
    engine: AsyncEngine, publisher: KafkaEventPublisher, topic: str
) -> None:
    signal = AppendSignal(engine, [relay_of(engine, publisher, topic)], retry_s=0.1)

    async def notify() -> None:
        async with connection_for_reads(engine) as connection:
            await connection.execute(select(func.pg_notify(CHANNEL, "")))

    async def listener_pids() -> list[int]:
        async with connection_for_reads(engine) as connection:
            found = await connection.execute(
                text(
                    "SELECT pid FROM pg_stat_activity"
                    " WHERE datname = current_database() AND query LIKE 'LISTEN%'"
                )
            )
            return list(found.scalars())

    async def heard_after(count: int) -> bool:
        await notify()
        await asyncio.sleep(0.05)
        return signal.notifications_received > count

    async with listening(signal):
        await eventually(lambda: heard_after(0), timeout=10)
        [pid] = await listener_pids()
        async with connection_for_reads(engine) as connection:
            await connection.execute(select(func.pg_terminate_backend(pid)))
        before = signal.notifications_received
        await eventually(lambda: heard_after(before), timeout=10)
        assert await listener_pids() not in ([], [pid])
