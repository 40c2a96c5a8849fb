"""A merger of departments over the registry's API (issue 15): Bắc Giang's department (63-list
code 24) and Bắc Ninh's (27) merge into the new Bắc Ninh's (34-list code 24, ``SCT34-24``) on
2025-07-01. Units and members move with their ids; the predecessors cease on 2025-06-30 and
record nothing dated later, while their past stays correctable."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from shared.auth import Role
from shared.eventstore import RecordedEvent
from shared.vietnam_time import business_date
from tests.harness.event_store import count_events
from tests.harness.registry_api import RegistryApi

ADMIN: tuple[Role, ...] = ("admin",)
OFFICER: tuple[Role, ...] = ("officer",)
BASIS = "Nghị quyết 202/2025/QH15"
SUCCESSOR = "SCT34-24"
MERGER: dict[str, Any] = {
    "predecessor_codes": ["24", "27"],
    "on": "2025-07-01",
    "legal_basis": BASIS,
}
CEASED = (
    "Sở Công Thương Bắc Giang đã chấm dứt hoạt động từ ngày 01/07/2025; việc phát sinh từ "
    "ngày này do Sở Công Thương Bắc Ninh (mã SCT34-24) ghi nhận."
)
DEPARTMENTS = [
    {"agency_code": "24", "name": "Sở Công Thương Bắc Giang", "province_code": "24"}
    | {"established_on": "2008-08-01"},
    {"agency_code": "27", "name": "Sở Công Thương Bắc Ninh", "province_code": "27"}
    | {"established_on": "2008-08-01"},
    {"agency_code": SUCCESSOR, "name": "Sở Công Thương Bắc Ninh", "province_code": "24"}
    | {"established_on": "2025-07-01"},
    {"agency_code": "19", "name": "Sở Công Thương Thái Nguyên", "province_code": "19"}
    | {"province_list": "34"},
]


async def ok(response: Any) -> dict[str, Any]:
    answer = await response
    assert answer.status_code in (200, 201), answer.text
    body: dict[str, Any] = answer.json()
    return body


class BacNinh:
    """The registry with the departments registered and Bắc Giang's directory: a top unit
    with a sub-unit, a member in each, and one member of Bắc Ninh's (27)."""

    def __init__(self, api: RegistryApi) -> None:
        self.api = api
        self.units: dict[str, str] = {}
        self.members: dict[str, str] = {}

    async def post(self, path: str, body: Any, caller: str, **headers: str) -> httpx.Response:
        """``caller``: an officer of that agency, or ``"admin"`` (the ministry's admin)."""
        agency, roles = ("BCT", ADMIN) if caller == "admin" else (caller, OFFICER)
        return await self.api.client.post(
            path, json=body, headers=self.api.headers(agency, roles, **headers)
        )

    async def get(self, path: str, caller: str = SUCCESSOR, **params: Any) -> Any:
        headers = self.api.headers(caller, ("analyst",))
        return await ok(self.api.client.get(path, params=params, headers=headers))

    async def set_up(self) -> BacNinh:
        for body in DEPARTMENTS:
            await ok(self.post("/v1/agencies", body | {"kind": "provincial_department"}, "admin"))
        await self.unit("office", "24", "Văn phòng Sở")
        await self.unit("industry", "24", "Phòng Quản lý công nghiệp", parent=self.units["office"])
        await self.unit("bn-office", "27", "Văn phòng Sở")
        for name, unit, agency in (
            ("hoa", "office", "24"),
            ("nam", "industry", "24"),
            ("lan", "bn-office", "27"),
        ):
            await self.member(name, agency, self.units[unit])
        return self

    async def unit(self, name: str, agency: str, title: str, parent: str | None = None) -> None:
        body = {"agency": agency, "name": title, "parent_unit_id": parent, "added_on": "2016-01-01"}
        self.units[name] = (await ok(self.post("/v1/units", body, agency)))["unit_id"]

    async def member(self, name: str, agency: str, unit_id: str) -> None:
        body = {"agency": agency, "unit_id": unit_id, "position_group": "official"}
        body |= {"full_name": f"Nguyễn Thị {name.title()}", "added_on": "2016-01-01"}
        self.members[name] = (await ok(self.post("/v1/members", body, agency)))["member_id"]

    async def merge(self, **headers: str) -> httpx.Response:
        return await self.post(f"/v1/agencies/{SUCCESSOR}/merger", MERGER, "admin", **headers)

    async def rate(
        self, agency: str, name: str, year: int, rating: str, **h: str
    ) -> httpx.Response:
        body = {"agency": agency, "member_id": self.members[name], "year": year, "rating": rating}
        return await self.post("/v1/ratings", body, agency, **h)

    async def stream(self, stream_id: str) -> list[RecordedEvent]:
        return await self.api.registry.store.read_stream(stream_id)


@pytest.fixture
async def bac_ninh(registry_api: RegistryApi) -> BacNinh:
    return await BacNinh(registry_api).set_up()


async def test_a_merger_moves_units_and_members_with_their_ids(bac_ninh: BacNinh) -> None:
    merged = await bac_ninh.merge()

    assert merged.status_code == 201, merged.text
    body = merged.json()
    assert (body["agency_code"], body["units_transferred"], body["members_transferred"]) == (
        SUCCESSOR,
        3,
        3,
    )
    assert merged.headers["Location"] == f"/v1/agencies/{SUCCESSOR}"
    units = await bac_ninh.get("/v1/units", agency=SUCCESSOR)
    assert sorted(u["unit_id"] for u in units["items"]) == sorted(bac_ninh.units.values())
    assert (await bac_ninh.get("/v1/units", caller="24", agency="24"))["total"] == 0
    listed = await bac_ninh.get("/v1/members", agency=SUCCESSOR)
    assert sorted(m["member_id"] for m in listed["items"]) == sorted(bac_ninh.members.values())
    tree = await bac_ninh.get(f"/v1/agencies/{SUCCESSOR}/tree")
    office = next(node for node in tree["units"] if node["unit_id"] == bac_ninh.units["office"])
    assert [child["unit_id"] for child in office["children"]] == [bac_ninh.units["industry"]]


async def test_a_transferred_member_shows_where_they_came_from(bac_ninh: BacNinh) -> None:
    await ok(bac_ninh.merge())

    nam = await bac_ninh.get(f"/v1/members/{bac_ninh.members['nam']}")

    industry = bac_ninh.units["industry"]
    assert (nam["agency"], nam["unit_id"], nam["full_name"]) == (
        SUCCESSOR,
        industry,
        "Nguyễn Thị Nam",
    )
    assert nam["transfers"] == [
        {
            "from_agency": "24",
            "to_agency": SUCCESSOR,
            "from_unit_id": industry,
            "to_unit_id": industry,
            "on": "2025-07-01",
            "legal_basis": BASIS,
        }
    ]


async def test_the_agencies_show_their_lineage(bac_ninh: BacNinh) -> None:
    await ok(bac_ninh.merge())

    bac_giang = await bac_ninh.get("/v1/agencies/24")
    successor = await bac_ninh.get(f"/v1/agencies/{SUCCESSOR}")

    assert (bac_giang["ceased_on"], bac_giang["successor_code"]) == ("2025-06-30", SUCCESSOR)
    assert (bac_giang["province_code"], bac_giang["province_list"]) == ("24", "63")
    assert successor["predecessor_codes"] == ["24", "27"]
    assert (successor["established_on"], successor["ceased_on"]) == ("2025-07-01", None)
    assert (successor["province_code"], successor["province_name"]) == ("24", "Bắc Ninh")


async def test_the_merger_records_its_events_in_each_agency_s_name(bac_ninh: BacNinh) -> None:
    await ok(bac_ninh.merge())

    [*_, bac_giang_ceased] = await bac_ninh.stream("agency-24")
    [*_, bac_ninh_ceased] = await bac_ninh.stream("agency-27")
    [_, merged] = await bac_ninh.stream(f"agency-{SUCCESSOR}")
    [_, unit_moved] = await bac_ninh.stream(f"unit-{bac_ninh.units['industry']}")
    [_, member_moved] = await bac_ninh.stream(f"member-{bac_ninh.members['hoa']}")

    for event, type_, agency, day in (
        (bac_giang_ceased, "AgencyCeased", "24", date(2025, 6, 30)),
        (bac_ninh_ceased, "AgencyCeased", "27", date(2025, 6, 30)),
        (merged, "AgencyMerged", SUCCESSOR, date(2025, 7, 1)),
        (unit_moved, "UnitTransferred", SUCCESSOR, date(2025, 7, 1)),
        (member_moved, "MemberTransferred", SUCCESSOR, date(2025, 7, 1)),
    ):
        assert (event.event_type, event.agency, business_date(event.occurred_at)) == (
            type_,
            agency,
            day,
        )
    assert bac_giang_ceased.payload["successor_code"] == SUCCESSOR
    assert merged.payload["predecessor_codes"] == ["24", "27"]
    assert unit_moved.payload["parent_unit_id"] == bac_ninh.units["office"]
    office = bac_ninh.units["office"]
    assert (member_moved.payload["from_unit_id"], member_moved.payload["to_unit_id"]) == (
        office,
        office,
    )
    assert len({e.correlation_id for e in (bac_giang_ceased, merged, member_moved)}) == 1


async def test_a_ceased_department_records_nothing_after_its_end_but_corrects_its_past(
    bac_ninh: BacNinh,
) -> None:
    """The acceptance case: Hoa's CSTĐCS years run on at the successor."""
    for year in (2023, 2024):
        await ok(bac_ninh.rate("24", "hoa", year, "HTTNV"))
    await ok(bac_ninh.merge())

    refused = await bac_ninh.rate("24", "hoa", 2026, "HTXSNV")
    corrected = await bac_ninh.rate("24", "hoa", 2024, "HTXSNV", **{"If-Match": '"1"'})
    by_successor = await bac_ninh.rate(SUCCESSOR, "hoa", 2025, "HTXSNV")
    past_by_successor = await bac_ninh.rate(SUCCESSOR, "hoa", 2022, "HTTNV")

    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["detail"] == CEASED
    assert refused.json()["current"] == {
        "current_state": "ceased",
        "ceased_on": "2025-06-30",
        "successor_code": SUCCESSOR,
    }
    assert corrected.status_code == 200, corrected.text
    assert by_successor.status_code == 201, by_successor.text
    assert past_by_successor.status_code == 422  # 2022 was Bắc Giang's year
    assert past_by_successor.json()["errors"][0]["field"] == "body.member_id"


async def test_a_transferred_unit_is_rated_by_its_agency_of_the_year(bac_ninh: BacNinh) -> None:
    await ok(bac_ninh.merge())
    office = bac_ninh.units["office"]

    def rating(agency: str, year: int) -> dict[str, Any]:
        return {"agency": agency, "unit_id": office, "year": year, "rating": "HTXSNV"}

    answers = [
        (await bac_ninh.post("/v1/ratings/units", rating(agency, year), agency)).status_code
        for agency, year in (("24", 2024), (SUCCESSOR, 2025), (SUCCESSOR, 2024))
    ]

    assert answers == [201, 201, 422]


async def test_the_predecessor_s_past_stays_its_own(bac_ninh: BacNinh) -> None:
    """After the merger Bắc Giang still records what happened before its end (a registration,
    an initiative, a discipline hold), and its successor only what happened from its start."""
    await ok(bac_ninh.merge())
    hoa = bac_ninh.members["hoa"]

    def registration(agency: str, submitted_on: str) -> dict[str, Any]:
        return {"agency": agency, "registrant_kind": "member", "registrant_id": hoa} | {
            "year": int(submitted_on[:4]),
            "award_codes": ["LDTT"],
            "submitted_on": submitted_on,
        }

    initiative: dict[str, Any] = {"agency": "24", "title": "Số hóa", "author_ids": [hoa]}
    initiative |= {"year": 2024}
    hold = {"agency": "24", "subject_kind": "member", "subject_id": hoa, "from_date": "2025-05-01"}
    answers = [
        (await bac_ninh.post(path, body, body["agency"])).status_code
        for path, body in (
            ("/v1/registrations", registration("24", "2024-01-10")),
            ("/v1/registrations", registration(SUCCESSOR, "2025-03-01")),
            ("/v1/registrations", registration(SUCCESSOR, "2025-07-10")),
            ("/v1/initiatives", initiative),
            ("/v1/initiatives", initiative | {"agency": SUCCESSOR}),
            ("/v1/discipline-holds", hold),
            ("/v1/discipline-holds", hold | {"agency": SUCCESSOR}),
        )
    ]

    assert answers == [201, 422, 201, 201, 422, 201, 422]


async def test_the_ceased_department_s_directory_commands_are_refused(bac_ninh: BacNinh) -> None:
    await ok(bac_ninh.merge())

    added = await bac_ninh.post("/v1/units", {"agency": "24", "name": "Phòng mới"}, "24")
    moved = await bac_ninh.post(
        f"/v1/members/{bac_ninh.members['lan']}/move",
        {"to_unit_id": bac_ninh.units["office"]},
        "27",
    )

    assert added.status_code == 409, added.text
    assert added.json()["current"]["successor_code"] == SUCCESSOR
    assert moved.status_code == 403  # Lan is the successor's now


async def test_bulk_registrations_of_a_ceased_department_are_refused(bac_ninh: BacNinh) -> None:
    await ok(bac_ninh.merge())
    hoa = bac_ninh.members["hoa"]
    item = {"agency": "24", "registrant_kind": "member", "registrant_id": hoa, "year": 2026}
    item |= {"award_codes": ["LDTT"]}
    content = f"Loại,Mã đối tượng,Năm,Danh hiệu đăng ký\nCá nhân,{hoa},2026,LĐTT\n"
    events = await count_events(bac_ninh.api.registry.engine)

    batch = await bac_ninh.post("/v1/registrations/batch", [item], "24")
    imported = await bac_ninh.api.client.post(
        "/v1/registrations/import",
        data={"agency": "24"},
        files={"file": ("dang_ky_2026.csv", content.encode(), "text/csv")},
        headers=bac_ninh.api.headers("24"),
    )

    for refused in (batch, imported):
        assert refused.status_code == 409, refused.text
        assert refused.json()["detail"] == CEASED
    assert await count_events(bac_ninh.api.registry.engine) == events


async def test_a_repeated_merger_answers_the_first_outcome(bac_ninh: BacNinh) -> None:
    first = await bac_ninh.merge(**{"Idempotency-Key": "hop-nhat-bac-ninh"})
    events = await count_events(bac_ninh.api.registry.engine)
    again = await bac_ninh.merge(**{"Idempotency-Key": "hop-nhat-bac-ninh"})

    assert (first.status_code, again.status_code) == (201, 201), again.text
    assert again.json() == first.json()
    assert await count_events(bac_ninh.api.registry.engine) == events


@pytest.mark.parametrize(
    ("merger", "status", "field"),
    [
        (MERGER | {"predecessor_codes": ["24", "99"]}, 404, None),
        (MERGER | {"predecessor_codes": ["24", SUCCESSOR]}, 422, "body.predecessor_codes"),
        (MERGER | {"predecessor_codes": ["24", "19"]}, 422, "body.predecessor_codes"),
        (MERGER | {"on": "2025-08-01"}, 422, "body.on"),
        (MERGER | {"predecessor_codes": []}, 422, "body.predecessor_codes"),
    ],
    ids=["unknown", "successor among them", "other province", "not founding day", "none"],
)
async def test_a_refused_merger_writes_nothing(
    bac_ninh: BacNinh, merger: dict[str, Any], status: int, field: str | None
) -> None:
    events = await count_events(bac_ninh.api.registry.engine)

    refused = await bac_ninh.post(f"/v1/agencies/{SUCCESSOR}/merger", merger, "admin")

    assert refused.status_code == status, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    if field is not None:
        assert refused.json()["errors"][0]["field"] == field
    assert await count_events(bac_ninh.api.registry.engine) == events
    assert (await bac_ninh.get("/v1/agencies/24"))["ceased_on"] is None


async def test_a_predecessor_ceases_once(bac_ninh: BacNinh) -> None:
    await ok(bac_ninh.merge())
    again_successor = DEPARTMENTS[2] | {"agency_code": "SCT34-X", "kind": "provincial_department"}
    await ok(bac_ninh.post("/v1/agencies", again_successor, "admin"))

    again = await bac_ninh.post("/v1/agencies/SCT34-X/merger", MERGER, "admin")

    assert again.status_code == 409, again.text
    assert again.json()["current"]["current_state"] == "ceased"


async def test_only_admins_merge(bac_ninh: BacNinh) -> None:
    for agency in (SUCCESSOR, "24"):
        refused = await bac_ninh.post(f"/v1/agencies/{SUCCESSOR}/merger", MERGER, agency)
        assert refused.status_code == 403
