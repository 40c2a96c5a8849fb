"""Registration endpoints: submit, the workflow, reads and coverage."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.application import registrations as handlers
from services.registry.domain.registrations import Facts
from services.registry.readmodel.directory_tables import members, units
from tests.harness.registry_api import RegistryApi


async def add_directory(
    api: RegistryApi, agency: str, unit_ids: list[str], member_ids: list[str]
) -> None:
    """Units (and members in the first unit) written straight into the read model."""
    unit = {"agency": agency, "name": "Phòng Quản lý thương mại", "version": 1}
    member = {"agency": agency, "position_group": "official", "erased": False, "version": 1}
    async with api.registry.engine.begin() as connection:
        await connection.execute(insert(units), [unit | {"unit_id": u} for u in unit_ids])
        for member_id in member_ids:
            values = member | {"member_id": member_id, "unit_id": unit_ids[0]}
            await connection.execute(insert(members).values(**values))


def registration(**changes: Any) -> dict[str, Any]:
    body = {
        "agency": "06",
        "registrant_kind": "member",
        "registrant_id": "bk-m1",
        "year": 2020,
        "award_codes": ["LDTT", "CSTDCS"],
    }
    return body | changes


async def submit(api: RegistryApi, **changes: Any) -> Any:
    return await api.client.post(
        "/v1/registrations", json=registration(**changes), headers=api.headers()
    )


async def launch(api: RegistryApi, **changes: Any) -> str:
    body = {
        "agency": "06",
        "title": "Phong trào thi đua “Lao động giỏi, lao động sáng tạo”",
        "form": "thematic",
        "scope": "sector_local",
        "launching_level": "ministry_province",
        "start_date": "2016-01-01",
        "end_date": "2020-12-31",
    } | changes
    launched = await api.client.post("/v1/campaigns", json=body, headers=api.headers())
    assert launched.status_code == 201, launched.text
    return str(launched.json()["campaign_id"])


async def test_submit_then_read_back(registry_api: RegistryApi) -> None:
    await add_directory(registry_api, "06", ["bk-p1"], ["bk-m1"])

    submitted = await submit(registry_api, award_codes=["CSTDCS", "LDTT"])
    assert submitted.status_code == 201, submitted.text
    assert submitted.headers["ETag"] == '"1"'
    registration_id = submitted.json()["registration_id"]

    read = await registry_api.client.get(
        f"/v1/registrations/{registration_id}", headers=registry_api.headers()
    )
    listed = await registry_api.client.get(
        "/v1/registrations",
        params={"agency": "06", "year": 2020, "status": "submitted"},
        headers=registry_api.headers(),
    )
    assert read.json()["status"] == "submitted"
    assert read.json()["award_codes"] == ["LDTT", "CSTDCS"]
    assert read.headers["ETag"] == '"1"'
    assert listed.json()["total"] == 1
    assert listed.json()["items"][0]["registration_id"] == registration_id


async def test_titles_must_fit_the_registrant(registry_api: RegistryApi) -> None:
    await add_directory(registry_api, "06", ["bk-p1"], ["bk-m1"])

    collective = await submit(registry_api, award_codes=["TTLDTT"])
    unknown = await submit(
        registry_api, registrant_kind="unit", registrant_id="bk-p1", award_codes=["LDTT_XX"]
    )

    assert collective.status_code == 422
    assert collective.json()["errors"][0]["field"] == "body.award_codes"
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "body.award_codes"


async def test_the_registrant_must_be_of_the_callers_agency(registry_api: RegistryApi) -> None:
    await add_directory(registry_api, "01", ["hn-p1"], [])

    foreign = await submit(
        registry_api, registrant_kind="unit", registrant_id="hn-p1", award_codes=["TTLDTT"]
    )
    missing = await submit(registry_api, registrant_id="nobody")

    assert foreign.status_code == missing.status_code == 422
    assert foreign.json()["errors"][0]["field"] == "body.registrant_id"
    assert missing.json()["errors"][0]["field"] == "body.registrant_id"


async def test_the_campaign_must_exist_and_be_open(registry_api: RegistryApi) -> None:
    await add_directory(registry_api, "06", ["bk-p1"], ["bk-m1"])
    campaign_id = await launch(registry_api)
    closed = await registry_api.client.post(
        f"/v1/campaigns/{campaign_id}/close",
        json={"closed_on": "2020-12-31"},
        headers=registry_api.headers(),
    )
    assert closed.status_code == 200, closed.text

    unknown = await submit(registry_api, campaign_id="no-such-campaign")
    after_close = await submit(registry_api, campaign_id=campaign_id)

    assert unknown.status_code == after_close.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "body.campaign_id"
    assert after_close.json()["errors"][0]["field"] == "body.campaign_id"


async def test_one_registration_per_registrant_year_and_campaign(
    registry_api: RegistryApi,
) -> None:
    await add_directory(registry_api, "06", ["bk-p1"], ["bk-m1"])
    campaign_id = await launch(registry_api)
    first = await submit(registry_api)

    again = await submit(registry_api, award_codes=["LDTT"])
    under_campaign = await submit(registry_api, campaign_id=campaign_id)

    assert again.status_code == 409
    assert again.json()["current"]["registration_id"] == first.json()["registration_id"]
    assert under_campaign.status_code == 201


async def test_approve_with_if_match(registry_api: RegistryApi) -> None:
    await add_directory(registry_api, "06", ["bk-p1"], ["bk-m1"])
    registration_id = (await submit(registry_api)).json()["registration_id"]
    path = f"/v1/registrations/{registration_id}/approve"

    stale = await registry_api.client.post(
        path, headers=registry_api.headers(**{"If-Match": '"7"'})
    )
    approved = await registry_api.client.post(
        path,
        json={"approved_on": "2020-02-15"},
        headers=registry_api.headers(**{"If-Match": '"1"'}),
    )
    twice = await registry_api.client.post(path, headers=registry_api.headers())

    assert stale.status_code == 409
    assert stale.json()["current"] == {"version": 1}
    assert approved.status_code == 200, approved.text
    assert approved.headers["ETag"] == '"2"'
    assert twice.status_code == 409
    assert twice.json()["current"] == {"current_state": "approved"}


async def test_return_then_resubmit_with_other_titles(registry_api: RegistryApi) -> None:
    await add_directory(registry_api, "06", ["bk-p1"], ["bk-m1"])
    registration_id = (await submit(registry_api)).json()["registration_id"]
    base = f"/v1/registrations/{registration_id}"
    headers = registry_api.headers()

    no_reason = await registry_api.client.post(
        f"{base}/return", json={"reason": " "}, headers=headers
    )
    returned = await registry_api.client.post(
        f"{base}/return", json={"reason": "Chưa có sáng kiến cấp cơ sở"}, headers=headers
    )
    read_returned = await registry_api.client.get(base, headers=headers)
    early_approval = await registry_api.client.post(f"{base}/approve", headers=headers)
    resubmitted = await registry_api.client.post(
        f"{base}/resubmit", json={"award_codes": ["LDTT"]}, headers=headers
    )
    read = await registry_api.client.get(base, headers=headers)

    assert no_reason.status_code == 422
    assert returned.status_code == 200, returned.text
    assert read_returned.json()["return_reason"] == "Chưa có sáng kiến cấp cơ sở"
    assert early_approval.json()["current"] == {"current_state": "returned"}
    assert resubmitted.status_code == 200
    assert read.json()["status"] == "submitted"
    assert read.json()["award_codes"] == ["LDTT"]
    assert read.json()["version"] == 3


async def test_resubmit_needs_a_returned_registration_and_fitting_titles(
    registry_api: RegistryApi,
) -> None:
    await add_directory(registry_api, "06", ["bk-p1"], ["bk-m1"])
    registration_id = (await submit(registry_api)).json()["registration_id"]
    base = f"/v1/registrations/{registration_id}"
    headers = registry_api.headers()

    not_returned = await registry_api.client.post(
        f"{base}/resubmit", json={"award_codes": ["LDTT"]}, headers=headers
    )
    await registry_api.client.post(f"{base}/return", json={"reason": "Sai mã"}, headers=headers)
    collective = await registry_api.client.post(
        f"{base}/resubmit", json={"award_codes": ["TTLDXS"]}, headers=headers
    )

    assert not_returned.status_code == 409
    assert not_returned.json()["current"] == {"current_state": "submitted"}
    assert collective.status_code == 422
    assert collective.json()["errors"][0]["field"] == "body.award_codes"


async def test_unknown_ids_are_404_and_other_agencies_403(registry_api: RegistryApi) -> None:
    await add_directory(registry_api, "06", ["bk-p1"], ["bk-m1"])
    registration_id = (await submit(registry_api)).json()["registration_id"]

    missing = await registry_api.client.get(
        "/v1/registrations/nope", headers=registry_api.headers()
    )
    missing_approve = await registry_api.client.post(
        "/v1/registrations/nope/approve", headers=registry_api.headers()
    )
    foreign_approve = await registry_api.client.post(
        f"/v1/registrations/{registration_id}/approve", headers=registry_api.headers("01")
    )
    foreign_list = await registry_api.client.get(
        "/v1/registrations", params={"agency": "06"}, headers=registry_api.headers("01")
    )
    analyst_list = await registry_api.client.get(
        "/v1/registrations",
        params={"agency": "06"},
        headers=registry_api.headers("bct", roles=("analyst",)),
    )
    foreign_submit = await registry_api.client.post(
        "/v1/registrations", json=registration(), headers=registry_api.headers("01")
    )

    assert missing.status_code == missing_approve.status_code == 404
    assert foreign_approve.status_code == foreign_list.status_code == 403
    assert foreign_submit.status_code == 403
    assert analyst_list.json()["total"] == 1


async def test_the_same_idempotency_key_submits_once(registry_api: RegistryApi) -> None:
    await add_directory(registry_api, "06", ["bk-p1"], ["bk-m1"])
    headers = registry_api.headers(**{"Idempotency-Key": "dk-2020-m1"})

    first = await registry_api.client.post(
        "/v1/registrations", json=registration(), headers=headers
    )
    again = await registry_api.client.post(
        "/v1/registrations", json=registration(), headers=headers
    )

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()


async def test_coverage_counts_submitted_and_approved(registry_api: RegistryApi) -> None:
    await add_directory(
        registry_api, "06", ["p1", "p2", "p3"], ["m1", "m2", "m3", "m4", "m5", "m6"]
    )
    for unit_id in ("p1", "p2"):
        await submit(
            registry_api, registrant_kind="unit", registrant_id=unit_id, award_codes=["TTLDTT"]
        )
    ids = [
        (await submit(registry_api, registrant_id=member_id)).json()["registration_id"]
        for member_id in ("m1", "m2", "m3")
    ]
    headers = registry_api.headers()
    await registry_api.client.post(f"/v1/registrations/{ids[0]}/approve", headers=headers)
    await registry_api.client.post(
        f"/v1/registrations/{ids[1]}/return", json={"reason": "Thiếu hồ sơ"}, headers=headers
    )

    coverage = await registry_api.client.get(
        "/v1/registrations/coverage", params={"agency": "06", "year": 2020}, headers=headers
    )

    assert coverage.status_code == 200, coverage.text
    body = coverage.json()
    assert body["units"] == {"registered": 2, "approved": 0, "total": 3, "share_percent": 66.7}
    assert body["members"] == {"registered": 2, "approved": 1, "total": 6, "share_percent": 33.3}
    counts = {item["award_code"]: item["registrations"] for item in body["award_codes"]}
    assert counts == {"TTLDTT": 2, "LDTT": 2, "CSTDCS": 2}


async def test_coverage_of_an_empty_agency_has_no_share(registry_api: RegistryApi) -> None:
    coverage = await registry_api.client.get(
        "/v1/registrations/coverage",
        params={"agency": "06", "year": 2020},
        headers=registry_api.headers(),
    )
    foreign = await registry_api.client.get(
        "/v1/registrations/coverage",
        params={"agency": "06", "year": 2020},
        headers=registry_api.headers("01"),
    )
    assert coverage.json()["units"]["share_percent"] is None
    assert coverage.json()["award_codes"] == []
    assert foreign.status_code == 403


async def test_a_racing_duplicate_is_refused_by_the_unique_key(
    registry_api: RegistryApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_directory(registry_api, "06", ["bk-p1"], ["bk-m1"])
    stale = [Facts(registrant_agency="06")]  # looked up before the other request committed
    real = handlers.submission_facts

    async def facts(connection: AsyncConnection, commands: Any) -> list[Facts]:
        return [stale.pop()] if stale else await real(connection, commands)

    first = await submit(registry_api)
    monkeypatch.setattr(handlers, "submission_facts", facts)
    second = await submit(registry_api)

    assert second.status_code == 409
    assert second.json()["current"]["registration_id"] == first.json()["registration_id"]
