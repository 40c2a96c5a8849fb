"""Campaign endpoints: success and failure paths."""

from __future__ import annotations

from typing import Any

from tests.harness.registry_api import RegistryApi


def campaign(**changes: Any) -> dict[str, Any]:
    body = {
        "agency": "06",
        "title": "Phong trào thi đua 'Cán bộ, công chức thi đua thực hiện văn hóa công sở'",
        "form": "regular",
        "scope": "sector_local",
        "launching_level": "ministry_province",
        "start_date": "2016-01-01",
        "end_date": "2020-12-31",
        "registration_required": True,
    }
    return body | changes


async def test_launch_then_read_back(registry_api: RegistryApi) -> None:
    launched = await registry_api.client.post(
        "/v1/campaigns", json=campaign(), headers=registry_api.headers()
    )
    assert launched.status_code == 201, launched.text
    campaign_id = launched.json()["campaign_id"]
    assert launched.headers["ETag"] == '"1"'

    read = await registry_api.client.get(
        f"/v1/campaigns/{campaign_id}", headers=registry_api.headers()
    )
    listed = await registry_api.client.get(
        "/v1/campaigns", params={"agency": "06", "year": 2018}, headers=registry_api.headers()
    )

    assert read.status_code == 200
    assert read.json()["title"].startswith("Phong trào thi đua")
    assert read.json()["status"] == "launched"
    assert listed.json()["total"] == 1
    assert listed.json()["items"][0]["campaign_id"] == campaign_id


async def test_the_same_idempotency_key_launches_once(registry_api: RegistryApi) -> None:
    headers = registry_api.headers(**{"Idempotency-Key": "launch-2016-01"})
    first = await registry_api.client.post("/v1/campaigns", json=campaign(), headers=headers)
    again = await registry_api.client.post("/v1/campaigns", json=campaign(), headers=headers)
    other = await registry_api.client.post(
        "/v1/campaigns", json=campaign(title="Khác"), headers=headers
    )
    listed = await registry_api.client.get(
        "/v1/campaigns", params={"agency": "06"}, headers=registry_api.headers()
    )

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "header.Idempotency-Key"
    assert listed.json()["total"] == 1


async def test_unknown_campaign_is_404_and_other_agencies_are_403(
    registry_api: RegistryApi,
) -> None:
    missing = await registry_api.client.get("/v1/campaigns/nope", headers=registry_api.headers())
    foreign = await registry_api.client.post(
        "/v1/campaigns", json=campaign(agency="01"), headers=registry_api.headers("06")
    )
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert foreign.status_code == 403


async def test_end_before_start_names_the_field(registry_api: RegistryApi) -> None:
    refused = await registry_api.client.post(
        "/v1/campaigns",
        json=campaign(start_date="2020-05-01", end_date="2020-01-01"),
        headers=registry_api.headers(),
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "body.end_date", "msg": "end_date must not be before start_date"}
    ]
