"""A successor takes over its predecessors' open work in the awards service (issue 15).

Bắc Giang's department (63-list code 24) merged into the new Bắc Ninh's (``SCT34-24``) on
2025-07-01. From that day the successor revokes Bắc Giang's decisions and reviews and decides
the proposal Bắc Giang left under review, in its own name; the records stay Bắc Giang's, and
reporting still counts the awards under Bắc Giang (a revocation cancels them, it is no award
of the successor). An unrelated agency, the ceased predecessor, and the successor before its
first day are refused as before.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from shared.envelope import EventEnvelope, EventPayload
from shared.eventstore import RecordedEvent
from shared.eventstore.tables import events
from tests.api.awards.test_reorganisation_api import (
    BAC_GIANG,
    BAC_NINH_34,
    HA_NOI,
    Registry,
    award,
    decision,
    issued,
)
from tests.harness.awards_api import AwardsApi
from tests.harness.registry_feed import incoming, registry_envelope, registry_topic


class KeptRegistry(Registry):
    """The registry's streams, each envelope also kept (to feed reporting the same events)."""

    def __init__(self, api: AwardsApi) -> None:
        super().__init__(api)
        self.sent: list[EventEnvelope] = []

    async def record(
        self, agency: str, payload: EventPayload, on: date, stream: str | None = None
    ) -> None:
        stream = stream or f"s-{len(self.sent)}-{payload.event_type}"
        version = self.versions[stream] = self.versions.get(stream, 0) + 1
        at = datetime(on.year, on.month, on.day, 2, tzinfo=UTC)
        envelope: EventEnvelope = registry_envelope(payload, agency, at, stream)
        envelope = envelope.model_copy(update={"stream_version": version})
        self.sent.append(envelope)
        await self.api.awards.consumer.process(incoming([envelope], registry_topic(self.api)))


PENDING_NOMINEE = {
    "nominee_kind": "member",
    "nominee_id": "m-hoa",
    "award_code": "LDTT",
    "achievement_year": 2022,
}


async def post(api: AwardsApi, path: str, body: dict[str, Any], caller: str) -> httpx.Response:
    return await api.client.post(path, json=body, headers=api.headers(caller))


async def with_open_work(api: AwardsApi) -> tuple[KeptRegistry, str, str]:
    """Bắc Giang's member and decisions (LĐTT 2023, 2024), a proposal Bắc Giang submitted on
    2025-06-10 and left unreviewed, then the merger. Returns the 2024 decision's and the
    proposal's ids."""
    registry = KeptRegistry(api)
    await bac_giangs_member_through(registry, api)
    decisions = await api.client.get(
        "/v1/decisions", params={"agency": BAC_GIANG}, headers=api.headers(BAC_GIANG)
    )
    assert decisions.status_code == 200, decisions.text
    [decision_2024] = [d for d in decisions.json()["items"] if d["number"] == "2024/QĐ-SCT"]
    body = {
        "agency": BAC_GIANG,
        "nominees": [PENDING_NOMINEE],
        "commendation_kind": "regular",
        "addressed_to": "unit",
        "submitted_on": "2025-06-10",
    }
    submitted = await post(api, "/v1/proposals", body, BAC_GIANG)
    assert submitted.status_code == 201, submitted.text
    await registry.merge_bac_giang()
    return registry, decision_2024["decision_id"], submitted.json()["proposal_id"]


async def bac_giangs_member_through(registry: KeptRegistry, api: AwardsApi) -> None:
    """The departments, and Bắc Giang's member with LĐTT 2023 and 2024 from Bắc Giang."""
    await registry.department(BAC_GIANG, "Bắc Giang", "24", "63")
    await registry.department(BAC_NINH_34, "Bắc Ninh", "24", "34")
    await registry.department(HA_NOI, "Hà Nội", "01", "63")
    await registry.member(BAC_GIANG, "m-hoa", "u-bg")
    await registry.rate(BAC_GIANG, "m-hoa", 2022, 2023, 2024)
    for year in (2023, 2024):
        number, signed = f"{year}/QĐ-SCT", f"{year + 1}-01-20"
        await issued(api, decision(BAC_GIANG, number, signed, award("LDTT", year)))


def revocation(on: str) -> dict[str, Any]:
    return {"all": True, "reason": "Hồ sơ khai man thành tích", "revoked_on": on}


async def stored(api: AwardsApi, stream_id: str) -> list[RecordedEvent]:
    async with api.awards.engine.connect() as connection:
        query = select(events).where(events.c.stream_id == stream_id)
        rows = await connection.execute(query.order_by(events.c.stream_version))
        return [RecordedEvent.model_validate(row._mapping) for row in rows]


@pytest.fixture
async def open_work(awards_api: AwardsApi) -> tuple[KeptRegistry, str, str]:
    return await with_open_work(awards_api)


async def test_the_successor_revokes_a_predecessors_decision_in_its_own_name(
    awards_api: AwardsApi, open_work: tuple[KeptRegistry, str, str]
) -> None:
    _, decision_id, _ = open_work

    revoked = await post(
        awards_api,
        f"/v1/decisions/{decision_id}/revocations",
        revocation("2025-09-01"),
        BAC_NINH_34,
    )
    read = await awards_api.client.get(
        f"/v1/decisions/{decision_id}", headers=awards_api.headers(BAC_NINH_34)
    )

    assert revoked.status_code == 201, revoked.text
    assert read.status_code == 200, read.text
    assert read.json()["agency"] == BAC_GIANG
    assert read.json()["status"] == "revoked"
    last = (await stored(awards_api, f"decision-{decision_id}"))[-1]
    assert (last.event_type, last.agency) == ("DecisionRevoked", BAC_NINH_34)
    assert last.occurred_at.date() <= date(2025, 9, 1)


async def test_others_are_refused_as_before(
    awards_api: AwardsApi, open_work: tuple[KeptRegistry, str, str]
) -> None:
    _, decision_id, _ = open_work
    path = f"/v1/decisions/{decision_id}/revocations"

    stranger = await post(awards_api, path, revocation("2025-09-01"), HA_NOI)
    ceased = await post(awards_api, path, revocation("2025-09-01"), BAC_GIANG)
    too_early = await post(awards_api, path, revocation("2025-06-15"), BAC_NINH_34)
    strangers_read = await awards_api.client.get(
        f"/v1/decisions/{decision_id}", headers=awards_api.headers(HA_NOI)
    )

    assert stranger.status_code == 403, stranger.text
    assert strangers_read.status_code == 403, strangers_read.text
    assert ceased.status_code == 409, ceased.text
    assert "SCT34-24" in ceased.json()["detail"]
    assert too_early.status_code == 403, too_early.text
    assert "từ ngày 01/07/2025" in too_early.json()["detail"]
    assert [e.event_type for e in await stored(awards_api, f"decision-{decision_id}")] == [
        "DecisionIssued",
        "AwardGranted",
    ]


async def test_the_successor_reviews_and_decides_the_proposal_its_predecessor_left(
    awards_api: AwardsApi, open_work: tuple[KeptRegistry, str, str]
) -> None:
    _, _, proposal_id = open_work
    vote = {"nominee_id": "m-hoa", "award_code": "LDTT", "votes_for": 7, "votes_against": 0}
    review = {"reviewed_on": "2025-07-20", "votes": [vote]}

    by_ceased = await post(awards_api, f"/v1/proposals/{proposal_id}/reviews", review, BAC_GIANG)
    by_stranger = await post(awards_api, f"/v1/proposals/{proposal_id}/reviews", review, HA_NOI)
    reviewed = await post(awards_api, f"/v1/proposals/{proposal_id}/reviews", review, BAC_NINH_34)
    body = decision(
        BAC_NINH_34, "15/QĐ-SCT", "2025-07-25", award("LDTT", 2022), proposal_id=proposal_id
    )
    decided = await post(awards_api, "/v1/decisions", body, BAC_NINH_34)
    read = await awards_api.client.get(
        f"/v1/proposals/{proposal_id}", headers=awards_api.headers(BAC_NINH_34)
    )

    assert by_ceased.status_code == 409, by_ceased.text
    assert by_stranger.status_code == 403, by_stranger.text
    assert reviewed.status_code == 201, reviewed.text
    assert decided.status_code == 201, decided.text
    assert read.status_code == 200, read.text
    assert (read.json()["agency"], read.json()["status"]) == (BAC_GIANG, "decided")
    steps = await stored(awards_api, f"proposal-{proposal_id}")
    assert [(e.event_type, e.agency) for e in steps] == [
        ("ProposalSubmitted", BAC_GIANG),
        ("ProposalReviewed", BAC_NINH_34),
    ]


async def test_a_predecessor_does_not_touch_its_successors_proposal(
    awards_api: AwardsApi, open_work: tuple[KeptRegistry, str, str]
) -> None:
    body = {
        "agency": BAC_NINH_34,
        "nominees": [PENDING_NOMINEE | {"achievement_year": 2024, "award_code": "BK_BO"}],
        "commendation_kind": "regular",
        "addressed_to": "ministry_province",
        "submitted_on": "2025-08-01",
    }
    submitted = await post(awards_api, "/v1/proposals", body, BAC_NINH_34)
    assert submitted.status_code == 201, submitted.text
    path = f"/v1/proposals/{submitted.json()['proposal_id']}/return"

    returned = await post(
        awards_api, path, {"reason": "Bổ sung", "returned_on": "2025-06-20"}, BAC_GIANG
    )

    assert returned.status_code == 403, returned.text


async def test_a_revocation_by_the_successor_follows_a_member_who_had_left_before(
    awards_api: AwardsApi, open_work: tuple[KeptRegistry, str, str]
) -> None:
    """m-an left Bắc Giang for Hà Nội in March 2025, with Bắc Giang's LĐTT 2024; after the
    merger the successor revokes that decision: Hà Nội may then grant LĐTT 2024 itself."""
    registry = open_work[0]
    await registry.member(BAC_GIANG, "m-an", "u-an")
    await registry.rate(BAC_GIANG, "m-an", 2024)
    body = decision(BAC_GIANG, "3/QĐ-SCT", "2025-01-20", award("LDTT", 2024, "m-an"))
    decision_id = (await issued(awards_api, body))["decision_id"]
    await registry.transfer(HA_NOI, "m-an", "u-an", BAC_GIANG, date(2025, 3, 1))
    ha_nois = decision(HA_NOI, "70/QĐ-SCT", "2025-10-01", award("LDTT", 2024, "m-an"))

    before = await post(awards_api, "/v1/decisions", ha_nois, HA_NOI)
    path = f"/v1/decisions/{decision_id}/revocations"
    revoked = await post(awards_api, path, revocation("2025-09-01"), BAC_NINH_34)
    after = await post(awards_api, "/v1/decisions", ha_nois, HA_NOI)

    assert before.status_code == 422, before.text
    assert before.json()["violations"][0]["kind"] == "already_awarded"
    assert revoked.status_code == 201, revoked.text
    assert after.status_code == 201, after.text
    assert after.json()["warnings"] == []


async def test_the_successor_lists_its_predecessors_open_proposals(
    awards_api: AwardsApi, open_work: tuple[KeptRegistry, str, str]
) -> None:
    _, _, proposal_id = open_work
    params = {"agency": BAC_GIANG, "status": "submitted"}

    by_successor = await awards_api.client.get(
        "/v1/proposals", params=params, headers=awards_api.headers(BAC_NINH_34)
    )
    by_stranger = await awards_api.client.get(
        "/v1/proposals", params=params, headers=awards_api.headers(HA_NOI)
    )

    assert by_successor.status_code == 200, by_successor.text
    assert [p["proposal_id"] for p in by_successor.json()["items"]] == [proposal_id]
    assert by_stranger.status_code == 403, by_stranger.text


async def test_the_successor_returns_and_resubmits_the_proposal_its_predecessor_left(
    awards_api: AwardsApi, open_work: tuple[KeptRegistry, str, str]
) -> None:
    _, _, proposal_id = open_work
    path = f"/v1/proposals/{proposal_id}"
    reason = {"reason": "Bổ sung bản thành tích", "returned_on": "2025-07-10"}
    again = {
        "nominees": [PENDING_NOMINEE],
        "commendation_kind": "regular",
        "addressed_to": "unit",
        "submitted_on": "2025-07-15",
    }

    returned = await post(awards_api, f"{path}/return", reason, BAC_NINH_34)
    resubmitted = await post(awards_api, f"{path}/resubmit", again, BAC_NINH_34)
    read = await awards_api.client.get(path, headers=awards_api.headers(BAC_NINH_34))

    assert returned.status_code == 200, returned.text
    assert resubmitted.status_code == 200, resubmitted.text
    assert (read.json()["agency"], read.json()["status"]) == (BAC_GIANG, "submitted")
    steps = await stored(awards_api, f"proposal-{proposal_id}")
    assert [(e.event_type, e.agency) for e in steps][1:] == [
        ("ProposalReturned", BAC_NINH_34),
        ("ProposalSubmitted", BAC_NINH_34),
    ]
