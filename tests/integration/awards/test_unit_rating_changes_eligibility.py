"""A unit's own rating, published by the registry on the real broker, changes its TTLĐTT verdict
(PostgreSQL, Kafka protocol).

A unit of Hà Nội's department (seed 000) has two members, both granted LĐTT for 2024: every
member condition of TTLĐTT (Art 28) is met, but the unit itself is not rated, so the answer is
"unknown". Once the registry publishes the unit's HTTNV the answer is "eligible"; a correction
to "không hoàn thành nhiệm vụ" (the stream's second version) makes it "not eligible".
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from shared.events import MemberAdded, UnitAdded, UnitRatingRecorded
from shared.outbox import KafkaEventPublisher
from tests.api.awards.test_eligibility_api import grant
from tests.harness.awards_api import AwardsApi
from tests.harness.infra import eventually
from tests.integration.awards.test_registry_events_change_eligibility import (
    HA_NOI,
    Registry,
    publisher,
)

__all__ = ["publisher"]  # the broker's publisher fixture, shared with the members' test


async def ttldtt_2024(api: AwardsApi, unit_id: str) -> dict[str, Any]:
    params = {"agency": HA_NOI, "recipient_kind": "unit", "recipient_id": unit_id}
    answer = await api.client.get(
        "/v1/eligibility",
        params=params | {"award_code": "TTLDTT", "year": 2024},
        headers=api.headers(HA_NOI),
    )
    assert answer.status_code == 200, answer.text
    verdict: dict[str, Any] = answer.json()
    return verdict


def reasons(verdict: dict[str, Any]) -> dict[str, Any]:
    return {r["reason_code"]: r["met"] for r in verdict["reasons"]}


async def test_the_units_own_rating_reaches_the_local_view_and_decides_ttldtt(
    awards_api: AwardsApi, publisher: KafkaEventPublisher
) -> None:
    api, unit = awards_api, f"u-{uuid.uuid4().hex[:8]}"
    registry = Registry(publisher, f"{api.awards.settings.topic_prefix}.registry.events")
    members = await _unit_of_two_ldtt(api, registry, unit)
    await grant(api, "LDTT", *members)

    before = await eventually(
        _when(api, unit, lambda v: reasons(v).get("member_share") is True),
        timeout=30,
        message="the unit's members were never consumed",
    )
    rated = UnitRatingRecorded(unit_id=unit, year=2024, rating="HTTNV")
    await registry.publish(f"unit-rating-{unit}-2024", rated, date(2024, 12, 31))
    after = await eventually(
        _when(api, unit, lambda v: v["status"] == "eligible"),
        timeout=30,
        message="TTLĐTT never became eligible",
    )
    failed = UnitRatingRecorded(unit_id=unit, year=2024, rating="KHTNV")
    await registry.publish(f"unit-rating-{unit}-2024", failed, date(2024, 12, 31), version=2)
    corrected = await eventually(
        _when(api, unit, lambda v: v["status"] == "not_eligible"),
        timeout=30,
        message="the correction never reached the local view",
    )

    assert before["status"] == "unknown"
    assert reasons(before)["unit_rating_missing"] is None
    assert reasons(after)["unit_rating_met"] is True
    assert after["rule"]["id"] == "TTLDTT@2024-01-01"
    assert [r["reason_code"] for r in corrected["reasons"] if r["met"] is False] == [
        "unit_rating_too_low"
    ]


async def _unit_of_two_ldtt(api: AwardsApi, registry: Registry, unit: str) -> list[str]:
    await registry.publish(
        f"unit-{unit}", UnitAdded(unit_id=unit, name="Phòng Quản lý thương mại"), date(2023, 1, 5)
    )
    members = [f"m-{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for member in members:
        joined = MemberAdded(member_id=member, unit_id=unit, position_group="official")
        await registry.publish(f"member-{member}", joined, date(2023, 1, 10))
    return members


def _when(api: AwardsApi, unit: str, accept: Callable[[dict[str, Any]], bool]) -> Callable[[], Any]:
    async def answer() -> dict[str, Any] | None:
        verdict = await ttldtt_2024(api, unit)
        return verdict if accept(verdict) else None

    return answer
