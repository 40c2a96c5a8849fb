"""Proposal endpoints: submit, council review, forward, return, resubmit, reads and summary."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

import httpx
import pytest

from services.awards.application.proposals import FORWARD_PROPOSAL, today
from services.awards.commands.proposals import ForwardProposal
from services.awards.readmodel.proposal_queries import proposal_state
from shared.application.commands import Command
from shared.application.transitions import CommandTerms
from shared.domain_errors import IllegalTransition
from shared.envelope import EventPayload
from shared.events.awards import DecisionIssued
from shared.eventstore import AppendContext
from shared.vietnam_time import business_time
from tests.harness.awards_api import AwardsApi
from tests.harness.kafka_reader import read_topic

HA_NOI = "01"
MEMBER = {"nominee_kind": "member", "nominee_id": "hn-m1", "award_code": "BK_TTG"}
ORDER = {"nominee_kind": "member", "nominee_id": "hn-m2", "award_code": "HCLD3"}
FLAG = {"nominee_kind": "agency", "nominee_id": HA_NOI, "award_code": "CO_THI_DUA_BO"}


def proposal(*nominees: dict[str, Any], **changes: Any) -> dict[str, Any]:
    body = {
        "agency": HA_NOI,
        "nominees": [{"achievement_year": 2019} | n for n in (nominees or (MEMBER, ORDER))],
        "commendation_kind": "regular",
        "addressed_to": "ministry_province",
        "submitted_on": "2020-01-10",
    }
    return body | changes


def headers(api: AwardsApi, version: int | None = None, **extra: str) -> dict[str, str]:
    if version is not None:
        extra["If-Match"] = f'"{version}"'
    return api.headers(HA_NOI, **extra)


async def submit(api: AwardsApi, *nominees: dict[str, Any], **changes: Any) -> str:
    body = proposal(*nominees, **changes)
    submitted = await api.client.post("/v1/proposals", json=body, headers=headers(api))
    assert submitted.status_code == 201, submitted.text
    return str(submitted.json()["proposal_id"])


def vote(nominee: dict[str, Any], yes: int = 9, no: int = 0) -> dict[str, Any]:
    return {
        "nominee_id": nominee["nominee_id"],
        "award_code": nominee["award_code"],
        "votes_for": yes,
        "votes_against": no,
    }


async def post(
    api: AwardsApi, path: str, body: dict[str, Any], version: int | None = None
) -> httpx.Response:
    return await api.client.post(path, json=body, headers=headers(api, version))


async def review(
    api: AwardsApi, proposal_id: str, votes: Sequence[dict[str, Any]], on: str = "2020-02-01"
) -> httpx.Response:
    body = {"reviewed_on": on, "votes": list(votes)}
    return await post(api, f"/v1/proposals/{proposal_id}/reviews", body)


async def forward(api: AwardsApi, proposal_id: str, to: str, **extra: Any) -> httpx.Response:
    body = {"to_level": to, "forwarded_on": "2020-02-15"} | extra
    return await post(api, f"/v1/proposals/{proposal_id}/forward", body)


async def read(api: AwardsApi, proposal_id: str) -> dict[str, Any]:
    found = await api.client.get(f"/v1/proposals/{proposal_id}", headers=headers(api))
    assert found.status_code == 200, found.text
    body: dict[str, Any] = found.json()
    return body


async def decide(api: AwardsApi, proposal_id: str, signed_on: date) -> str:
    """A DecisionIssued naming the proposal, appended as the decisions area will."""
    decision_id = str(uuid.uuid4())
    issued = DecisionIssued(
        decision_id=decision_id,
        number="125/QĐ-TTg",
        signed_on=signed_on,
        issuing_authority="Thủ tướng Chính phủ",
        authority_level="prime_minister",
        commendation_kind="regular",
        proposal_id=proposal_id,
        award_ids=[str(uuid.uuid4())],
    )

    def decided(_: Sequence[EventPayload]) -> list[EventPayload]:
        return [issued]

    context = AppendContext(agency=HA_NOI, actor="test", correlation_id=uuid.uuid4())
    command = Command(
        f"decision-{decision_id}", decision_id, decided, context, business_time(signed_on)
    )
    await api.awards.commands.run(command)
    return decision_id


async def test_submit_then_read_back(awards_api: AwardsApi) -> None:
    submitted = await awards_api.client.post(
        "/v1/proposals", json=proposal(MEMBER, FLAG), headers=headers(awards_api)
    )
    assert submitted.status_code == 201, submitted.text
    assert submitted.headers["ETag"] == '"1"'
    proposal_id = submitted.json()["proposal_id"]
    assert submitted.headers["Location"] == f"/v1/proposals/{proposal_id}"

    found = await read(awards_api, proposal_id)
    assert (found["status"], found["level"], found["nominee_count"]) == (
        "submitted",
        "ministry_province",
        2,
    )
    assert found["nominees"][1]["award_name_vi"] == "Cờ thi đua cấp bộ"
    assert found["age_days"] == (today() - date(2020, 1, 10)).days
    assert [step["step"] for step in found["history"]] == ["submitted"]


async def test_awards_must_fit_the_nominee_and_the_addressee(awards_api: AwardsApi) -> None:
    unit_title = {"nominee_kind": "unit", "nominee_id": "hn-p1", "award_code": "CSTDCS"}
    cases = [
        (proposal(MEMBER, unit_title), "body.nominees.1.award_code"),
        (proposal(MEMBER, addressed_to="president"), "body.addressed_to"),
        (proposal(FLAG | {"nominee_id": "06"}), "body.nominees.0.nominee_id"),
        (proposal(MEMBER, MEMBER), "body.nominees.1"),
        (proposal(MEMBER | {"award_code": "bk"}), "body.nominees.0.award_code"),
    ]
    for body, field in cases:
        refused = await awards_api.client.post(
            "/v1/proposals", json=body, headers=headers(awards_api)
        )
        assert refused.status_code == 422, body
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["errors"][0]["field"] == field


async def test_an_officer_proposes_only_for_their_agency(awards_api: AwardsApi) -> None:
    foreign = await awards_api.client.post(
        "/v1/proposals", json=proposal(), headers=awards_api.headers("06")
    )
    assert foreign.status_code == 403


async def test_the_same_idempotency_key_returns_the_first_proposal(awards_api: AwardsApi) -> None:
    keyed = headers(awards_api, **{"Idempotency-Key": "hn-2020-ho-so-1"})
    first = await awards_api.client.post("/v1/proposals", json=proposal(), headers=keyed)
    again = await awards_api.client.post("/v1/proposals", json=proposal(), headers=keyed)

    assert first.json()["proposal_id"] == again.json()["proposal_id"]
    assert again.json()["version"] == 1


async def test_the_council_vote_is_counted_per_nominee(awards_api: AwardsApi) -> None:
    proposal_id = await submit(awards_api)

    reviewed = await review(awards_api, proposal_id, [vote(MEMBER), vote(ORDER, 4, 4)])
    found = await read(awards_api, proposal_id)

    assert reviewed.status_code == 201, reviewed.text
    assert reviewed.headers["ETag"] == '"2"'
    assert found["status"] == "reviewed"
    assert [v["approved"] for v in found["reviews"][0]["votes"]] == [True, False]
    assert [n["approved"] for n in found["nominees"]] == [True, False]


async def test_every_nominee_is_voted_on_once_per_level(awards_api: AwardsApi) -> None:
    proposal_id = await submit(awards_api)

    partial = await review(awards_api, proposal_id, [vote(MEMBER)])
    stranger = await review(awards_api, proposal_id, [vote(MEMBER), vote(FLAG)])
    early = await review(awards_api, proposal_id, [vote(MEMBER), vote(ORDER)], on="2020-01-01")
    await review(awards_api, proposal_id, [vote(MEMBER), vote(ORDER)])
    again = await review(awards_api, proposal_id, [vote(MEMBER), vote(ORDER)])

    assert partial.json()["errors"][0]["field"] == "body.votes"
    assert stranger.json()["errors"][0]["field"] == "body.votes.1"
    assert early.json()["errors"][0]["field"] == "body.reviewed_on"
    assert again.status_code == 409
    assert again.json()["current"] == {
        "current_state": "reviewed",
        "current_level": "ministry_province",
    }


async def test_forward_from_the_ministry_to_the_prime_minister_and_the_president(
    awards_api: AwardsApi,
) -> None:
    proposal_id = await submit(awards_api)
    await review(awards_api, proposal_id, [vote(MEMBER), vote(ORDER)])
    to_pm = await forward(awards_api, proposal_id, "prime_minister")
    await review(awards_api, proposal_id, [vote(MEMBER, 1, 8), vote(ORDER)], on="2020-03-01")
    to_president = await forward(awards_api, proposal_id, "president", forwarded_on="2020-03-10")

    found = await read(awards_api, proposal_id)
    assert to_pm.status_code == to_president.status_code == 200
    assert (found["status"], found["level"], found["version"]) == ("forwarded", "president", 5)
    assert [(s["step"], s["level"]) for s in found["history"]] == [
        ("submitted", "ministry_province"),
        ("reviewed", "ministry_province"),
        ("forwarded", "prime_minister"),
        ("reviewed", "prime_minister"),
        ("forwarded", "president"),
    ]
    assert [n["in_play"] for n in found["nominees"]] == [False, True]


async def test_a_forward_must_go_up_after_a_review(awards_api: AwardsApi) -> None:
    proposal_id = await submit(awards_api)

    unreviewed = await forward(awards_api, proposal_id, "prime_minister")
    await review(awards_api, proposal_id, [vote(MEMBER), vote(ORDER)])
    sideways = await forward(awards_api, proposal_id, "ministry_province")

    assert unreviewed.status_code == 409
    assert unreviewed.json()["current"]["current_state"] == "submitted"
    assert sideways.status_code == 422
    assert sideways.json()["errors"][0]["field"] == "body.to_level"


async def test_a_stale_if_match_is_refused(awards_api: AwardsApi) -> None:
    proposal_id = await submit(awards_api)
    body = {"reason": "Thiếu báo cáo thành tích"}

    stale = await post(awards_api, f"/v1/proposals/{proposal_id}/return", body, version=7)
    returned = await post(awards_api, f"/v1/proposals/{proposal_id}/return", body, version=1)

    assert stale.status_code == 409
    assert stale.json()["current"] == {"version": 1}
    assert returned.status_code == 200, returned.text
    assert returned.headers["ETag"] == '"2"'


async def test_return_then_resubmit_completed(awards_api: AwardsApi) -> None:
    proposal_id = await submit(awards_api)
    base = f"/v1/proposals/{proposal_id}"

    blank = await post(awards_api, f"{base}/return", {"reason": " "})
    reason = {"reason": "Thiếu xác nhận sáng kiến", "returned_on": "2020-02-01"}
    await post(awards_api, f"{base}/return", reason)
    returned = await read(awards_api, proposal_id)
    body = proposal(MEMBER, submitted_on="2020-02-20")
    del body["agency"]
    resubmitted = await post(awards_api, f"{base}/resubmit", body, version=2)
    found = await read(awards_api, proposal_id)

    assert blank.status_code == 422
    assert returned["return_reason"] == "Thiếu xác nhận sáng kiến"
    assert resubmitted.status_code == 200, resubmitted.text
    assert (found["status"], found["nominee_count"], found["return_reason"]) == (
        "submitted",
        1,
        None,
    )
    assert (found["submitted_on"], found["last_submitted_on"]) == ("2020-01-10", "2020-02-20")
    assert [step["step"] for step in found["history"]] == ["submitted", "returned", "resubmitted"]


async def test_resubmit_needs_a_returned_proposal(awards_api: AwardsApi) -> None:
    proposal_id = await submit(awards_api)
    body = proposal(MEMBER)
    del body["agency"]

    refused = await post(awards_api, f"/v1/proposals/{proposal_id}/resubmit", body)

    assert refused.status_code == 409
    assert refused.json()["current"]["current_state"] == "submitted"


async def test_a_decision_naming_the_proposal_decides_it(awards_api: AwardsApi) -> None:
    proposal_id = await submit(awards_api)
    await review(awards_api, proposal_id, [vote(MEMBER), vote(ORDER, 0, 9)])
    decision_id = await decide(awards_api, proposal_id, date(2020, 4, 1))

    found = await read(awards_api, proposal_id)
    refused = await forward(awards_api, proposal_id, "prime_minister")
    async with awards_api.awards.engine.connect() as connection:
        view = await proposal_state(connection, proposal_id)

    assert (found["status"], found["decision_id"], found["age_days"]) == (
        "decided",
        decision_id,
        82,
    )
    assert found["history"][-1]["step"] == "decided"
    assert refused.status_code == 409
    assert refused.json()["current"]["current_state"] == "decided"
    assert view is not None
    assert [n.nominee_id for n in view.approved_nominees] == ["hn-m1"]


async def test_a_decision_landing_after_the_lookup_still_wins(awards_api: AwardsApi) -> None:
    proposal_id = await submit(awards_api)
    await review(awards_api, proposal_id, [vote(MEMBER), vote(ORDER)])
    command = ForwardProposal(
        proposal_id=proposal_id, to_level="prime_minister", forwarded_on=date(2020, 4, 2)
    )
    runner = awards_api.awards.commands
    facts = await FORWARD_PROPOSAL.look_up(runner.engine, command)  # not decided yet
    await decide(awards_api, proposal_id, date(2020, 4, 1))
    context = AppendContext(agency=HA_NOI, actor="test", correlation_id=uuid.uuid4())

    assert not facts.decided
    with pytest.raises(IllegalTransition):
        await runner.run(FORWARD_PROPOSAL.command(command, facts, CommandTerms(context)))
    assert (await read(awards_api, proposal_id))["version"] == 2


async def test_list_filters_and_summary(awards_api: AwardsApi) -> None:
    reviewed_id = await submit(awards_api)
    await review(awards_api, reviewed_id, [vote(MEMBER), vote(ORDER)])
    await submit(awards_api, submitted_on="2020-06-10")
    decided_id = await submit(awards_api)
    await decide(awards_api, decided_id, date(2020, 3, 1))
    await submit(awards_api, FLAG, submitted_on="2019-12-20", addressed_to="ministry_province")

    listed = await awards_api.client.get(
        "/v1/proposals",
        params={"agency": HA_NOI, "year": 2020, "status": "reviewed", "level": "ministry_province"},
        headers=headers(awards_api),
    )
    summary = await awards_api.client.get(
        "/v1/proposals/summary",
        params={"agency": HA_NOI, "year": 2020},
        headers=headers(awards_api),
    )

    assert [item["proposal_id"] for item in listed.json()["items"]] == [reviewed_id]
    counts = summary.json()
    assert (counts["total"], counts["pending"], counts["decided"]) == (3, 2, 1)
    assert (counts["submitted"], counts["reviewed"]) == (1, 1)
    middle = ((today() - date(2020, 1, 10)).days + (today() - date(2020, 6, 10)).days) / 2
    assert counts["median_pending_age_days"] == middle


async def test_reads_are_scoped_to_the_agency(awards_api: AwardsApi) -> None:
    proposal_id = await submit(awards_api)
    path = f"/v1/proposals/{proposal_id}"

    other = await awards_api.client.get(path, headers=awards_api.headers("06"))
    analyst = await awards_api.client.get(path, headers=awards_api.headers("BCT", ("analyst",)))
    missing = await awards_api.client.get("/v1/proposals/nope", headers=headers(awards_api))
    missing_write = await post(awards_api, "/v1/proposals/nope/return", {"reason": "Thiếu"})

    assert other.status_code == 403
    assert analyst.status_code == 200
    assert missing.status_code == missing_write.status_code == 404


async def test_a_submission_is_an_event_on_the_awards_topic(awards_api: AwardsApi) -> None:
    proposal_id = await submit(awards_api)

    bootstrap = awards_api.awards.settings.kafka_bootstrap_servers
    records = await read_topic(bootstrap, awards_api.topic, at_least=1)
    event = json.loads(records[0].value)

    assert (event["event_type"], event["agency"]) == ("ProposalSubmitted", HA_NOI)
    assert event["stream_id"] == f"proposal-{proposal_id}"
    assert event["occurred_at"].startswith("2020-01-09T17:00")
