"""``tdkt rebuild`` refuses, touching nothing, when a topic lost records the registry recorded.

The registry runs for real (its relay publishes to the real broker, its head endpoint answers
the rebuild); its topic is then deleted and created again, as a broker that lost its log
would leave it. The awards service is a stand-in answering an empty head.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import insert, text

from services.reporting.rebuild.__main__ import RebuildOptions, check_topics, main
from services.reporting.settings import ReportingSettings
from shared.consumer.tables import processed_events
from shared.database import create_engine
from shared.envelope import NewEvent
from shared.eventstore import AppendContext
from shared.outbox import StoreHead
from tests.harness.event_store import StoreWriter
from tests.harness.infra import eventually
from tests.harness.lost_log import recreate_topic
from tests.harness.registry_api import SECRET, RegistryApi

CONTEXT = AppendContext(agency="01", actor="officer", correlation_id=uuid.uuid4())

TABLES = text(
    "SELECT n.nspname, c.relname, c.oid FROM pg_class c "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind = 'r' AND n.nspname IN ('public', 'reporting_rebuild', 'reporting_retired') "
    "ORDER BY 1, 2"
)


class Routes(httpx.AsyncBaseTransport):
    """Requests to http://registry go to the running registry app; to http://awards, a
    stand-in answering an empty, fully published head for ``awards_topic``."""

    def __init__(self, registry: RegistryApi, awards_topic: str) -> None:
        self._registry = httpx.ASGITransport(app=registry.app)
        empty = StoreHead(
            topic=awards_topic, events=0, last_position=0, published_position=0, published_events=0
        )
        self._awards = httpx.MockTransport(
            lambda _: httpx.Response(200, content=empty.model_dump_json())
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        chosen = self._registry if request.url.host == "registry" else self._awards
        return await chosen.handle_async_request(request)


async def live_state(url: str) -> tuple[list[Any], list[Any]]:
    """The reporting database's tables (schema, name, oid) and its processed events."""
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as connection:
            tables = [tuple(row) for row in (await connection.execute(TABLES)).all()]
            processed = (await connection.execute(processed_events.select())).all()
    finally:
        await engine.dispose()
    return tables, [tuple(row) for row in processed]


async def test_the_rebuild_refuses_when_the_registry_topic_lost_records(
    registry_api: RegistryApi,
    make_migrated_database: Callable[[str], Awaitable[str]],
    kafka_bootstrap: str,
    unique_prefix: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    registry = registry_api.registry
    writer = StoreWriter(registry.engine, registry.store)
    for n in range(6):
        event = NewEvent(
            event_id=uuid.uuid4(),
            event_type="RatingRecorded",
            schema_version=1,
            occurred_at=datetime(2019, 12, 31, tzinfo=UTC),
            payload={"n": n},
        )
        await writer.append(f"rating-{uuid.uuid4()}", 0, [event], CONTEXT)
    head = await eventually(lambda: _published(registry_api))
    reporting_url = await make_migrated_database("reporting")
    engine = create_engine(reporting_url, pool_size=1)
    async with engine.begin() as connection:
        await connection.execute(
            insert(processed_events).values(
                consumer="projections", event_id=uuid.uuid4(), processed_at=datetime.now(UTC)
            )
        )
    await engine.dispose()
    settings = ReportingSettings(
        database_url=reporting_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=unique_prefix,
        jwt_secret=SecretStr(SECRET),
    )
    options = RebuildOptions("http://registry", "http://awards", settle_s=0.2)
    routes = Routes(registry_api, f"{unique_prefix}.awards.events")
    lines: list[str] = []
    await check_topics(settings, options, lines.append, routes)  # intact: the rebuild may go
    assert lines == ["rebuild: the topics hold every event of registry and awards"]

    await recreate_topic(kafka_bootstrap, registry_api.topic)
    before = await live_state(reporting_url)

    code = await main(settings, options, report=lines.append, transport=routes)

    assert code == 2
    refused = capsys.readouterr().err
    assert (
        f"rebuild refused: {registry_api.topic} holds 0 events but the registry service's store "
        f"holds {head['events']}; the broker lost records (restart the registry so its relay "
        f"publishes them again, then rebuild). Nothing was changed."
    ) in refused
    after = await live_state(reporting_url)
    assert after == before  # no rebuild schema, no switch, no row changed
    assert all(schema == "public" for schema, _, _ in after[0])


async def _published(api: RegistryApi) -> dict[str, Any]:
    response = await api.client.get("/v1/events/head", headers=api.headers("BCT", ["analyst"]))
    body: dict[str, Any] = response.json()
    assert body["events"] >= 6
    assert body["published_events"] == body["events"], body
    return body
