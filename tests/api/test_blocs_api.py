"""Bloc and pact endpoints: success and failure paths."""

from __future__ import annotations

from typing import Any

from tests.harness.registry_api import RegistryApi

ADMIN = {"agency": "BCT", "roles": ("admin",)}


async def add_unit(api: RegistryApi, name: str, agency: str = "06") -> str:
    body = {"agency": agency, "name": name}
    added = await api.client.post("/v1/units", json=body, headers=api.headers(agency))
    assert added.status_code == 201, added.text
    unit_id: str = added.json()["unit_id"]
    return unit_id


async def units(api: RegistryApi) -> list[str]:
    names = ("Văn phòng Sở", "Phòng Quản lý công nghiệp", "Phòng Quản lý thương mại")
    return [await add_unit(api, name) for name in names]


def bloc(member_ids: list[str], **changes: Any) -> dict[str, Any]:
    body = {
        "agency": "06",
        "name": "Cụm thi đua các phòng chuyên môn",
        "kind": "units",
        "member_ids": member_ids,
    }
    return body | changes


async def form(api: RegistryApi, member_ids: list[str]) -> str:
    formed = await api.client.post("/v1/blocs", json=bloc(member_ids), headers=api.headers())
    assert formed.status_code == 201, formed.text
    bloc_id: str = formed.json()["bloc_id"]
    return bloc_id


async def test_form_a_bloc_and_sign_pacts(registry_api: RegistryApi) -> None:
    members = await units(registry_api)
    bloc_id = await form(registry_api, members)

    for year in (2018, 2019):
        signed = await registry_api.client.post(
            f"/v1/blocs/{bloc_id}/pacts",
            json={"year": year, "signatory_ids": members},
            headers=registry_api.headers(),
        )
        assert signed.status_code == 201, signed.text
    read = await registry_api.client.get(f"/v1/blocs/{bloc_id}", headers=registry_api.headers())
    pacts = await registry_api.client.get(
        "/v1/pacts", params={"agency": "06", "year": 2019}, headers=registry_api.headers()
    )
    listed = await registry_api.client.get(
        "/v1/blocs", params={"agency": "06"}, headers=registry_api.headers()
    )

    assert read.json()["member_ids"] == members
    assert [p["year"] for p in read.json()["pacts"]] == [2018, 2019]
    assert read.headers["ETag"] == '"3"'
    assert pacts.json()["total"] == 1
    assert pacts.json()["items"][0]["signatory_ids"] == members
    assert listed.json()["items"][0]["bloc_id"] == bloc_id


async def test_a_second_pact_for_the_year_is_a_conflict(registry_api: RegistryApi) -> None:
    members = await units(registry_api)
    bloc_id = await form(registry_api, members)
    pact = {"year": 2020, "signatory_ids": members}
    url = f"/v1/blocs/{bloc_id}/pacts"

    first = await registry_api.client.post(url, json=pact, headers=registry_api.headers())
    second = await registry_api.client.post(url, json=pact, headers=registry_api.headers())

    assert second.status_code == 409
    assert second.json()["current"] == {
        "current_state": "signed",
        "year": 2020,
        "pact_id": first.json()["pact_id"],
    }


async def test_signatories_must_be_members(registry_api: RegistryApi) -> None:
    members = await units(registry_api)
    bloc_id = await form(registry_api, members[:2])

    refused = await registry_api.client.post(
        f"/v1/blocs/{bloc_id}/pacts",
        json={"year": 2020, "signatory_ids": members},
        headers=registry_api.headers(),
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.signatory_ids"


async def test_unit_members_must_be_units_of_the_agency(registry_api: RegistryApi) -> None:
    members = await units(registry_api)
    foreign = await add_unit(registry_api, "Văn phòng Sở Công Thương Hà Nội", agency="01")

    refused = await registry_api.client.post(
        "/v1/blocs", json=bloc([*members, foreign]), headers=registry_api.headers()
    )
    too_few = await registry_api.client.post(
        "/v1/blocs", json=bloc(members[:1]), headers=registry_api.headers()
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.member_ids"
    assert foreign in refused.json()["detail"]
    assert too_few.status_code == 422


async def test_agency_members_must_be_registered(registry_api: RegistryApi) -> None:
    for code, name in (("06", "Sở Công Thương Bắc Kạn"), ("20", "Sở Công Thương Lạng Sơn")):
        registered = await registry_api.client.post(
            "/v1/agencies",
            json={
                "agency_code": code,
                "name": name,
                "kind": "provincial_department",
                "province_code": code,
                "province_list": "63",
            },
            headers=registry_api.headers(**ADMIN),
        )
        assert registered.status_code == 201, registered.text
    agencies_bloc = bloc(["06", "20"], kind="agencies", name="Khối thi đua các Sở miền núi")

    formed = await registry_api.client.post(
        "/v1/blocs", json=agencies_bloc, headers=registry_api.headers()
    )
    refused = await registry_api.client.post(
        "/v1/blocs",
        json=agencies_bloc | {"member_ids": ["06", "99"]},
        headers=registry_api.headers(),
    )

    assert formed.status_code == 201, formed.text
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.member_ids"


async def test_a_provinces_bloc_with_other_sectors_departments(registry_api: RegistryApi) -> None:
    """Seed 003: Sở Công Thương Bắc Kạn signs its pact in the province's Khối thi đua Kinh tế –
    Kỹ thuật, whose other members are departments of other sectors."""
    registered = await registry_api.client.post(
        "/v1/agencies",
        json={"agency_code": "06", "name": "Sở Công Thương Bắc Kạn"}
        | {"kind": "provincial_department", "province_code": "06", "province_list": "63"},
        headers=registry_api.headers(**ADMIN),
    )
    assert registered.status_code == 201, registered.text
    outside = ["Sở Xây dựng Bắc Kạn", "Sở Giao thông vận tải Bắc Kạn"]
    body = bloc(["06"], kind="agencies", name="Khối thi đua Kinh tế – Kỹ thuật")

    formed = await registry_api.client.post(
        "/v1/blocs", json=body | {"outside_members": outside}, headers=registry_api.headers()
    )
    alone = await registry_api.client.post("/v1/blocs", json=body, headers=registry_api.headers())

    assert formed.status_code == 201, formed.text
    bloc_id = formed.json()["bloc_id"]
    pact = await registry_api.client.post(
        f"/v1/blocs/{bloc_id}/pacts",
        json={"year": 2020, "signatory_ids": ["06"]},
        headers=registry_api.headers(),
    )
    assert pact.status_code == 201, pact.text
    read = await registry_api.client.get(f"/v1/blocs/{bloc_id}", headers=registry_api.headers())
    assert read.json()["outside_members"] == outside
    assert [p["year"] for p in read.json()["pacts"]] == [2020]
    assert alone.status_code == 422
    assert alone.json()["errors"][0]["field"] == "body.member_ids"


async def test_bloc_failures(registry_api: RegistryApi) -> None:
    members = await units(registry_api)
    bloc_id = await form(registry_api, members)

    missing = await registry_api.client.post(
        "/v1/blocs/khong-co/pacts",
        json={"year": 2020, "signatory_ids": members},
        headers=registry_api.headers(),
    )
    missing_read = await registry_api.client.get(
        "/v1/blocs/khong-co", headers=registry_api.headers()
    )
    foreign = await registry_api.client.post(
        f"/v1/blocs/{bloc_id}/pacts",
        json={"year": 2020, "signatory_ids": members},
        headers=registry_api.headers("01"),
    )
    foreign_form = await registry_api.client.post(
        "/v1/blocs", json=bloc(members), headers=registry_api.headers("01")
    )
    anonymous = await registry_api.client.get("/v1/pacts", params={"agency": "06"})

    assert missing.status_code == missing_read.status_code == 404
    assert foreign.status_code == foreign_form.status_code == 403
    assert anonymous.status_code == 401
