"""Agency endpoints: success and failure paths."""

from __future__ import annotations

from typing import Any

from tests.harness.registry_api import RegistryApi

ADMIN = {"agency": "BCT", "roles": ("admin",)}


def agency(**changes: Any) -> dict[str, Any]:
    body = {
        "agency_code": "06",
        "name": "Sở Công Thương Bắc Kạn",
        "kind": "provincial_department",
        "province_code": "06",
        "established_on": "2008-08-01",
    }
    return body | changes


async def test_register_then_read_with_todays_province(registry_api: RegistryApi) -> None:
    registered = await registry_api.client.post(
        "/v1/agencies", json=agency(), headers=registry_api.headers(**ADMIN)
    )
    assert registered.status_code == 201, registered.text
    assert registered.json()["agency_code"] == "06"
    assert registered.headers["Location"] == "/v1/agencies/06"

    read = await registry_api.client.get("/v1/agencies/06", headers=registry_api.headers("06"))

    assert read.status_code == 200
    assert read.headers["ETag"] == '"1"'
    assert read.json() == {
        "agency_code": "06",
        "name": "Sở Công Thương Bắc Kạn",
        "kind": "provincial_department",
        "province_code": "06",
        "province_list": "63",
        "province_name": "Bắc Kạn",
        "current_province_code": "19",
        "current_province_name": "Thái Nguyên",
        "established_on": "2008-08-01",
        "ceased_on": None,
        "successor_code": None,
        "predecessor_codes": [],
        "version": 1,
    }


async def test_list_filters_by_kind_and_list(registry_api: RegistryApi) -> None:
    thai_nguyen = {"name": "Sở Công Thương Thái Nguyên", "province_list": "34"}
    ministry_unit = {"name": "Cục Công Thương địa phương", "kind": "ministry_unit"}
    for body in (
        agency(),
        agency(agency_code="19", province_code="19", established_on=None, **thai_nguyen),
        {"agency_code": "CCT", **ministry_unit},
    ):
        registered = await registry_api.client.post(
            "/v1/agencies", json=body, headers=registry_api.headers(**ADMIN)
        )
        assert registered.status_code == 201, registered.text

    def listed(**params: str) -> Any:
        return registry_api.client.get(
            "/v1/agencies", params=params, headers=registry_api.headers()
        )

    everything, on_34, ministry = (
        (await listed()).json(),
        (await listed(province_list="34")).json(),
        (await listed(kind="ministry_unit")).json(),
    )
    assert everything["total"] == 3
    assert [a["agency_code"] for a in on_34["items"]] == ["19"]
    assert [a["agency_code"] for a in ministry["items"]] == ["CCT"]
    assert ministry["items"][0]["province_name"] is None


async def test_registering_twice_is_a_conflict(registry_api: RegistryApi) -> None:
    headers = registry_api.headers(**ADMIN)
    await registry_api.client.post("/v1/agencies", json=agency(), headers=headers)
    again = await registry_api.client.post("/v1/agencies", json=agency(), headers=headers)

    assert again.status_code == 409
    assert again.json()["current"] == {"current_state": "registered"}


async def test_the_same_idempotency_key_registers_once(registry_api: RegistryApi) -> None:
    headers = registry_api.headers(**ADMIN, **{"Idempotency-Key": "dang-ky-06"})
    first = await registry_api.client.post("/v1/agencies", json=agency(), headers=headers)
    again = await registry_api.client.post("/v1/agencies", json=agency(), headers=headers)

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()


async def test_only_admins_register(registry_api: RegistryApi) -> None:
    officer = await registry_api.client.post(
        "/v1/agencies", json=agency(), headers=registry_api.headers("06")
    )
    anonymous = await registry_api.client.post("/v1/agencies", json=agency())

    assert officer.status_code == 403
    assert anonymous.status_code == 401


async def test_a_province_not_on_its_list_names_the_field(registry_api: RegistryApi) -> None:
    refused = await registry_api.client.post(
        "/v1/agencies",
        json=agency(established_on="2025-07-01"),
        headers=registry_api.headers(**ADMIN),
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.province_code"


async def test_a_ministry_unit_with_a_province_is_refused(registry_api: RegistryApi) -> None:
    refused = await registry_api.client.post(
        "/v1/agencies", json=agency(kind="ministry_unit"), headers=registry_api.headers(**ADMIN)
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.province_code"


async def test_an_unknown_agency_is_404(registry_api: RegistryApi) -> None:
    missing = await registry_api.client.get("/v1/agencies/99", headers=registry_api.headers())
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
