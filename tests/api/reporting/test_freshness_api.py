"""Freshness: the consumer's counters and last-applied time, and its partitions' offsets."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.reporting.api import freshness
from shared.outbox import KafkaEventPublisher, OutgoingMessage
from tests.harness.infra import eventually
from tests.harness.reporting_api import ReportingApi
from tests.harness.reporting_events import agency_registered, award, campaign


async def get_freshness(api: ReportingApi) -> dict[str, Any]:
    response = await api.client.get("/v1/freshness", headers=api.headers())
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_counts_what_the_consumer_applied_and_when(reporting_api: ReportingApi) -> None:
    before = await get_freshness(reporting_api)
    [idle] = before["consumers"]
    assert idle["applied_total"] == 0
    assert idle["last_applied_at"] is None
    assert idle["seconds_since_last_applied"] is None

    await reporting_api.feed(
        [agency_registered(), campaign(date(2016, 2, 1))],
        [award("LDTT", "m-1", 2019), award("LDTT", "m-1", 2019)],
    )

    body = await get_freshness(reporting_api)
    [consumer] = body["consumers"]
    assert consumer["name"] == "projections"
    assert consumer["group"] == reporting_api.reporting.settings.consumer_group
    assert consumer["applied_total"] == 4
    assert consumer["dead_letters_total"] == 0
    assert consumer["last_applied_at"] is not None
    assert 0 <= consumer["seconds_since_last_applied"] < 60
    assert body["lag_error"] is None
    assert body["lag_total"] == consumer["lag"] == sum(p["lag"] for p in consumer["partitions"])


async def test_reports_offsets_of_the_assigned_partitions(
    reporting_api: ReportingApi, kafka_bootstrap: str
) -> None:
    """Records published to the awards topic are consumed by the running subscriber: the
    partitions appear with their offsets, and their checkpoints catch up (lag 0)."""
    topic = reporting_api.reporting.settings.topics.awards_events
    await _publish(kafka_bootstrap, topic, [award("LDTT", "m-9", 2020) for _ in range(3)])

    async def caught_up() -> dict[str, Any]:
        body = await get_freshness(reporting_api)
        [consumer] = body["consumers"]
        mine = [p for p in consumer["partitions"] if p["topic"] == topic]
        assert mine, f"no partition of {topic}: {consumer}"
        # The checkpoints, not the end offsets: Tansu (the test broker) answers the base
        # offset of a partition's last batch + 1 as its end, less than the records written.
        assert sum(p["committed_offset"] or 0 for p in mine) >= 3, f"checkpoints: {mine}"
        assert consumer["lag"] == 0, f"lag: {consumer}"
        return body

    body = await eventually(caught_up, timeout=60, interval=0.25)
    [consumer] = body["consumers"]
    for partition in consumer["partitions"]:
        assert partition["lag"] == 0
        assert partition["end_offset"] is not None
    assert body["lag_total"] == 0


async def test_a_coordinator_that_moved_is_found_again(
    reporting_api: ReportingApi, kafka_bootstrap: str
) -> None:
    """The probe remembers the group's coordinator; one that no longer answers for the group
    (here a broker that does not exist) is found again, and the checkpoints still read."""
    topic = reporting_api.reporting.settings.topics.awards_events
    await _publish(kafka_bootstrap, topic, [award("LDTT", "m-8", 2020) for _ in range(2)])

    async def checkpoints() -> int:
        body = await get_freshness(reporting_api)
        assert body["lag_error"] is None, body["lag_error"]
        [consumer] = body["consumers"]
        mine = [p for p in consumer["partitions"] if p["topic"] == topic]
        committed = sum(p["committed_offset"] or 0 for p in mine)
        assert committed >= 2, f"checkpoints: {mine}"
        assert consumer["lag"] == 0, f"lag: {consumer}"
        return committed

    # Caught up first: records other tests published may still be applied meanwhile.
    before = await eventually(checkpoints, timeout=60, interval=0.25)
    probe = reporting_api.reporting.offset_probe
    assert probe is not None
    group = reporting_api.reporting.settings.consumer_group
    remembered = probe._coordinators[group]
    probe._coordinators[group] = remembered + 1000  # no such broker

    assert await checkpoints() >= before
    assert probe._coordinators[group] == remembered


async def test_a_broker_that_does_not_answer_leaves_the_lag_unknown(
    reporting_api: ReportingApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def unreachable(*args: object) -> None:
        raise TimeoutError("broker did not answer")

    monkeypatch.setattr(freshness, "assigned_partition_lags", unreachable)

    body = await get_freshness(reporting_api)

    assert body["lag_total"] is None
    assert body["lag_error"] == "TimeoutError: broker did not answer"
    [consumer] = body["consumers"]
    assert consumer["lag"] is None
    assert consumer["partitions"] == []
    assert consumer["applied_total"] == 0


async def test_needs_a_token(reporting_api: ReportingApi) -> None:
    response = await reporting_api.client.get("/v1/freshness")
    assert response.status_code == 401


async def _publish(bootstrap: str, topic: str, events: list[Any]) -> None:
    publisher = KafkaEventPublisher(bootstrap, client_id="tests-freshness")
    await publisher.start()
    try:
        messages = [
            OutgoingMessage(e.stream_id.encode(), e.model_dump_json().encode(), []) for e in events
        ]
        await publisher.publish(topic, messages)
    finally:
        await publisher.stop()


pytestmark = pytest.mark.timeout(120)
