"""Two processes of a service on one database: what the standby appends reaches the topic
through the publisher's relay at once, woken by PostgreSQL's NOTIFY, not at its next poll."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database.engine import create_engine
from shared.outbox import KafkaEventPublisher, OutboxRelay, RelayConfig
from shared.outbox.append_signal import AppendSignal
from tests.harness.event_store import StoreWriter
from tests.harness.infra import eventually
from tests.harness.kafka_reader import read_topic
from tests.integration.test_outbox_relay import (
    CONTEXT,
    engine,
    event,
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
        written = await writer.append("s-1", 0, [event(1)], CONTEXT)
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
