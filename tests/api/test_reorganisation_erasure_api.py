"""Erasing a transferred member leaves nothing derivable in any agency they belonged to
(issue 15 with issue 12, item 6): the requests that carried their name were sent under the
keys of the agency they left, and the erasure, asked by the agency they are in now, forgets
those fingerprints too."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text

from shared.auth import Role
from tests.harness.registry_api import RegistryApi

ADMIN: tuple[Role, ...] = ("admin",)
NAME = "Nông Thị Thảo"
THAI_NGUYEN = {
    "agency_code": "SCT34-19",
    "name": "Sở Công Thương Thái Nguyên",
    "kind": "provincial_department",
    "province_code": "19",
    "established_on": "2025-07-01",
}


async def sent(api: RegistryApi, path: str, body: Any, agency: str, **h: str) -> httpx.Response:
    roles: tuple[Role, ...] = ADMIN if agency == "BCT" else ("officer",)
    response = await api.client.post(path, json=body, headers=api.headers(agency, roles, **h))
    assert response.status_code in (200, 201), response.text
    return response


async def fingerprint(api: RegistryApi, key: str) -> str:
    async with api.registry.engine.connect() as connection:
        query = text("select fingerprint from idempotency_keys where key = :key")
        return str(await connection.scalar(query, {"key": key}))


async def test_erasing_a_transferred_member_forgets_the_requests_of_their_former_agency(
    registry_api: RegistryApi,
) -> None:
    await sent(registry_api, "/v1/agencies", THAI_NGUYEN, "BCT")
    units = [
        (await sent(registry_api, "/v1/units", {"agency": a, "name": "Văn phòng Sở"}, a)).json()
        for a in ("06", "SCT34-19")
    ]
    person = {"agency": "06", "unit_id": units[0]["unit_id"], "position_group": "official"}
    person |= {"full_name": NAME}
    key = {"Idempotency-Key": "them-thao"}
    member_id = (await sent(registry_api, "/v1/members", person, "06", **key)).json()["member_id"]
    transfer = {"to_agency": "SCT34-19", "to_unit_id": units[1]["unit_id"], "on": "2026-01-15"}
    transfer |= {"legal_basis": "Quyết định 88/QĐ-UBND"}
    await sent(registry_api, f"/v1/members/{member_id}/transfer", transfer, "BCT")
    before = await fingerprint(registry_api, "them-thao")

    erased = await registry_api.client.delete(
        f"/v1/members/{member_id}/personal-data", headers=registry_api.headers("SCT34-19")
    )
    again = await registry_api.client.post(
        "/v1/members", json=person, headers=registry_api.headers("06", ("officer",), **key)
    )

    assert erased.status_code == 200, erased.text
    assert await fingerprint(registry_api, "them-thao") != before
    assert again.status_code == 422, again.text
    assert "erased" in again.json()["detail"]
