"""Eligibility and policy endpoints: verdicts with reasons from the local view.

Registry facts are fed to the service's idempotent consumer as Kafka records (the broker path
is the integration test's); awards are granted and revoked by decisions appended through the
service's command runner, so its inline projection keeps them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import httpx

from shared.application import business_time
from shared.application.commands import Command
from shared.consumer import IncomingRecord
from shared.envelope import EventEnvelope, EventPayload
from shared.events import (
    AwardGranted,
    AwardRevoked,
    DecisionIssued,
    InitiativeRecognised,
    InitiativeRegistered,
    MemberAdded,
    RatingRecorded,
    new_event,
)
from shared.eventstore import AppendContext
from tests.harness.awards_api import AwardsApi
from tests.harness.registry_feed import registry_topic

HA_NOI = "01"


def envelope(payload: EventPayload, agency: str = HA_NOI) -> EventEnvelope:
    event = new_event(payload, occurred_at=datetime(2024, 6, 1, tzinfo=UTC))
    return EventEnvelope(
        **event.model_dump(),
        agency=agency,
        stream_id=f"s-{uuid.uuid4()}",
        stream_version=1,
        recorded_at=datetime.now(UTC),
        actor="test",
        correlation_id=uuid.uuid4(),
    )


async def feed(api: AwardsApi, *payloads: EventPayload, agency: str = HA_NOI) -> None:
    """The registry's events, as its topic would deliver them."""
    wires = [envelope(payload, agency).wire() for payload in payloads]
    records = [
        IncomingRecord(registry_topic(api), 0, i, b"k", wire.value, tuple(wire.headers))
        for i, wire in enumerate(wires)
    ]
    await api.awards.consumer.process(records)


async def rated_with_initiative(api: AwardsApi, member_id: str, rating: str = "HTTNV") -> None:
    initiative_id = f"sk-{uuid.uuid4()}"
    await feed(
        api,
        MemberAdded(member_id=member_id, unit_id="u-qlcn", position_group="official"),
        RatingRecorded(member_id=member_id, year=2024, rating=rating),
        InitiativeRegistered(
            initiative_id=initiative_id,
            title="Số hóa hồ sơ cấp phép cụm công nghiệp",
            author_member_ids=[member_id],
            year=2024,
        ),
        InitiativeRecognised(
            initiative_id=initiative_id, level="grassroots", recognised_on=date(2024, 11, 15)
        ),
    )


async def decide(api: AwardsApi, decision_id: str, payloads: list[EventPayload]) -> None:
    command = Command(
        stream_id=f"decision-{decision_id}",
        resource_id=decision_id,
        decide=lambda _: payloads,
        context=AppendContext(agency=HA_NOI, actor="test", correlation_id=uuid.uuid4()),
        occurred_at=business_time(date(2025, 1, 20)),
    )
    await api.awards.commands.run(command)


async def grant(api: AwardsApi, code: str, *member_ids: str) -> tuple[str, list[str]]:
    """A director's decision granting ``code`` for 2024 to each member; its id, the awards'."""
    decision_id = str(uuid.uuid4())
    grants = [_granted(decision_id, member_id, code) for member_id in member_ids]
    issued = DecisionIssued(
        decision_id=decision_id,
        number=f"{uuid.uuid4().hex[:6]}/QĐ-SCT",
        signed_on=date(2025, 1, 20),
        issuing_authority="Sở Công Thương Hà Nội",
        authority_level="unit",
        commendation_kind="regular",
        award_ids=[g.award_id for g in grants],
    )
    await decide(api, decision_id, [issued, *grants])
    return decision_id, [g.award_id for g in grants]


def _granted(decision_id: str, member_id: str, code: str) -> AwardGranted:
    return AwardGranted(
        award_id=str(uuid.uuid4()),
        decision_id=decision_id,
        recipient_kind="member",
        recipient_id=member_id,
        award_code=code,
        commendation_kind="regular",
        granting_level="unit",
        achievement_year_from=2024,
        achievement_year_to=2024,
        decision_signed_on=date(2025, 1, 20),
    )


async def check(
    api: AwardsApi, member_id: str, code: str, agency: str = HA_NOI, **h: Any
) -> httpx.Response:
    """Ask about Hà Nội's member, as a caller of ``agency``."""
    params = {"agency": HA_NOI, "recipient_kind": "member", "recipient_id": member_id}
    params |= {"award_code": code, "year": 2024}
    return await api.client.get("/v1/eligibility", params=params, headers=api.headers(agency, **h))


def codes(verdict: dict[str, Any]) -> dict[str, bool | None]:
    return {reason["reason_code"]: reason["met"] for reason in verdict["reasons"]}


async def test_a_rated_member_with_an_initiative_qualifies_for_cstdcs(
    awards_api: AwardsApi,
) -> None:
    await rated_with_initiative(awards_api, "m-lan")

    answer = await check(awards_api, "m-lan", "CSTDCS")

    assert answer.status_code == 200, answer.text
    verdict = answer.json()
    assert (verdict["status"], verdict["status_vi"]) == ("eligible", "Đủ điều kiện")
    assert verdict["award_name_vi"] == "Chiến sĩ thi đua cơ sở"
    assert verdict["rule"]["id"] == "CSTDCS@2024-01-01"
    assert "Điều 23" in verdict["rule"]["legal_basis"]
    assert codes(verdict)["not_yet_awarded"] is True


async def test_without_a_rating_the_answer_is_unknown(awards_api: AwardsApi) -> None:
    answer = await check(awards_api, "m-moi", "LDTT")

    assert answer.json()["status"] == "unknown"
    unmet = [r["reason_vi"] for r in answer.json()["reasons"] if r["met"] is not True]
    assert unmet == ["Chưa có kết quả xếp loại năm 2024"]


async def test_an_award_already_granted_is_not_granted_again(awards_api: AwardsApi) -> None:
    await rated_with_initiative(awards_api, "m-lan")
    await grant(awards_api, "LDTT", "m-lan")

    answer = await check(awards_api, "m-lan", "LDTT")

    assert answer.json()["status"] == "not_eligible"
    assert codes(answer.json())["already_awarded"] is False


async def test_a_revoked_award_no_longer_counts(awards_api: AwardsApi) -> None:
    await rated_with_initiative(awards_api, "m-lan")
    decision_id, [award_id] = await grant(awards_api, "LDTT", "m-lan")
    revoked = AwardRevoked(
        award_id=award_id, decision_id=decision_id, reason="Hồ sơ giả mạo", revoked_on=date.today()
    )

    await decide(awards_api, decision_id, [revoked])
    answer = await check(awards_api, "m-lan", "LDTT")

    assert answer.json()["status"] == "eligible"


async def test_award_codes_must_be_known_and_fit_the_recipient(awards_api: AwardsApi) -> None:
    unknown = await check(awards_api, "m-lan", "HUY_HIEU_X")
    collective = await check(awards_api, "m-lan", "TTLDXS")

    assert (unknown.status_code, collective.status_code) == (422, 422)
    assert unknown.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in unknown.json()["errors"]] == ["query.award_code"]
    assert collective.json()["errors"][0]["msg"] == "TTLDXS is not awarded to individuals"


async def test_another_agency_reads_only_with_a_national_role(awards_api: AwardsApi) -> None:
    officer = await check(awards_api, "m-lan", "LDTT", agency="06")
    analyst = await check(awards_api, "m-lan", "LDTT", agency="BCT", roles=("analyst",))

    assert officer.status_code == 403
    assert analyst.status_code == 200


async def test_a_members_next_titles_lowest_first(awards_api: AwardsApi) -> None:
    await rated_with_initiative(awards_api, "m-lan", rating="HTXSNV")

    answer = await awards_api.client.get(
        "/v1/members/m-lan/next-titles", params={"year": 2024}, headers=awards_api.headers("01")
    )

    assert answer.status_code == 200, answer.text
    assert answer.json()["agency"] == HA_NOI
    verdicts = {v["award_code"]: v["status"] for v in answer.json()["verdicts"]}
    assert list(verdicts)[:2] == ["LDTT", "CSTDCS"]
    assert verdicts["LDTT"] == verdicts["CSTDCS"] == "eligible"
    assert verdicts["CSTD_TINH"] == "not_eligible"


async def test_next_titles_only_of_known_members_of_readable_agencies(
    awards_api: AwardsApi,
) -> None:
    await rated_with_initiative(awards_api, "m-lan")

    async def ask(member_id: str, caller: str, **params: Any) -> int:
        answer = await awards_api.client.get(
            f"/v1/members/{member_id}/next-titles",
            params={"year": 2024, **params},
            headers=awards_api.headers(caller),
        )
        return answer.status_code

    assert await ask("m-nobody", HA_NOI) == 404
    assert await ask("m-lan", "06", agency="06") == 404
    assert await ask("m-lan", "06") == 403
    assert await ask("m-lan", "06", agency=HA_NOI) == 403


async def put_policy(api: AwardsApi, body: dict[str, Any], **h: Any) -> httpx.Response:
    headers = api.headers(h.pop("agency", HA_NOI), **h)
    return await api.client.put(f"/v1/agencies/{HA_NOI}/policy", json=body, headers=headers)


async def test_an_agency_follows_the_national_rules_until_it_sets_a_policy(
    awards_api: AwardsApi,
) -> None:
    answer = await awards_api.client.get(
        f"/v1/agencies/{HA_NOI}/policy", headers=awards_api.headers(HA_NOI)
    )

    assert answer.headers["ETag"] == '"0"'
    assert answer.json()["cstdcs_cap_share"] is None
    assert answer.json()["version"] == 0


async def test_a_cstdcs_cap_is_applied_to_the_next_verdicts(awards_api: AwardsApi) -> None:
    await rated_with_initiative(awards_api, "m-lan")
    await grant(awards_api, "LDTT", "m-lan", "m-hoa", "m-mai", "m-tuan")
    await grant(awards_api, "CSTDCS", "m-hoa")

    before = await check(awards_api, "m-lan", "CSTDCS")
    capped = await put_policy(awards_api, {"cstdcs_cap_share": "0.25"})
    after = await check(awards_api, "m-lan", "CSTDCS")

    assert before.json()["status"] == "eligible"
    assert (capped.status_code, capped.headers["ETag"]) == (200, '"1"')
    assert capped.json()["cstdcs_cap_share"] == "0.25"
    assert after.json()["status"] == "not_eligible"
    reason = next(r for r in after.json()["reasons"] if r["reason_code"] == "cstdcs_cap")
    assert reason["reason_vi"] == "Đã có 1 CSTĐCS năm 2024; tối đa 1 (25% của 4 Lao động tiên tiến)"


async def test_changing_a_policy_needs_the_version_read(awards_api: AwardsApi) -> None:
    await put_policy(awards_api, {"cstdcs_cap_share": 0.15})

    blind = await put_policy(awards_api, {"require_prior_award": True})
    informed = await put_policy(awards_api, {"require_prior_award": True}, **{"If-Match": '"1"'})
    retried = await put_policy(awards_api, {"require_prior_award": True}, **{"If-Match": '"1"'})

    assert blind.status_code == 409
    assert blind.json()["current"] == {"version": 1}
    assert informed.json() | {"updated_at": None} == {
        "agency": HA_NOI,
        "cstdcs_cap_share": None,
        "require_prior_award": True,
        "version": 2,
        "updated_at": None,
        "updated_by": f"user-{HA_NOI}",
    }
    assert (retried.status_code, retried.headers["ETag"]) == (200, '"2"')


async def test_only_the_agencys_officers_and_admins_set_its_policy(awards_api: AwardsApi) -> None:
    other = await put_policy(awards_api, {"cstdcs_cap_share": 0.15}, agency="06")
    analyst = await put_policy(awards_api, {"cstdcs_cap_share": 0.15}, roles=("analyst",))
    machine = await put_policy(awards_api, {"cstdcs_cap_share": 0.15}, roles=("integrator",))

    assert [r.status_code for r in (other, analyst, machine)] == [403, 403, 403]


async def test_a_cap_above_one_is_refused(awards_api: AwardsApi) -> None:
    answer = await put_policy(awards_api, {"cstdcs_cap_share": 1.5})

    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["body.cstdcs_cap_share"]
