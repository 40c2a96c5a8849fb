"""Decision endpoints: record (with enforcement), revoke, list, read, and award histories.

Registry facts reach the service's local view through its idempotent consumer, as records
of the registry's topic would; the decisions' own awards are counted through the inline
projection.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx

from shared.consumer import IncomingRecord
from shared.envelope import EventEnvelope, EventPayload
from shared.events import MemberAdded, RatingRecorded, new_event
from tests.harness.awards_api import AwardsApi
from tests.harness.registry_feed import registry_topic

HA_NOI = "01"
SO = "Giám đốc Sở Công Thương Hà Nội"


async def feed(api: AwardsApi, *payloads: EventPayload) -> None:
    """Registry events, as the registry's topic delivers them."""
    records = []
    for i, payload in enumerate(payloads):
        event = new_event(payload, occurred_at=datetime(2024, 1, 10, tzinfo=UTC))
        envelope = EventEnvelope(
            **event.model_dump(),
            agency=HA_NOI,
            stream_id=f"s-{uuid.uuid4()}",
            stream_version=1,
            recorded_at=datetime.now(UTC),
            actor="registry",
            correlation_id=uuid.uuid4(),
        )
        wire = envelope.wire()
        records.append(
            IncomingRecord(registry_topic(api), 0, i, b"k", wire.value, tuple(wire.headers))
        )
    await api.awards.consumer.process(records)


async def rated(api: AwardsApi, member_id: str, rating: str) -> None:
    await feed(
        api,
        MemberAdded(member_id=member_id, unit_id="u-qlcn", position_group="official"),
        RatingRecorded(member_id=member_id, year=2024, rating=rating),
    )


def award(who: str = "m-lan", code: str = "LDTT", **extra: Any) -> dict[str, Any]:
    found = {"recipient_kind": "member", "recipient_id": who, "award_code": code}
    return found | (extra or {"achievement_year": 2024})


def decision(*awards: dict[str, Any], **changes: Any) -> dict[str, Any]:
    body = {
        "agency": HA_NOI,
        "number": "15/QĐ-SCT",
        "signed_on": "2025-01-15",
        "issuing_authority": SO,
        "authority_level": "unit",
        "awards": list(awards or (award(),)),
    }
    return body | changes


async def issue(api: AwardsApi, body: dict[str, Any], **headers: str) -> httpx.Response:
    return await api.client.post("/v1/decisions", json=body, headers=api.headers(HA_NOI, **headers))


async def issued(api: AwardsApi, body: dict[str, Any]) -> dict[str, Any]:
    response = await issue(api, body)
    assert response.status_code == 201, response.text
    found: dict[str, Any] = response.json()
    return found


async def get(api: AwardsApi, path: str, **params: Any) -> Any:
    response = await api.client.get(path, params=params, headers=api.headers(HA_NOI))
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_decision_grants_one_award_per_line_in_one_append(awards_api: AwardsApi) -> None:
    await rated(awards_api, "m-lan", "HTTNV")
    body = decision(
        award(), award("u-qlcn", "TTLDTT", achievement_year=2024) | {"recipient_kind": "unit"}
    )

    response = await issue(awards_api, body)

    assert response.status_code == 201, response.text
    accepted = response.json()
    assert response.headers["ETag"] == '"3"'
    assert response.headers["Location"] == f"/v1/decisions/{accepted['decision_id']}"
    stream = await awards_api.awards.store.read_stream(f"decision-{accepted['decision_id']}")
    assert [e.event_type for e in stream] == ["DecisionIssued", "AwardGranted", "AwardGranted"]
    read = await get(awards_api, f"/v1/decisions/{accepted['decision_id']}")
    assert [a["award_id"] for a in read["awards"]] == [a["award_id"] for a in accepted["awards"]]
    assert read["awards"][0]["award_name"] == "Lao động tiên tiến"


async def test_an_ineligible_award_refuses_the_decision_with_its_reasons(
    awards_api: AwardsApi,
) -> None:
    await rated(awards_api, "m-lan", "KHTNV")

    refused = await issue(awards_api, decision(award("m-an"), award("m-lan")))

    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["type"] == "urn:tdkt:problem:ineligible"
    violation = problem["violations"][0]
    assert (violation["index"], violation["award_code"], violation["kind"]) == (
        1,
        "LDTT",
        "not_eligible",
    )
    assert [r["reason_vi"] for r in violation["reasons"]] == ["Xếp loại dưới HTTNV (2024: KHTNV)"]
    assert problem["errors"][0]["field"] == "body.awards.1"
    assert (await get(awards_api, "/v1/decisions", agency=HA_NOI))["total"] == 0


async def test_an_override_records_the_decision_and_answers_warnings(
    awards_api: AwardsApi,
) -> None:
    await rated(awards_api, "m-lan", "KHTNV")
    justification = "Hội đồng TĐKT Sở xét lại ngày 10/01/2025"

    accepted = await issued(awards_api, decision(override_justification=justification))

    assert [w["kind"] for w in accepted["warnings"]] == ["not_eligible"]
    read = await get(awards_api, f"/v1/decisions/{accepted['decision_id']}")
    assert read["override_justification"] == justification


async def test_the_same_achievement_is_not_rewarded_twice(awards_api: AwardsApi) -> None:
    await rated(awards_api, "m-lan", "HTTNV")
    await issued(awards_api, decision())

    again = await issue(awards_api, decision(number="16/QĐ-SCT"))

    assert again.status_code == 422, again.text
    assert again.json()["violations"][0]["kind"] == "already_awarded"


async def test_unverifiable_awards_are_only_warnings(awards_api: AwardsApi) -> None:
    accepted = await issued(awards_api, decision(award("01-member-999")))
    assert [w["kind"] for w in accepted["warnings"]] == ["unverified"]


async def test_a_number_is_unique_per_issuing_authority(awards_api: AwardsApi) -> None:
    first = await issued(awards_api, decision(award("m-1")))

    taken = await issue(
        awards_api, decision(award("m-2"), number="15/QD-SCT", issuing_authority=SO.lower())
    )
    other = await issue(awards_api, decision(award("m-3"), issuing_authority="Cục trưởng Cục CTĐP"))

    assert taken.status_code == 409, taken.text
    assert taken.json()["current"] == {"decision_id": first["decision_id"]}
    assert other.status_code == 201, other.text


async def test_of_two_concurrent_decisions_with_one_number_one_is_recorded(
    awards_api: AwardsApi,
) -> None:
    answers = await asyncio.gather(
        issue(awards_api, decision(award("m-1"))), issue(awards_api, decision(award("m-2")))
    )

    assert sorted(a.status_code for a in answers) == [201, 409]
    assert (await get(awards_api, "/v1/decisions", agency=HA_NOI))["total"] == 1


async def test_codes_must_fit_the_recipient_and_the_authority(awards_api: AwardsApi) -> None:
    beyond = await issue(awards_api, decision(award(code="BK_BO")))
    collective = await issue(awards_api, decision(award(code="TTLDTT")))

    assert beyond.status_code == 422
    assert beyond.json()["errors"][0]["field"] == "body.awards.0.award_code"
    assert collective.status_code == 422


async def test_officers_record_decisions_of_their_own_agency_only(awards_api: AwardsApi) -> None:
    response = await awards_api.client.post(
        "/v1/decisions", json=decision(), headers=awards_api.headers("06")
    )
    assert response.status_code == 403


async def test_a_repeated_request_returns_the_first_outcome(awards_api: AwardsApi) -> None:
    body = decision(award("01-member-001"))
    key = {"Idempotency-Key": "qd-15-2025"}

    first = await issue(awards_api, body, **key)
    again = await issue(awards_api, body, **key)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() | {"event_ids": []} == first.json() | {"event_ids": []}
    assert [w["kind"] for w in again.json()["warnings"]] == ["unverified"]
    assert (await get(awards_api, "/v1/decisions", agency=HA_NOI))["total"] == 1


async def test_a_reviewed_proposal_is_decided(awards_api: AwardsApi) -> None:
    nominee = {"nominee_kind": "member", "nominee_id": "01-member-001", "award_code": "LDTT"}
    body = {
        "agency": HA_NOI,
        "nominees": [nominee | {"achievement_year": 2024}],
        "commendation_kind": "regular",
        "addressed_to": "unit",
        "submitted_on": "2025-01-05",
    }
    headers = awards_api.headers(HA_NOI)
    submitted = await awards_api.client.post("/v1/proposals", json=body, headers=headers)
    proposal_id = submitted.json()["proposal_id"]
    early = await issue(awards_api, decision(award("01-member-001"), proposal_id=proposal_id))
    vote = {"nominee_id": "01-member-001", "award_code": "LDTT", "votes_for": 7, "votes_against": 0}
    review = {"reviewed_on": "2025-01-10", "votes": [vote]}
    await awards_api.client.post(
        f"/v1/proposals/{proposal_id}/reviews", json=review, headers=headers
    )

    accepted = await issue(awards_api, decision(award("01-member-001"), proposal_id=proposal_id))
    unknown = await issue(awards_api, decision(number="2/QĐ-SCT", proposal_id="p-none"))

    assert early.status_code == 409, early.text
    assert early.json()["current"] == {"current_state": "submitted"}
    assert accepted.status_code == 201, accepted.text
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "body.proposal_id"


# Revocations, lists and histories.


async def revoke(
    api: AwardsApi, decision_id: str, body: dict[str, Any], version: int | None = None
) -> httpx.Response:
    headers = {} if version is None else {"If-Match": f'"{version}"'}
    body = {"reason": "Kê khai thành tích không trung thực", "revoked_on": "2025-06-01"} | body
    return await api.client.post(
        f"/v1/decisions/{decision_id}/revocations",
        json=body,
        headers=api.headers(HA_NOI, **headers),
    )


async def test_revoked_awards_stay_in_the_history_but_stop_counting(awards_api: AwardsApi) -> None:
    lan = "01-member-001"
    older = decision(award(lan, achievement_year=2023), number="9/QĐ-SCT", signed_on="2024-01-12")
    await issued(awards_api, older)
    accepted = await issued(awards_api, decision(award(lan), award(lan, "GIAY_KHEN")))
    decision_id, merit = accepted["decision_id"], accepted["awards"][1]["award_id"]

    revoked = await revoke(awards_api, decision_id, {"award_ids": [merit]}, version=3)
    again = await revoke(awards_api, decision_id, {"award_ids": [merit]})
    history = await get(awards_api, f"/v1/recipients/member/{lan}/awards")

    assert revoked.status_code == 201, revoked.text
    assert revoked.headers["ETag"] == '"4"'
    assert again.status_code == 409
    assert (history["standing"], history["revoked"]) == (2, 1)
    assert [(t["award_code"], t["count"], t["years"]) for t in history["totals"]] == [
        ("LDTT", 2, [2023, 2024])
    ]
    assert [(y["year"], len(y["awards"])) for y in history["years"]] == [(2023, 1), (2024, 2)]
    revoked_award = next(a for a in history["years"][1]["awards"] if a["revoked"])
    assert revoked_award["revocation_reason"] == "Kê khai thành tích không trung thực"


async def test_a_whole_decision_is_revoked_once(awards_api: AwardsApi) -> None:
    accepted = await issued(awards_api, decision(award("01-member-001"), award("01-member-002")))
    decision_id = accepted["decision_id"]

    stale = await revoke(awards_api, decision_id, {"all": True}, version=1)
    whole = await revoke(
        awards_api, decision_id, {"all": True, "revoking_decision_number": "40/QĐ-SCT"}
    )
    twice = await revoke(awards_api, decision_id, {"all": True})
    read = await get(awards_api, f"/v1/decisions/{decision_id}")

    assert stale.status_code == 409
    assert whole.status_code == 201, whole.text
    assert twice.status_code == 409
    assert twice.json()["current"] == {"current_state": "revoked"}
    assert (read["status"], read["revoked_count"]) == ("revoked", 2)
    assert read["revocations"][0]["whole_decision"] is True
    assert read["revocations"][0]["revoking_decision_number"] == "40/QĐ-SCT"


async def test_a_revocation_names_the_awards_or_all(awards_api: AwardsApi) -> None:
    accepted = await issued(awards_api, decision(award("01-member-001")))
    both = await revoke(awards_api, accepted["decision_id"], {"all": True, "award_ids": ["x"]})
    missing = await revoke(awards_api, str(uuid.uuid4()), {"all": True})

    assert both.status_code == 422
    assert missing.status_code == 404


async def test_decisions_are_listed_by_signing_year_and_level(awards_api: AwardsApi) -> None:
    await issued(awards_api, decision(award("m-1"), signed_on="2024-01-12", number="1/QĐ-SCT"))
    await issued(awards_api, decision(award("m-2"), number="2/QĐ-SCT"))
    ministry = decision(
        award("01", "CO_THI_DUA_BO", achievement_year=2024) | {"recipient_kind": "agency"},
        number="300/QĐ-BCT",
        issuing_authority="Bộ Công Thương",
        authority_level="ministry_province",
    )
    await issued(awards_api, ministry)

    of_2025 = await get(awards_api, "/v1/decisions", agency=HA_NOI, year=2025)
    by_ministry = await get(
        awards_api, "/v1/decisions", agency=HA_NOI, authority_level="ministry_province"
    )

    assert [d["number"] for d in of_2025["items"]] == ["2/QĐ-SCT", "300/QĐ-BCT"]
    assert [d["number"] for d in by_ministry["items"]] == ["300/QĐ-BCT"]
    forbidden = await awards_api.client.get(
        "/v1/decisions", params={"agency": HA_NOI}, headers=awards_api.headers("06")
    )
    assert forbidden.status_code == 403
