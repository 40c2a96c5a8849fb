"""``GET /v1/events/head``: what the registry's and the awards' stores hold, for the rebuild."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from services.awards.bootstrap import Awards
from services.registry.bootstrap import Registry
from shared.eventstore.tables import events
from shared.outbox.topic_log import topic_extents
from tests.harness.awards_api import AwardsApi
from tests.harness.event_store import OFFICER_CONTEXT, StoreWriter, numbered_event
from tests.harness.infra import eventually
from tests.harness.registry_api import RegistryApi
from tests.harness.service_api import ServiceApi


async def append(service: Registry | Awards, count: int) -> None:
    writer = StoreWriter(service.engine, service.store)
    for n in range(count):
        await writer.append(f"head-{uuid.uuid4()}", 0, [numbered_event(n)], OFFICER_CONTEXT)


async def head(api: ServiceApi) -> dict[str, Any]:
    """The head, asked by an analyst (of any agency: the head covers them all)."""
    response = await api.client.get("/v1/events/head", headers=api.headers("BCT", ["analyst"]))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def head_once(api: ServiceApi, accept: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The head, once ``accept`` holds for it."""

    async def accepted() -> dict[str, Any]:
        body = await head(api)
        assert accept(body), body
        return body

    return await eventually(accepted)


async def test_the_registry_tells_its_head_once_its_relay_published(
    registry_api: RegistryApi, kafka_bootstrap: str
) -> None:
    registry = registry_api.registry
    async with registry.engine.connect() as connection:
        before = int(await connection.scalar(select(func.count()).select_from(events)) or 0)
    await append(registry, 7)
    async with registry.engine.connect() as connection:
        last = int(await connection.scalar(select(func.max(events.c.position))) or 0)

    published = await head_once(registry_api, lambda body: body["published_position"] == last)

    assert published == {
        "topic": registry_api.topic,
        "events": before + 7,
        "last_position": last,
        "published_position": last,
        "published_events": before + 7,
    }
    extent = (await topic_extents(kafka_bootstrap, [registry_api.topic]))[registry_api.topic]
    assert extent.records == published["events"]
    metrics = (await registry_api.client.get("/metrics")).text
    assert f'tdkt_event_store_head{{topic="{registry_api.topic}"}} {before + 7}.0' in metrics


async def test_the_awards_service_tells_its_head(awards_api: AwardsApi) -> None:
    awards = awards_api.awards
    await append(awards, 3)
    body = await head_once(awards_api, lambda body: body["published_events"] == body["events"])
    assert body["topic"] == awards_api.topic
    assert body["events"] >= 3


async def test_the_head_is_for_analysts_and_admins_only(registry_api: RegistryApi) -> None:
    client = registry_api.client
    assert (await client.get("/v1/events/head")).status_code == 401
    officer = registry_api.headers("01", roles=["officer"])
    assert (await client.get("/v1/events/head", headers=officer)).status_code == 403
    admin = registry_api.headers("01", roles=["admin"])
    assert (await client.get("/v1/events/head", headers=admin)).status_code == 200
