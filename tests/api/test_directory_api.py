"""Unit and member endpoints: success and failure paths."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.registry.readmodel import directory_queries
from services.registry.readmodel.directory_tables import member_profiles
from tests.harness.registry_api import RegistryApi


async def add_unit(
    api: RegistryApi, name: str, parent: str | None = None, agency: str = "06"
) -> str:
    body = {"agency": agency, "name": name, "parent_unit_id": parent}
    added = await api.client.post("/v1/units", json=body, headers=api.headers(agency))
    assert added.status_code == 201, added.text
    unit_id: str = added.json()["unit_id"]
    return unit_id


def member(unit_id: str, **changes: Any) -> dict[str, Any]:
    body = {
        "agency": "06",
        "unit_id": unit_id,
        "position_group": "official",
        "full_name": "Nông Thị Thảo",
        "birth_year": 1985,
        "gender": "female",
        "job_title": "Chuyên viên",
    }
    return body | changes


async def add_member(api: RegistryApi, unit_id: str, **changes: Any) -> str:
    added = await api.client.post(
        "/v1/members", json=member(unit_id, **changes), headers=api.headers()
    )
    assert added.status_code == 201, added.text
    member_id: str = added.json()["member_id"]
    return member_id


async def test_units_form_a_tree(registry_api: RegistryApi) -> None:
    office = await add_unit(registry_api, "Văn phòng Sở")
    industry = await add_unit(registry_api, "Phòng Quản lý công nghiệp")
    centre = await add_unit(registry_api, "Trung tâm Khuyến công", parent=industry)

    tree = await registry_api.client.get("/v1/agencies/06/tree", headers=registry_api.headers())
    children = await registry_api.client.get(
        "/v1/units",
        params={"agency": "06", "parent_unit_id": industry},
        headers=registry_api.headers(),
    )

    assert tree.status_code == 200
    assert tree.json() == {
        "agency": "06",
        "name": None,
        "units": [
            {
                "unit_id": industry,
                "name": "Phòng Quản lý công nghiệp",
                "children": [{"unit_id": centre, "name": "Trung tâm Khuyến công", "children": []}],
            },
            {"unit_id": office, "name": "Văn phòng Sở", "children": []},
        ],
    }
    assert [u["unit_id"] for u in children.json()["items"]] == [centre]


async def test_a_parent_of_another_agency_names_the_field(registry_api: RegistryApi) -> None:
    foreign = await add_unit(registry_api, "Văn phòng Sở Công Thương Hà Nội", agency="01")
    for parent in (foreign, "khong-co"):
        refused = await registry_api.client.post(
            "/v1/units",
            json={"agency": "06", "name": "Phòng Kế hoạch", "parent_unit_id": parent},
            headers=registry_api.headers(),
        )
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "body.parent_unit_id"


async def test_rename_with_if_match(registry_api: RegistryApi) -> None:
    unit = await add_unit(registry_api, "Phòng Kỹ thuật an toàn")
    url = f"/v1/units/{unit}"

    renamed = await registry_api.client.patch(
        url,
        json={"name": "Phòng Kỹ thuật an toàn – Môi trường"},
        headers=registry_api.headers(**{"If-Match": '"1"'}),
    )
    stale = await registry_api.client.patch(
        url, json={"name": "Phòng Kỹ thuật"}, headers=registry_api.headers(**{"If-Match": '"1"'})
    )
    read = await registry_api.client.get(url, headers=registry_api.headers())

    assert renamed.status_code == 200, renamed.text
    assert renamed.headers["ETag"] == '"2"'
    assert stale.status_code == 409
    assert stale.json()["current"] == {"version": 2}
    assert read.json()["name"] == "Phòng Kỹ thuật an toàn – Môi trường"


async def test_unit_failures(registry_api: RegistryApi) -> None:
    unit = await add_unit(registry_api, "Phòng Quản lý thương mại")

    missing = await registry_api.client.patch(
        "/v1/units/khong-co", json={"name": "X"}, headers=registry_api.headers()
    )
    foreign = await registry_api.client.patch(
        f"/v1/units/{unit}", json={"name": "X"}, headers=registry_api.headers("01")
    )
    blank = await registry_api.client.patch(
        f"/v1/units/{unit}", json={"name": "  "}, headers=registry_api.headers()
    )
    anonymous = await registry_api.client.get(f"/v1/units/{unit}")

    assert missing.status_code == 404
    assert foreign.status_code == 403
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["field"] == "body.name"
    assert anonymous.status_code == 401


async def test_member_keeps_personal_data_out_of_events(registry_api: RegistryApi) -> None:
    unit = await add_unit(registry_api, "Văn phòng Sở")
    member_id = await add_member(registry_api, unit)

    read = await registry_api.client.get(f"/v1/members/{member_id}", headers=registry_api.headers())
    events = await registry_api.registry.store.read_stream(f"member-{member_id}")

    assert read.json()["full_name"] == "Nông Thị Thảo"
    assert read.json()["erased"] is False
    assert [e.payload for e in events] == [
        {"member_id": member_id, "unit_id": unit, "position_group": "official"}
    ]


async def test_members_are_listed_by_unit(registry_api: RegistryApi) -> None:
    office = await add_unit(registry_api, "Văn phòng Sở")
    industry = await add_unit(registry_api, "Phòng Quản lý công nghiệp")
    await add_member(registry_api, office)
    other = await add_member(registry_api, industry, full_name="Hoàng Văn Bắc")

    listed = await registry_api.client.get(
        "/v1/members", params={"agency": "06", "unit_id": industry}, headers=registry_api.headers()
    )
    async with registry_api.registry.engine.connect() as connection:
        count = await directory_queries.count_members(connection, "06")

    assert listed.json()["total"] == 1
    assert listed.json()["items"][0]["member_id"] == other
    assert listed.json()["items"][0]["full_name"] == "Hoàng Văn Bắc"
    assert count == 2


async def test_a_member_needs_a_unit_of_the_agency(registry_api: RegistryApi) -> None:
    foreign = await add_unit(registry_api, "Văn phòng", agency="01")

    refused = await registry_api.client.post(
        "/v1/members", json=member(foreign), headers=registry_api.headers()
    )
    no_name = await registry_api.client.post(
        "/v1/members", json=member(foreign, full_name=""), headers=registry_api.headers()
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.unit_id"
    assert no_name.status_code == 422
    assert no_name.json()["errors"][0]["field"] == "body.full_name"


async def test_move_a_member(registry_api: RegistryApi) -> None:
    office = await add_unit(registry_api, "Văn phòng Sở")
    industry = await add_unit(registry_api, "Phòng Quản lý công nghiệp")
    member_id = await add_member(registry_api, office)
    url = f"/v1/members/{member_id}/move"

    moved = await registry_api.client.post(
        url,
        json={"to_unit_id": industry, "position_group": "leader"},
        headers=registry_api.headers(**{"If-Match": '"1"'}),
    )
    same = await registry_api.client.post(
        url, json={"to_unit_id": industry}, headers=registry_api.headers()
    )
    read = await registry_api.client.get(f"/v1/members/{member_id}", headers=registry_api.headers())

    assert moved.status_code == 200, moved.text
    assert same.status_code == 422
    assert same.json()["errors"][0]["field"] == "body.to_unit_id"
    assert (read.json()["unit_id"], read.json()["position_group"]) == (industry, "leader")


async def test_erasure_removes_personal_data_only(registry_api: RegistryApi) -> None:
    office = await add_unit(registry_api, "Văn phòng Sở")
    industry = await add_unit(registry_api, "Phòng Quản lý công nghiệp")
    member_id = await add_member(registry_api, office)
    url = f"/v1/members/{member_id}/personal-data"

    erased = await registry_api.client.delete(url, headers=registry_api.headers())
    again = await registry_api.client.delete(url, headers=registry_api.headers())
    moved = await registry_api.client.post(
        f"/v1/members/{member_id}/move",
        json={"to_unit_id": industry},
        headers=registry_api.headers(),
    )
    read = await registry_api.client.get(f"/v1/members/{member_id}", headers=registry_api.headers())
    async with registry_api.registry.engine.connect() as connection:
        profiles = (await connection.execute(select(member_profiles))).all()

    assert erased.status_code == 200, erased.text
    assert again.status_code == 409
    assert again.json()["current"] == {"current_state": "erased"}
    assert moved.status_code == 200
    assert read.json()["erased"] is True
    assert read.json()["full_name"] is None
    assert profiles == []


async def test_member_failures(registry_api: RegistryApi) -> None:
    unit = await add_unit(registry_api, "Văn phòng Sở")
    member_id = await add_member(registry_api, unit)

    missing = await registry_api.client.get("/v1/members/khong-co", headers=registry_api.headers())
    foreign_read = await registry_api.client.get(
        f"/v1/members/{member_id}", headers=registry_api.headers("01")
    )
    foreign_erase = await registry_api.client.delete(
        f"/v1/members/{member_id}/personal-data", headers=registry_api.headers("01")
    )
    analyst = await registry_api.client.get(
        "/v1/members", params={"agency": "06"}, headers=registry_api.headers("BCT", ("analyst",))
    )

    assert missing.status_code == 404
    assert foreign_read.status_code == 403
    assert foreign_erase.status_code == 403
    assert analyst.json()["total"] == 1
