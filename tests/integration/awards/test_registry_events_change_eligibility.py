"""Registry events on the real broker change an eligibility answer (PostgreSQL, Kafka protocol).

A member of Hà Nội's department (seed 000) joins a unit; CSTĐCS for 2024 is then refused (no
recognised initiative) or unknown (no rating). Once the registry publishes her rating and the
grassroots recognition of her initiative, the awards service consumes them and the same
question is answered "eligible", with the reasons.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from shared.envelope import EventEnvelope, EventPayload
from shared.events import (
    InitiativeRecognised,
    InitiativeRegistered,
    MemberAdded,
    RatingRecorded,
    new_event,
)
from shared.outbox import KafkaEventPublisher, OutgoingMessage
from tests.harness.awards_api import AwardsApi
from tests.harness.infra import eventually

HA_NOI = "01"


@pytest.fixture
async def publisher(kafka_bootstrap: str) -> AsyncIterator[KafkaEventPublisher]:
    kafka = KafkaEventPublisher(kafka_bootstrap, client_id="registry-under-test")
    await kafka.start()
    yield kafka
    await kafka.stop()


class Registry:
    """Publishes events as the registry's relay does: JSON envelopes keyed by stream id."""

    def __init__(self, publisher: KafkaEventPublisher, topic: str) -> None:
        self.publisher = publisher
        self.topic = topic

    async def publish(
        self, stream_id: str, payload: EventPayload, on: date, version: int = 1
    ) -> None:
        event = new_event(payload, occurred_at=datetime(on.year, on.month, on.day, tzinfo=UTC))
        envelope = EventEnvelope(
            **event.model_dump(),
            agency=HA_NOI,
            stream_id=stream_id,
            stream_version=version,
            recorded_at=datetime.now(UTC),
            actor="registry-test",
            correlation_id=uuid.uuid4(),
        )
        await self.publisher.publish(self.topic, [OutgoingMessage(*envelope.wire())])


async def cstdcs_2024(api: AwardsApi, member_id: str) -> dict[str, Any]:
    params = {"agency": HA_NOI, "recipient_kind": "member", "recipient_id": member_id}
    answer = await api.client.get(
        "/v1/eligibility",
        params=params | {"award_code": "CSTDCS", "year": 2024},
        headers=api.headers(HA_NOI),
    )
    assert answer.status_code == 200, answer.text
    verdict: dict[str, Any] = answer.json()
    return verdict


async def test_a_rating_and_a_recognised_initiative_make_a_member_eligible(
    awards_api: AwardsApi, publisher: KafkaEventPublisher
) -> None:
    api, member = awards_api, f"m-{uuid.uuid4().hex[:8]}"
    registry = Registry(publisher, f"{api.awards.settings.topic_prefix}.registry.events")
    joined = MemberAdded(member_id=member, unit_id="u-qlcn", position_group="official")
    await registry.publish(f"member-{member}", joined, date(2024, 1, 2))
    await _known(api, member)

    before = await cstdcs_2024(api, member)
    await _rated_and_recognised(registry, member)
    after = await eventually(
        lambda: _eligible(api, member), timeout=30, message="CSTĐCS never became eligible"
    )

    assert before["status"] in ("unknown", "not_eligible")
    assert {r["reason_code"]: r["met"] for r in before["reasons"]}["initiatives"] is False
    assert {r["reason_code"]: r["met"] for r in after["reasons"]}["initiatives"] is True
    assert after["rule"]["id"] == "CSTDCS@2024-01-01"


async def _known(api: AwardsApi, member: str) -> None:
    async def consumed() -> bool:
        answer = await api.client.get(
            f"/v1/members/{member}/next-titles", params={"year": 2024}, headers=api.headers(HA_NOI)
        )
        return answer.status_code == 200

    await eventually(consumed, timeout=30, message="MemberAdded was never consumed")


async def _rated_and_recognised(registry: Registry, member: str) -> None:
    initiative = f"sk-{uuid.uuid4().hex[:8]}"
    rating = RatingRecorded(member_id=member, year=2024, rating="HTTNV")
    await registry.publish(f"rating-{member}-2024", rating, date(2024, 12, 31))
    title = "Số hóa hồ sơ cấp phép cụm công nghiệp"
    registered = InitiativeRegistered(
        initiative_id=initiative, title=title, author_member_ids=[member], year=2024
    )
    await registry.publish(f"initiative-{initiative}", registered, date(2024, 1, 1))
    recognised = InitiativeRecognised(
        initiative_id=initiative, level="grassroots", recognised_on=date(2024, 11, 15)
    )
    await registry.publish(f"initiative-{initiative}", recognised, date(2024, 11, 15), version=2)


async def _eligible(api: AwardsApi, member: str) -> dict[str, Any] | None:
    verdict = await cstdcs_2024(api, member)
    return verdict if verdict["status"] == "eligible" else None
