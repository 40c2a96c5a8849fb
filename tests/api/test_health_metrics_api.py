"""Every service answers /healthz, /readyz and /metrics without a token, outside its OpenAPI."""

from __future__ import annotations

import httpx
import pytest

from shared.outbox import KafkaEventPublisher, OutgoingMessage
from tests.harness.awards_api import AwardsApi
from tests.harness.infra import eventually
from tests.harness.registry_api import RegistryApi
from tests.harness.reporting_api import ReportingApi

POISON = OutgoingMessage(
    key=b"stream-1", value=b"not an event", headers=[("correlation_id", b"corr-poison")]
)


async def assert_ready(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).status_code == 204
    response = await client.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json() == {"database": "ok", "broker": "ok", "ownership": "ok"}


async def metrics_text(client: httpx.AsyncClient) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


async def publish_poison(bootstrap: str, topic: str) -> None:
    publisher = KafkaEventPublisher(bootstrap, client_id="tests-poison")
    await publisher.start()
    try:
        await publisher.publish(topic, [POISON])
    finally:
        await publisher.stop()


async def test_the_registry_is_ready_and_reports_its_relay(registry_api: RegistryApi) -> None:
    await assert_ready(registry_api.client)
    text = await eventually(
        lambda: _containing(registry_api.client, 'tdkt_relay_lag_events{relay="registry-events"}')
    )
    assert "tdkt_relay_published_total" in text
    assert "faststream_" not in text


async def test_the_operations_routes_are_not_in_the_openapi_document(
    registry_api: RegistryApi,
) -> None:
    paths = (await registry_api.client.get("/openapi.json")).json()["paths"]
    assert not {"/healthz", "/readyz", "/metrics"} & set(paths)


async def test_every_response_carries_a_correlation_id(registry_api: RegistryApi) -> None:
    given = await registry_api.client.get("/readyz", headers={"X-Correlation-ID": "c-42"})
    assert given.headers["X-Correlation-ID"] == "c-42"
    missing = await registry_api.client.get("/no-such-route")
    assert missing.status_code == 404
    assert missing.headers["X-Correlation-ID"]


async def test_awards_counts_what_its_consumer_received(
    awards_api: AwardsApi, kafka_bootstrap: str
) -> None:
    await assert_ready(awards_api.client)
    topics = awards_api.awards.settings.topics
    await publish_poison(kafka_bootstrap, topics.registry_events)
    dead = (
        'tdkt_consumer_dead_letters_total{consumer="registry-facts",error_type="InvalidEvent"} 1.0'
    )
    text = await eventually(lambda: _containing(awards_api.client, dead), timeout=60)
    assert "faststream_received_messages_total{" in text
    assert "tdkt_relay_lag_events" in text
    assert "tdkt_consumer_applied_total" in text
    lag = f'tdkt_consumer_lag_messages{{group="{awards_api.awards.settings.consumer_group}"'
    await eventually(lambda: _containing(awards_api.client, lag), timeout=30)


async def test_reporting_is_ready_and_counts_what_its_broker_received(
    reporting_api: ReportingApi, kafka_bootstrap: str
) -> None:
    await assert_ready(reporting_api.client)
    topics = reporting_api.reporting.settings.topics
    await publish_poison(kafka_bootstrap, topics.awards_events)
    received = "faststream_received_messages_total{"
    text = await eventually(lambda: _containing(reporting_api.client, received), timeout=60)
    # The harness swaps each test's consumer in behind the running subscriber, so the
    # poison's count lands on another consumer object: the family is what this can check.
    assert "# TYPE tdkt_consumer_dead_letters_total counter" in text
    assert "tdkt_projection_checkpoint_age_seconds" in text
    assert "tdkt_relay_lag_events" not in text


async def _containing(client: httpx.AsyncClient, fragment: str) -> str | None:
    text = await metrics_text(client)
    return text if fragment in text else None


pytestmark = pytest.mark.timeout(120)
