"""An agency's life over the registry's API (issue 15): Hà Nội's department continues as one
agency across the 2025 reorganisation; a department ceases without a successor; a civil
servant is transferred to another province's department with their id."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from shared.auth import Role
from shared.vietnam_time import business_date
from tests.harness.event_store import count_events
from tests.harness.registry_api import RegistryApi

ADMIN: tuple[Role, ...] = ("admin",)
OFFICER: tuple[Role, ...] = ("officer",)
BASIS = "Nghị quyết 202/2025/QH15"
CONTINUATION: dict[str, Any] = {
    "on": "2025-07-01",
    "province_code": "01",
    "province_list": "34",
    "legal_basis": BASIS,
}
HA_NOI = {"agency_code": "01", "name": "Sở Công Thương Hà Nội", "province_code": "01"}
BAC_KAN = {"agency_code": "06", "name": "Sở Công Thương Bắc Kạn", "province_code": "06"}
THAI_NGUYEN = {"agency_code": "SCT34-19", "name": "Sở Công Thương Thái Nguyên"}
THAI_NGUYEN |= {"province_code": "19", "established_on": "2025-07-01"}


async def post(api: RegistryApi, path: str, body: Any, caller: str, **h: str) -> httpx.Response:
    """As an officer of ``caller``, or as the ministry's admin (``"admin"``)."""
    agency, roles = ("BCT", ADMIN) if caller == "admin" else (caller, OFFICER)
    return await api.client.post(path, json=body, headers=api.headers(agency, roles, **h))


async def ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


async def register(api: RegistryApi, body: dict[str, Any]) -> None:
    department = body | {"kind": "provincial_department"}
    department.setdefault("established_on", "2008-08-01")
    await ok(await post(api, "/v1/agencies", department, "admin"))


async def agency(api: RegistryApi, code: str) -> dict[str, Any]:
    return await ok(await api.client.get(f"/v1/agencies/{code}", headers=api.headers(code)))


async def a_member(api: RegistryApi, agency_code: str) -> tuple[str, str]:
    """A unit of the agency and a member in it, both from 2016."""
    unit = {"agency": agency_code, "name": "Văn phòng Sở", "added_on": "2016-01-01"}
    unit_id = (await ok(await post(api, "/v1/units", unit, agency_code)))["unit_id"]
    person = {"agency": agency_code, "unit_id": unit_id, "position_group": "official"}
    person |= {"full_name": "Trần Văn Minh", "added_on": "2016-01-01"}
    member = await ok(await post(api, "/v1/members", person, agency_code))
    return unit_id, member["member_id"]


# Continuation.


async def test_ha_noi_continues_as_one_agency_on_the_34_list(registry_api: RegistryApi) -> None:
    await register(registry_api, HA_NOI)
    before = await agency(registry_api, "01")

    continued = await post(registry_api, "/v1/agencies/01/continuation", CONTINUATION, "admin")

    assert continued.status_code == 201, continued.text
    assert (continued.json()["agency_code"], continued.json()["version"]) == ("01", 2)
    after = await agency(registry_api, "01")
    assert (before["province_code"], before["province_list"]) == ("01", "63")
    assert {k: after[k] for k in ("province_code", "province_list", "province_name")} == {
        "province_code": "01",
        "province_list": "34",
        "province_name": "Hà Nội",
    }
    assert (after["ceased_on"], after["successor_code"], after["version"]) == (None, None, 2)
    on_34 = await registry_api.client.get(
        "/v1/agencies", params={"province_list": "34"}, headers=registry_api.headers()
    )
    assert [a["agency_code"] for a in on_34.json()["items"]] == ["01"]
    [_, event] = await registry_api.registry.store.read_stream("agency-01")
    assert (event.event_type, event.agency, str(business_date(event.occurred_at))) == (
        "AgencyContinued",
        "01",
        "2025-07-01",
    )
    assert event.payload["legal_basis"] == BASIS


async def test_the_same_agency_keeps_recording_after_its_continuation(
    registry_api: RegistryApi,
) -> None:
    await register(registry_api, HA_NOI)
    _, member_id = await a_member(registry_api, "01")
    await ok(await post(registry_api, "/v1/agencies/01/continuation", CONTINUATION, "admin"))

    rating = {"agency": "01", "member_id": member_id, "year": 2026, "rating": "HTXSNV"}
    recorded = await post(registry_api, "/v1/ratings", rating, "01")

    assert recorded.status_code == 201, recorded.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (CONTINUATION | {"province_list": "63"}, "body.province_list"),
        (CONTINUATION | {"on": "2025-06-01"}, "body.province_list"),
        (CONTINUATION | {"province_code": "24"}, "body.province_code"),
    ],
    ids=["63 list", "before the 34 list", "another province"],
)
async def test_a_continuation_names_its_province_on_the_list_in_force(
    registry_api: RegistryApi, body: dict[str, Any], field: str
) -> None:
    await register(registry_api, HA_NOI)

    refused = await post(registry_api, "/v1/agencies/01/continuation", body, "admin")

    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == field
    assert (await agency(registry_api, "01"))["province_list"] == "63"


async def test_a_department_continues_once_and_only_admins_record_it(
    registry_api: RegistryApi,
) -> None:
    await register(registry_api, HA_NOI)
    path = "/v1/agencies/01/continuation"

    officer = await post(registry_api, path, CONTINUATION, "01")
    unknown = await post(registry_api, "/v1/agencies/99/continuation", CONTINUATION, "admin")
    await ok(await post(registry_api, path, CONTINUATION, "admin"))
    again = await post(registry_api, path, CONTINUATION, "admin")

    assert (officer.status_code, unknown.status_code, again.status_code) == (403, 404, 409)
    assert again.json()["current"] == {"current_state": "continued", "continued_on": "2025-07-01"}


# Cessation.


async def test_a_ceased_department_refuses_new_work_but_erases_personal_data(
    registry_api: RegistryApi,
) -> None:
    await register(registry_api, BAC_KAN)
    _, member_id = await a_member(registry_api, "06")
    cessation = {"ceased_on": "2025-06-30", "legal_basis": "Quyết định 759/QĐ-TTg"}

    ceased = await post(registry_api, "/v1/agencies/06/cessation", cessation, "admin")
    unit = await post(registry_api, "/v1/units", {"agency": "06", "name": "Phòng mới"}, "06")
    erased = await registry_api.client.delete(
        f"/v1/members/{member_id}/personal-data", headers=registry_api.headers("06")
    )
    again = await post(registry_api, "/v1/agencies/06/cessation", cessation, "admin")

    assert ceased.status_code == 201, ceased.text
    assert (await agency(registry_api, "06"))["ceased_on"] == "2025-06-30"
    assert unit.status_code == 409
    assert unit.json()["detail"] == (
        "Sở Công Thương Bắc Kạn đã chấm dứt hoạt động từ ngày 01/07/2025; "
        "không ghi nhận việc phát sinh sau ngày 30/06/2025."
    )
    assert erased.status_code == 200, erased.text
    assert again.status_code == 409
    assert again.json()["current"]["current_state"] == "ceased"


# Transfers.


async def test_a_civil_servant_moves_to_another_province_with_their_history(
    registry_api: RegistryApi,
) -> None:
    for department in (HA_NOI, THAI_NGUYEN):
        await register(registry_api, department)
    from_unit, member_id = await a_member(registry_api, "01")
    to_unit, _ = await a_member(registry_api, "SCT34-19")
    rating = {"agency": "01", "member_id": member_id, "year": 2025, "rating": "HTXSNV"}
    transfer = {"to_agency": "SCT34-19", "to_unit_id": to_unit, "on": "2026-03-01"}
    transfer |= {"position_group": "leader", "legal_basis": "Quyết định 88/QĐ-UBND"}

    moved = await post(registry_api, f"/v1/members/{member_id}/transfer", transfer, "admin")

    assert moved.status_code == 201, moved.text
    assert moved.headers["Location"] == f"/v1/members/{member_id}"
    read = await registry_api.client.get(
        f"/v1/members/{member_id}", headers=registry_api.headers("SCT34-19")
    )
    member = read.json()
    assert (member["agency"], member["unit_id"], member["position_group"]) == (
        "SCT34-19",
        to_unit,
        "leader",
    )
    assert member["transfers"] == [
        {
            "from_agency": "01",
            "to_agency": "SCT34-19",
            "from_unit_id": from_unit,
            "to_unit_id": to_unit,
            "on": "2026-03-01",
            "legal_basis": "Quyết định 88/QĐ-UBND",
        }
    ]
    [*_, event] = await registry_api.registry.store.read_stream(f"member-{member_id}")
    assert (event.event_type, event.agency) == ("MemberTransferred", "SCT34-19")
    old = await registry_api.client.get(
        "/v1/members", params={"agency": "01"}, headers=registry_api.headers("01")
    )
    assert old.json()["total"] == 0
    # Hà Nội still rates the year the member spent there, and no longer the years after it.
    assert (await post(registry_api, "/v1/ratings", rating, "01")).status_code == 201
    later = await post(registry_api, "/v1/ratings", rating | {"year": 2026}, "01")
    assert later.status_code == 422
    move = await post(
        registry_api, f"/v1/members/{member_id}/move", {"to_unit_id": from_unit}, "01"
    )
    assert move.status_code == 403


REFUSED_TRANSFERS: dict[str, tuple[dict[str, str], int, str | None]] = {
    # change to the transfer ("own": the member's own unit), status, field named
    "within its agency": ({"to_agency": "01", "to_unit_id": "own"}, 422, "body.to_agency"),
    "unit of another agency": ({"to_unit_id": "own"}, 422, "body.to_unit_id"),
    "unknown agency": ({"to_agency": "99"}, 404, None),
    "unknown member": ({"member_id": "nobody"}, 404, None),
}


@pytest.mark.parametrize("case", sorted(REFUSED_TRANSFERS))
async def test_a_refused_transfer_writes_nothing(registry_api: RegistryApi, case: str) -> None:
    change, status, field = REFUSED_TRANSFERS[case]
    for department in (HA_NOI, THAI_NGUYEN):
        await register(registry_api, department)
    own_unit, member_id = await a_member(registry_api, "01")
    to_unit, _ = await a_member(registry_api, "SCT34-19")
    transfer = {"to_agency": "SCT34-19", "to_unit_id": to_unit, "on": "2026-03-01"}
    transfer |= {"legal_basis": "Quyết định 88/QĐ-UBND"}
    transfer |= {k: own_unit if v == "own" else v for k, v in change.items()}
    path = f"/v1/members/{transfer.pop('member_id', member_id)}/transfer"
    events = await count_events(registry_api.registry.engine)

    refused = await post(registry_api, path, transfer, "admin")

    assert refused.status_code == status, refused.text
    if field is not None:
        assert refused.json()["errors"][0]["field"] == field
    assert await count_events(registry_api.registry.engine) == events


async def test_only_admins_transfer(registry_api: RegistryApi) -> None:
    for department in (HA_NOI, THAI_NGUYEN):
        await register(registry_api, department)
    _, member_id = await a_member(registry_api, "01")
    to_unit, _ = await a_member(registry_api, "SCT34-19")
    transfer = {"to_agency": "SCT34-19", "to_unit_id": to_unit, "on": "2026-03-01"}
    transfer |= {"legal_basis": "Quyết định 88/QĐ-UBND"}

    for caller in ("01", "SCT34-19"):
        refused = await post(registry_api, f"/v1/members/{member_id}/transfer", transfer, caller)
        assert refused.status_code == 403
