"""Our metrics computed from a service object, and the readiness answer (no broker needed)."""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.consumer import DeadLetter, IdempotentConsumer
from shared.database import create_engine
from shared.envelope import NewEvent
from shared.events import CampaignLaunched, new_event, parse_event
from shared.eventstore import AppendContext
from shared.observability.metrics import ServiceMetrics, render
from shared.observability.readiness import check_readiness, readiness_response
from shared.outbox import RelayConfig
from shared.outbox.tables import relay_state
from shared.runtime.relay_runner import RelayRunner
from tests.harness.event_store import StoreWriter, create_store_tables


class _Sink:
    async def send(self, letters: list[DeadLetter]) -> None:
        pass


class _Nothing:
    async def apply(self, connection: Any, events: Any) -> None:
        pass


@dataclass
class FakeService:
    """The parts of a running service the metrics look at."""

    engine: AsyncEngine
    relay: RelayRunner
    consumer: IdempotentConsumer[Any]


@pytest.fixture
async def engine(postgres_database_url: str) -> AsyncIterator[AsyncEngine]:
    """A store holding three events, with a relay that has published the first."""
    engine = create_engine(postgres_database_url)
    await create_store_tables(engine)
    writer = StoreWriter.on(engine)
    context = AppendContext(agency="01", actor="test", correlation_id=uuid.uuid4())
    for _ in range(3):
        await writer.append(f"campaign-{uuid.uuid4()}", 0, [_launched()], context)
    async with engine.begin() as connection:
        await connection.execute(
            insert(relay_state).values(relay_name="unit-events", checkpoint_position=1)
        )
    yield engine
    await engine.dispose()


def _launched() -> NewEvent:
    payload = CampaignLaunched(
        campaign_id=str(uuid.uuid4()),
        title="Phong trào thi đua",
        form="regular",
        scope="sector_local",
        launching_level="ministry_province",
        launching_agency="01",
        start_date=date(2020, 1, 15),
    )
    return new_event(payload, occurred_at=datetime(2020, 1, 15, tzinfo=UTC))


def service(engine: AsyncEngine) -> FakeService:
    relay = RelayRunner(engine, "127.0.0.1:1", RelayConfig(topic="t", relay_name="unit-events"))
    relay.relay.published_total = 1
    consumer: IdempotentConsumer[Any] = IdempotentConsumer(
        name="projections",
        engine=engine,
        parse=parse_event,
        event_id_of=lambda event: event.event_id,
        handler=_Nothing(),
        dead_letters=_Sink(),
    )
    consumer.applied_total, consumer.dead_lettered_total = 12, 3
    consumer.dead_lettered_by_error.update({"InvalidEvent": 2, "RefusedEvent": 1})
    consumer.last_applied_at = datetime.now(UTC) - timedelta(seconds=30)
    return FakeService(engine, relay, consumer)


async def scrape(running: object) -> str:
    registry = CollectorRegistry()
    metrics = ServiceMetrics(lambda: running)
    registry.register(metrics)
    return (await render(registry, metrics)).decode()


async def test_the_metrics_describe_relay_and_consumer(engine: AsyncEngine) -> None:
    text = await scrape(service(engine))
    assert 'tdkt_relay_lag_events{relay="unit-events"} 2.0' in text
    assert "tdkt_relay_published_total 1.0" in text
    assert 'tdkt_consumer_applied_total{consumer="projections"} 12.0' in text
    assert (
        'tdkt_consumer_dead_letters_total{consumer="projections",error_type="InvalidEvent"} 2.0'
        in text
    )
    assert (
        'tdkt_consumer_dead_letters_total{consumer="projections",error_type="RefusedEvent"} 1.0'
        in text
    )
    age = _sample(text, 'tdkt_projection_checkpoint_age_seconds{consumer="projections"}')
    assert 29 <= age < 60


async def test_a_service_without_relay_or_consumer_has_none_of_their_metrics(
    engine: AsyncEngine,
) -> None:
    text = await scrape(object())
    assert "tdkt_" not in text


async def test_the_relay_lag_is_left_out_when_the_database_fails(engine: AsyncEngine) -> None:
    running = service(engine)
    await engine.dispose()
    running.engine = create_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{_closed_port()}/none")
    text = await scrape(running)
    assert "tdkt_relay_lag_events{" not in text
    assert "tdkt_consumer_dead_letters_total" in text


async def test_readiness_names_the_broker_when_it_is_down(engine: AsyncEngine) -> None:
    checks = await check_readiness(engine, f"127.0.0.1:{_closed_port()}", timeout_s=1.0)
    assert checks == {"database": "ok", "broker": "down"}
    response = readiness_response(checks, instance="/readyz")
    assert response.status_code == 503
    assert response.media_type == "application/problem+json"
    assert b"broker unreachable" in response.body


def test_readiness_answers_200_when_all_is_well() -> None:
    response = readiness_response({"database": "ok", "broker": "ok"}, instance="/readyz")
    assert response.status_code == 200
    assert response.body == b'{"database":"ok","broker":"ok"}'


def _sample(text: str, name: str) -> float:
    [line] = [line for line in text.splitlines() if line.startswith(name)]
    return float(line.rsplit(" ", 1)[1])


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
