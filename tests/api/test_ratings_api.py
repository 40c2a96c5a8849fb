"""Rating endpoints: success and failure paths."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert

from services.registry.readmodel.directory_tables import members, units
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
        "/v1/ratings", json=rating(member_id, value), headers=api.headers() | h
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


@pytest.fixture
async def units_api(api: RegistryApi) -> RegistryApi:
    """The registry with a unit in Bắc Kạn (06) and one in Hà Nội (01)."""
    rows = [("u-phong-ql", "06"), ("u-hanoi", "01")]
    async with api.registry.engine.begin() as connection:
        await connection.execute(
            insert(units),
            [{"unit_id": u, "agency": a, "name": f"Phòng {u}", "version": 1} for u, a in rows],
        )
    return api


def unit_rating(
    unit_id: str = "u-phong-ql", value: str = "HTTNV", **changes: Any
) -> dict[str, Any]:
    return {"agency": "06", "unit_id": unit_id, "year": 2020, "rating": value} | changes


async def rate_unit(api: RegistryApi, value: str = "HTTNV", **h: str) -> Any:
    body = unit_rating(value=value)
    return await api.client.post("/v1/ratings/units", json=body, headers=api.headers() | h)


async def test_a_units_own_rating_is_recorded_then_read_back(units_api: RegistryApi) -> None:
    recorded = await rate_unit(units_api)
    read = await units_api.client.get(
        "/v1/ratings/units/u-phong-ql/2020", headers=units_api.headers()
    )
    listed = await units_api.client.get(
        "/v1/ratings/units", params={"agency": "06", "year": 2020}, headers=units_api.headers()
    )
    members = await units_api.client.get(
        "/v1/ratings/summary", params={"agency": "06", "year": 2020}, headers=units_api.headers()
    )

    assert recorded.status_code == 201, recorded.text
    assert recorded.headers["Location"] == "/v1/ratings/units/u-phong-ql/2020"
    assert read.json() == {
        "unit_id": "u-phong-ql",
        "year": 2020,
        "agency": "06",
        "rating": "HTTNV",
        "version": 1,
    }
    assert read.headers["ETag"] == '"1"'
    assert [item["unit_id"] for item in listed.json()["items"]] == ["u-phong-ql"]
    assert members.json()["total"] == 0  # a unit is not counted among the members rated


async def test_a_units_rating_is_corrected_only_with_the_version_read(
    units_api: RegistryApi,
) -> None:
    await rate_unit(units_api)
    blind = await rate_unit(units_api, "HTXSNV")
    corrected = await rate_unit(units_api, "HTXSNV", **{"If-Match": '"1"'})
    read = await units_api.client.get(
        "/v1/ratings/units/u-phong-ql/2020", headers=units_api.headers()
    )

    assert blind.status_code == 409
    assert blind.json()["current"] == {"current_state": "rated", "rating": "HTTNV", "version": 1}
    assert corrected.status_code == 200
    assert read.json()["rating"] == "HTXSNV"


async def test_another_agencys_unit_is_refused_in_vietnamese_naming_the_field(
    units_api: RegistryApi,
) -> None:
    foreign_unit = await units_api.client.post(
        "/v1/ratings/units", json=unit_rating("u-hanoi"), headers=units_api.headers()
    )
    unknown_unit = await units_api.client.post(
        "/v1/ratings/units", json=unit_rating("u-khong-co"), headers=units_api.headers()
    )
    foreign_caller = await units_api.client.post(
        "/v1/ratings/units", json=unit_rating(), headers=units_api.headers("01")
    )

    assert foreign_unit.status_code == unknown_unit.status_code == 422
    assert foreign_unit.json()["errors"] == [
        {"field": "body.unit_id", "msg": "u-hanoi không phải tập thể thuộc cơ quan 06"}
    ]
    assert unknown_unit.json()["errors"][0]["field"] == "body.unit_id"
    assert foreign_caller.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (unit_rating(value="TOT"), "body.rating"),
        (unit_rating(year=2999), "body.year"),
        (unit_rating(year=2100), "body.year"),
    ],
)
async def test_a_bad_unit_rating_names_the_field(
    units_api: RegistryApi, body: dict[str, Any], field: str
) -> None:
    refused = await units_api.client.post(
        "/v1/ratings/units", json=body, headers=units_api.headers()
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == field


async def test_a_units_rating_is_read_only_within_its_agency(units_api: RegistryApi) -> None:
    await rate_unit(units_api)
    other = await units_api.client.get(
        "/v1/ratings/units/u-phong-ql/2020", headers=units_api.headers("01")
    )
    other_list = await units_api.client.get(
        "/v1/ratings/units", params={"agency": "06"}, headers=units_api.headers("01")
    )
    missing = await units_api.client.get(
        "/v1/ratings/units/u-phong-ql/2019", headers=units_api.headers()
    )
    assert other.status_code == other_list.status_code == 403
    assert missing.status_code == 404
