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


async def launched(registry_api: RegistryApi, **changes: Any) -> str:
    response = await registry_api.client.post(
        "/v1/campaigns", json=campaign(**changes), headers=registry_api.headers()
    )
    assert response.status_code == 201, response.text
    return str(response.json()["campaign_id"])


async def test_interim_and_final_reviews_then_close(registry_api: RegistryApi) -> None:
    campaign_id = await launched(registry_api)
    base, headers = f"/v1/campaigns/{campaign_id}", registry_api.headers()

    interim = await registry_api.client.post(
        f"{base}/reviews",
        json={"stage": "interim", "review_date": "2018-06-30", "summary": "Sơ kết giữa kỳ"},
        headers=registry_api.headers(**{"If-Match": '"1"'}),
    )
    final = await registry_api.client.post(
        f"{base}/reviews", json={"stage": "final", "review_date": "2020-05-14"}, headers=headers
    )
    closed = await registry_api.client.post(
        f"{base}/close", json={"closed_on": "2020-12-31"}, headers=headers
    )
    read = await registry_api.client.get(base, headers=headers)
    reviews = await registry_api.client.get(f"{base}/reviews", headers=headers)

    assert interim.status_code == final.status_code == 201
    assert interim.headers["ETag"] == '"2"'
    assert closed.status_code == 200
    assert closed.json()["version"] == 4
    assert read.json()["status"] == "closed"
    assert read.json()["closed_on"] == "2020-12-31"
    assert [r["stage"] for r in reviews.json()] == ["interim", "final"]


async def test_a_final_review_happens_at_most_once(registry_api: RegistryApi) -> None:
    campaign_id = await launched(registry_api)
    path, headers = f"/v1/campaigns/{campaign_id}/reviews", registry_api.headers()
    final = {"stage": "final", "review_date": "2020-05-14"}

    await registry_api.client.post(path, json=final, headers=headers)
    again = await registry_api.client.post(path, json=final, headers=headers)

    assert again.status_code == 409
    assert again.json()["current"] == {"current_state": "reviewed_final"}


async def test_nothing_happens_after_the_close(registry_api: RegistryApi) -> None:
    campaign_id = await launched(registry_api)
    base, headers = f"/v1/campaigns/{campaign_id}", registry_api.headers()
    await registry_api.client.post(
        f"{base}/close", json={"closed_on": "2020-12-31"}, headers=headers
    )

    review = await registry_api.client.post(
        f"{base}/reviews", json={"stage": "interim", "review_date": "2021-01-05"}, headers=headers
    )
    close = await registry_api.client.post(
        f"{base}/close", json={"closed_on": "2021-01-01"}, headers=headers
    )

    assert review.status_code == close.status_code == 409
    assert review.json()["current"] == {"current_state": "closed"}


async def test_review_and_close_dates_are_checked(registry_api: RegistryApi) -> None:
    campaign_id = await launched(registry_api)
    base, headers = f"/v1/campaigns/{campaign_id}", registry_api.headers()

    early_review = await registry_api.client.post(
        f"{base}/reviews", json={"stage": "interim", "review_date": "2015-12-31"}, headers=headers
    )
    early_close = await registry_api.client.post(
        f"{base}/close", json={"closed_on": "2015-06-01"}, headers=headers
    )

    assert early_review.status_code == early_close.status_code == 422
    assert early_review.json()["errors"][0]["field"] == "body.review_date"
    assert early_close.json()["errors"][0]["field"] == "body.closed_on"


async def test_stale_if_match_unknown_campaign_and_other_agency(registry_api: RegistryApi) -> None:
    campaign_id = await launched(registry_api)
    review = {"stage": "interim", "review_date": "2018-06-30"}

    stale = await registry_api.client.post(
        f"/v1/campaigns/{campaign_id}/reviews",
        json=review,
        headers=registry_api.headers(**{"If-Match": '"5"'}),
    )
    missing = await registry_api.client.post(
        "/v1/campaigns/nope/close", json={"closed_on": "2020-12-31"}, headers=registry_api.headers()
    )
    foreign = await registry_api.client.post(
        f"/v1/campaigns/{campaign_id}/reviews", json=review, headers=registry_api.headers("01")
    )

    assert stale.status_code == 409
    assert stale.json()["current"] == {"version": 1}
    assert missing.status_code == 404
    assert foreign.status_code == 403


async def test_a_parent_campaign_must_exist(registry_api: RegistryApi) -> None:
    parent_id = await launched(registry_api, title="Phong trào của Bộ Công Thương")

    child = await registry_api.client.post(
        "/v1/campaigns", json=campaign(parent_campaign_id=parent_id), headers=registry_api.headers()
    )
    orphan = await registry_api.client.post(
        "/v1/campaigns", json=campaign(parent_campaign_id="no-such"), headers=registry_api.headers()
    )

    assert child.status_code == 201
    assert orphan.status_code == 422
    assert orphan.json()["errors"][0]["field"] == "body.parent_campaign_id"
