"""Rating endpoints: success and failure paths."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert

from services.registry.readmodel.directory_tables import members
from tests.harness.registry_api import RegistryApi


@pytest.fixture
async def api(registry_api: RegistryApi) -> RegistryApi:
    """The registry with three members in Bắc Kạn (06) and one in Hà Nội (01)."""
    rows = [("m-thao", "06"), ("m-sang", "06"), ("m-bac", "06"), ("m-hanoi", "01")]
    async with registry_api.registry.engine.begin() as connection:
        await connection.execute(
            insert(members),
            [
                {"member_id": m, "agency": a, "unit_id": f"u-{a}", "position_group": "official"}
                | {"erased": False, "version": 1}
                for m, a in rows
            ],
        )
    return registry_api


def rating(member_id: str = "m-thao", value: str = "HTTNV", **changes: Any) -> dict[str, Any]:
    return {"agency": "06", "member_id": member_id, "year": 2020, "rating": value} | changes


async def rate(api: RegistryApi, member_id: str = "m-thao", value: str = "HTTNV", **h: str) -> Any:
    return await api.client.post(
        "/v1/ratings", json=rating(member_id, value), headers=api.headers(**h)
    )


async def test_record_then_read_back(api: RegistryApi) -> None:
    recorded = await rate(api)
    read = await api.client.get("/v1/ratings/m-thao/2020", headers=api.headers())
    listed = await api.client.get(
        "/v1/ratings", params={"agency": "06", "year": 2020}, headers=api.headers()
    )

    assert recorded.status_code == 201, recorded.text
    assert recorded.headers["ETag"] == '"1"'
    assert recorded.headers["Location"] == "/v1/ratings/m-thao/2020"
    assert read.json() == {
        "member_id": "m-thao",
        "year": 2020,
        "agency": "06",
        "rating": "HTTNV",
        "version": 1,
    }
    assert read.headers["ETag"] == '"1"'
    assert listed.json()["total"] == 1


async def test_a_correction_needs_the_version_read(api: RegistryApi) -> None:
    await rate(api)
    blind = await rate(api, value="HTXSNV")
    stale = await rate(api, value="HTXSNV", **{"If-Match": '"0"'})
    corrected = await rate(api, value="HTXSNV", **{"If-Match": '"1"'})
    read = await api.client.get("/v1/ratings/m-thao/2020", headers=api.headers())

    assert blind.status_code == 409
    assert blind.json()["current"] == {"current_state": "rated", "rating": "HTTNV", "version": 1}
    assert stale.status_code == 409
    assert stale.json()["current"] == {"version": 1}
    assert corrected.status_code == 200
    assert corrected.headers["ETag"] == '"2"'
    assert read.json()["rating"] == "HTXSNV"


async def test_the_same_idempotency_key_records_once(api: RegistryApi) -> None:
    first = await rate(api, **{"Idempotency-Key": "xl-2020-thao"})
    again = await rate(api, **{"Idempotency-Key": "xl-2020-thao"})
    assert again.status_code == 201
    assert first.json() == again.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (rating("m-hanoi"), "body.member_id"),
        (rating("m-unknown"), "body.member_id"),
        (rating(value="XUATSAC"), "body.rating"),
        (rating(year=2999), "body.year"),
        (rating(year=2100), "body.year"),
    ],
)
async def test_bad_input_names_the_field(
    api: RegistryApi, body: dict[str, Any], field: str
) -> None:
    refused = await api.client.post("/v1/ratings", json=body, headers=api.headers())
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == field


async def test_tenancy_of_writes_and_reads(api: RegistryApi) -> None:
    foreign = await api.client.post("/v1/ratings", json=rating(), headers=api.headers("01"))
    await rate(api)
    analyst = await api.client.get(
        "/v1/ratings/m-thao/2020", headers=api.headers("BCT", roles=("analyst",))
    )
    other = await api.client.get("/v1/ratings/m-thao/2020", headers=api.headers("01"))
    other_list = await api.client.get(
        "/v1/ratings", params={"agency": "06"}, headers=api.headers("01")
    )
    assert foreign.status_code == 403
    assert analyst.status_code == 200
    assert other.status_code == other_list.status_code == 403


async def test_unknown_rating_is_404(api: RegistryApi) -> None:
    missing = await api.client.get("/v1/ratings/m-thao/2019", headers=api.headers())
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


async def test_list_filters_by_rating_and_summary_counts_each(api: RegistryApi) -> None:
    await rate(api, "m-thao", "HTXSNV")
    await rate(api, "m-sang", "HTTNV")
    await rate(api, "m-bac", "HTTNV")
    good = await api.client.get(
        "/v1/ratings", params={"agency": "06", "rating": "HTTNV"}, headers=api.headers()
    )
    summary = await api.client.get(
        "/v1/ratings/summary", params={"agency": "06", "year": 2020}, headers=api.headers()
    )

    assert [item["member_id"] for item in good.json()["items"]] == ["m-bac", "m-sang"]
    assert summary.json() == {
        "agency": "06",
        "year": 2020,
        "counts": {"HTXSNV": 1, "HTTNV": 2, "HTNV": 0, "KHTNV": 0},
        "total": 3,
    }


async def test_summary_needs_a_year_and_read_access(api: RegistryApi) -> None:
    no_year = await api.client.get(
        "/v1/ratings/summary", params={"agency": "06"}, headers=api.headers()
    )
    foreign = await api.client.get(
        "/v1/ratings/summary", params={"agency": "06", "year": 2020}, headers=api.headers("01")
    )
    assert no_year.status_code == 422
    assert no_year.json()["errors"][0]["field"] == "query.year"
    assert foreign.status_code == 403
