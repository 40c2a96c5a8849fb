"""A successor takes over its predecessors' open work (issue 15): after Bắc Giang's department
(63-list code 24) merged into the new Bắc Ninh's (``SCT34-24``) on 2025-07-01, the successor
approves, returns and resubmits the registrations Bắc Giang received, reviews and closes its
campaign, recognises its initiative and lifts its hold, in its own name. The records stay Bắc
Giang's (in the registry and in reporting's statistics, counted once); an unrelated agency, the
ceased predecessor and the successor before its first day are refused as before."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select

from shared.auth import Role
from shared.eventstore import RecordedEvent
from shared.eventstore.tables import events
from tests.harness.registry_api import RegistryApi
from tests.harness.reporting_api import ReportingApi

SUCCESSOR, BAC_GIANG, BAC_NINH, THAI_NGUYEN = "SCT34-24", "24", "27", "19"
OFFICER: tuple[Role, ...] = ("officer",)
DEPARTMENTS = [
    {"agency_code": BAC_GIANG, "name": "Sở Công Thương Bắc Giang", "province_code": "24"}
    | {"established_on": "2008-08-01"},
    {"agency_code": BAC_NINH, "name": "Sở Công Thương Bắc Ninh", "province_code": "27"}
    | {"established_on": "2008-08-01"},
    {"agency_code": SUCCESSOR, "name": "Sở Công Thương Bắc Ninh", "province_code": "24"}
    | {"established_on": "2025-07-01"},
    {"agency_code": THAI_NGUYEN, "name": "Sở Công Thương Thái Nguyên", "province_code": "19"}
    | {"province_list": "34"},
]
MERGER = {
    "predecessor_codes": [BAC_GIANG, BAC_NINH],
    "on": "2025-07-01",
    "legal_basis": "Nghị quyết 202/2025/QH15",
}


async def ok(response: Any) -> dict[str, Any]:
    answer = await response
    assert answer.status_code in (200, 201), answer.text
    body: dict[str, Any] = answer.json()
    return body


class TakenOver:
    """Bắc Giang's open work of 2025, left when it merged: two submitted registrations, a
    running campaign, an initiative not yet recognised and a hold not yet lifted."""

    def __init__(self, api: RegistryApi) -> None:
        self.api = api
        self.ids: dict[str, str] = {}

    async def post(self, path: str, body: Any, caller: str) -> httpx.Response:
        """``caller``: an officer of that agency, or ``"admin"`` (the ministry's admin)."""
        agency, roles = ("BCT", ("admin",)) if caller == "admin" else (caller, OFFICER)
        headers = self.api.headers(agency, roles)
        return await self.api.client.post(path, json=body, headers=headers)

    async def get(self, path: str, caller: str, **params: Any) -> httpx.Response:
        headers = self.api.headers(caller, OFFICER)
        return await self.api.client.get(path, params=params, headers=headers)

    async def set_up(self) -> TakenOver:
        for body in DEPARTMENTS:
            agency = body | {"kind": "provincial_department"}
            await ok(self.post("/v1/agencies", agency, "admin"))
        unit = {"agency": BAC_GIANG, "name": "Văn phòng Sở", "added_on": "2016-01-01"}
        self.ids["unit"] = (await ok(self.post("/v1/units", unit, BAC_GIANG)))["unit_id"]
        for name in ("hoa", "nam"):
            member = {"agency": BAC_GIANG, "unit_id": self.ids["unit"], "added_on": "2016-01-01"}
            member |= {"position_group": "official", "full_name": f"Nguyễn Thị {name.title()}"}
            self.ids[name] = (await ok(self.post("/v1/members", member, BAC_GIANG)))["member_id"]
        await self._open_work()
        await ok(self.post(f"/v1/agencies/{SUCCESSOR}/merger", MERGER, "admin"))
        return self

    async def _open_work(self) -> None:
        for name in ("hoa", "nam"):
            registration = {"agency": BAC_GIANG, "registrant_kind": "member", "year": 2025}
            registration |= {"registrant_id": self.ids[name], "award_codes": ["CSTDCS"]}
            registration |= {"submitted_on": "2025-03-02"}
            answer = await ok(self.post("/v1/registrations", registration, BAC_GIANG))
            self.ids[f"registration-{name}"] = answer["registration_id"]
        campaign = {"agency": BAC_GIANG, "title": "Thi đua hoàn thành kế hoạch năm 2025"}
        campaign |= {"form": "regular", "scope": "sector_local"}
        campaign |= {"launching_level": "ministry_province", "start_date": "2025-02-01"}
        campaign |= {"end_date": "2025-12-31"}
        self.ids["campaign"] = (await ok(self.post("/v1/campaigns", campaign, BAC_GIANG)))[
            "campaign_id"
        ]
        initiative = {"agency": BAC_GIANG, "title": "Số hoá hồ sơ thi đua", "year": 2025}
        initiative |= {"author_ids": [self.ids["hoa"]]}
        answer = await ok(self.post("/v1/initiatives", initiative, BAC_GIANG))
        self.ids["initiative"] = answer["initiative_id"]
        hold = {"agency": BAC_GIANG, "subject_kind": "member", "subject_id": self.ids["nam"]}
        hold |= {"from_date": "2025-05-01"}
        self.ids["hold"] = (await ok(self.post("/v1/discipline-holds", hold, BAC_GIANG)))["hold_id"]

    async def approve(self, name: str, caller: str, on: str) -> httpx.Response:
        path = f"/v1/registrations/{self.ids[f'registration-{name}']}/approve"
        return await self.post(path, {"approved_on": on}, caller)

    async def last_event(self, stream_id: str) -> RecordedEvent:
        return (await self.api.registry.store.read_stream(stream_id))[-1]

    async def all_events(self) -> list[RecordedEvent]:
        async with self.api.registry.engine.connect() as connection:
            rows = await connection.execute(select(events).order_by(events.c.position))
            return [RecordedEvent.model_validate(row._mapping) for row in rows]


@pytest.fixture
async def taken_over(registry_api: RegistryApi) -> TakenOver:
    return await TakenOver(registry_api).set_up()


async def test_the_successor_decides_the_registrations_its_predecessor_received(
    taken_over: TakenOver,
) -> None:
    hoa, nam = taken_over.ids["registration-hoa"], taken_over.ids["registration-nam"]

    approved = await taken_over.approve("hoa", SUCCESSOR, "2025-08-01")
    returned = await taken_over.post(
        f"/v1/registrations/{nam}/return",
        {"reason": "Bổ sung thành tích", "returned_on": "2025-08-01"},
        SUCCESSOR,
    )
    resubmitted = await taken_over.post(
        f"/v1/registrations/{nam}/resubmit",
        {"award_codes": ["CSTDCS"], "submitted_on": "2025-08-05"},
        SUCCESSOR,
    )

    for answer in (approved, returned, resubmitted):
        assert answer.status_code == 200, answer.text
    approval = await taken_over.last_event(f"registration-{hoa}")
    assert (approval.event_type, approval.agency) == ("RegistrationApproved", SUCCESSOR)
    resubmission = await taken_over.last_event(f"registration-{nam}")
    assert (resubmission.event_type, resubmission.agency) == ("RegistrationSubmitted", SUCCESSOR)
    read = await ok(taken_over.get(f"/v1/registrations/{hoa}", SUCCESSOR))
    assert (read["agency"], read["status"], read["decided_on"]) == (
        BAC_GIANG,
        "approved",
        "2025-08-01",
    )
    listed = await ok(taken_over.get("/v1/registrations", SUCCESSOR, agency=BAC_GIANG))
    assert {(r["registration_id"], r["status"]) for r in listed["items"]} == {
        (hoa, "approved"),
        (nam, "submitted"),
    }
    assert (await ok(taken_over.get("/v1/registrations", SUCCESSOR, agency=SUCCESSOR)))[
        "total"
    ] == 0


async def test_the_successor_reviews_and_closes_the_predecessors_campaign(
    taken_over: TakenOver,
) -> None:
    path = f"/v1/campaigns/{taken_over.ids['campaign']}"

    reviewed = await taken_over.post(
        f"{path}/reviews", {"stage": "interim", "review_date": "2025-09-01"}, SUCCESSOR
    )
    closed = await taken_over.post(f"{path}/close", {"closed_on": "2025-12-31"}, SUCCESSOR)

    assert reviewed.status_code == 201, reviewed.text
    assert closed.status_code == 200, closed.text
    closing = await taken_over.last_event(f"campaign-{taken_over.ids['campaign']}")
    assert (closing.event_type, closing.agency) == ("CampaignClosed", SUCCESSOR)
    campaign = await ok(taken_over.get(path, SUCCESSOR))
    assert (campaign["agency"], campaign["status"], campaign["closed_on"]) == (
        BAC_GIANG,
        "closed",
        "2025-12-31",
    )


async def test_the_successor_lifts_the_hold_and_recognises_the_initiative(
    taken_over: TakenOver,
) -> None:
    hold, initiative = taken_over.ids["hold"], taken_over.ids["initiative"]

    lifted = await taken_over.post(
        f"/v1/discipline-holds/{hold}/lift", {"lifted_on": "2025-08-31"}, SUCCESSOR
    )
    recognised = await taken_over.post(
        f"/v1/initiatives/{initiative}/recognitions",
        {"level": "grassroots", "recognised_on": "2025-10-01"},
        SUCCESSOR,
    )

    assert lifted.status_code == 200, lifted.text
    assert recognised.status_code == 201, recognised.text
    lifting = await taken_over.last_event(f"discipline-hold-{hold}")
    assert (lifting.event_type, lifting.agency) == ("DisciplineHoldLifted", SUCCESSOR)
    read_hold = await ok(taken_over.get(f"/v1/discipline-holds/{hold}", SUCCESSOR))
    assert (read_hold["agency"], read_hold["to_date"]) == (BAC_GIANG, "2025-08-31")
    read_initiative = await ok(taken_over.get(f"/v1/initiatives/{initiative}", SUCCESSOR))
    assert read_initiative["agency"] == BAC_GIANG
    assert [r["level"] for r in read_initiative["recognitions"]] == ["grassroots"]


async def test_every_other_agency_is_refused_as_before(taken_over: TakenOver) -> None:
    hoa = taken_over.ids["registration-hoa"]
    launched = {"agency": SUCCESSOR, "title": "Thi đua năm 2026", "form": "regular"}
    launched |= {"scope": "sector_local", "launching_level": "ministry_province"}
    launched |= {"start_date": "2026-01-05"}
    successors = await ok(taken_over.post("/v1/campaigns", launched, SUCCESSOR))

    unrelated = await taken_over.approve("hoa", THAI_NGUYEN, "2025-08-01")
    unrelated_read = await taken_over.get(f"/v1/registrations/{hoa}", THAI_NGUYEN)
    sibling = await taken_over.approve("hoa", BAC_NINH, "2025-06-20")
    ceased = await taken_over.approve("hoa", BAC_GIANG, "2025-08-01")
    too_early = await taken_over.approve("hoa", SUCCESSOR, "2025-06-20")
    backwards = await taken_over.post(
        f"/v1/campaigns/{successors['campaign_id']}/close", {"closed_on": "2026-02-01"}, BAC_GIANG
    )

    for answer in (unrelated, unrelated_read, sibling, too_early, backwards):
        assert answer.status_code == 403, answer.text
    assert too_early.json()["detail"] == (
        "Sở Công Thương Bắc Ninh (mã SCT34-24) tiếp nhận công việc của Sở Công Thương Bắc Giang "
        "(mã 24) từ ngày 01/07/2025; việc ngày 20/06/2025 do Sở Công Thương Bắc Giang ghi nhận."
    )
    assert ceased.status_code == 409, ceased.text
    assert ceased.json()["current"]["successor_code"] == SUCCESSOR
    assert (await taken_over.last_event(f"registration-{hoa}")).event_type == (
        "RegistrationSubmitted"
    )


async def test_the_predecessor_still_corrects_its_past(taken_over: TakenOver) -> None:
    """Before its end the work was the predecessor's own: it approves on its last day."""
    approved = await taken_over.approve("hoa", BAC_GIANG, "2025-06-30")

    assert approved.status_code == 200, approved.text
    approval = await taken_over.last_event(f"registration-{taken_over.ids['registration-hoa']}")
    assert approval.agency == BAC_GIANG


async def test_reporting_counts_the_taken_over_registrations_once_under_the_predecessor(
    taken_over: TakenOver, reporting_api: ReportingApi
) -> None:
    nam = taken_over.ids["registration-nam"]
    await ok(taken_over.approve("hoa", SUCCESSOR, "2025-08-01"))
    await ok(
        taken_over.post(
            f"/v1/registrations/{nam}/return",
            {"reason": "Bổ sung thành tích", "returned_on": "2025-08-01"},
            SUCCESSOR,
        )
    )
    await ok(
        taken_over.post(
            f"/v1/registrations/{nam}/resubmit",
            {"award_codes": ["CSTDCS", "LDTT"], "submitted_on": "2025-08-05"},
            SUCCESSOR,
        )
    )

    await reporting_api.feed(await taken_over.all_events())

    bac_giang = await _registrations_2025(reporting_api, BAC_GIANG)
    successor_alone = await _registrations_2025(reporting_api, SUCCESSOR)
    successor_with_history = await _registrations_2025(
        reporting_api, SUCCESSOR, include_predecessors="true"
    )
    assert bac_giang["by_status"] == {"approved": 1, "submitted": 1}
    assert (bac_giang["registered_members"], bac_giang["member_coverage"]) == (2, 1.0)
    assert {t["award_code"] for t in bac_giang["by_title"]} == {"CSTDCS", "LDTT"}
    assert successor_alone["by_status"] == {}
    assert successor_alone["registered_members"] == 0
    assert successor_with_history["by_status"] == bac_giang["by_status"]
    assert successor_with_history["registered_members"] == 2


async def _registrations_2025(api: ReportingApi, agency: str, **params: str) -> dict[str, Any]:
    answer = await api.client.get(
        f"/v1/agencies/{agency}/stats",
        params={"from": "2025", "to": "2025", **params},
        headers=api.analyst(),
    )
    assert answer.status_code == 200, answer.text
    [year] = answer.json()["registrations"]
    assert year["year"] == 2025
    return dict(year)
