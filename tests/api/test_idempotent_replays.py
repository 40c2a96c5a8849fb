"""Every command that takes an ``Idempotency-Key`` answers a repeat as it answered the first time.

A client sends a command, the server carries it out, and the answer is lost on the way back:
the client timed out. It sends the same request again with the same key (docs/integration.md).
The repeat must answer exactly what the lost answer was — status, headers, body, byte for
byte — and record nothing. A key reused for another request is refused with 422 naming
``header.Idempotency-Key``, and records nothing either.

The lost answer is captured at the server's side: ``LostAnswers`` lets the app serve the
request in full, keeps the answer it wrote, and raises ``httpx.ReadTimeout`` to the client.
"""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import Workbook
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.readmodel.directory_tables import members, units
from shared.auth import Role
from tests.api.awards.test_decision_import_api import HEADER as DECISION_HEADER
from tests.api.test_registration_import_api import HEADER as REGISTRATION_HEADER
from tests.harness.awards_api import AwardsApi
from tests.harness.event_store import count_events
from tests.harness.service_api import ServiceApi

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BAC_KAN, HA_NOI = "06", "01"


class LostAnswers(httpx.AsyncBaseTransport):
    """Serves each request in full, keeps the answer, then loses it: the client times out."""

    def __init__(self, app: FastAPI) -> None:
        self._app = httpx.ASGITransport(app=app)
        self.lost: list[httpx.Response] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._app.handle_async_request(request)
        await response.aread()
        self.lost.append(response)
        raise httpx.ReadTimeout("gave up before the answer came", request=request)


@dataclass(frozen=True)
class Call:
    """One HTTP request, the same bytes of content every time it is sent."""

    method: str
    path: str
    json: Any = None
    file: tuple[str, bytes, str] | None = None
    """(file name, content, content type), sent as the ``file`` form field with ``agency``."""
    headers: dict[str, str] = field(default_factory=dict)

    async def send(
        self, client: httpx.AsyncClient, auth: dict[str, str], agency: str
    ) -> httpx.Response:
        headers = auth | self.headers
        if self.file is None:
            return await client.request(self.method, self.path, json=self.json, headers=headers)
        return await client.request(
            self.method,
            self.path,
            data={"agency": agency},
            files={"file": self.file},
            headers=headers,
        )


Prepare = Callable[[ServiceApi], Awaitable[tuple[Call, Call]]]
"""Sets up what a command needs; returns the command and another request on the same route."""


@dataclass(frozen=True)
class Case:
    """A command route: its service, caller, set-up and the status of its first answer."""

    name: str
    service: Literal["registry", "awards"]
    prepare: Prepare
    status: int
    agency: str = BAC_KAN
    roles: tuple[Role, ...] = ("officer",)

    def auth(self, api: ServiceApi, key: str, correlation_id: str) -> dict[str, str]:
        headers = {"Idempotency-Key": key, "X-Correlation-ID": correlation_id}
        return api.headers(self.agency, self.roles, **headers)


# Set-up helpers.


async def done(api: ServiceApi, call: Call, agency: str = BAC_KAN) -> dict[str, Any]:
    """Send a set-up request (no key) and return its body; it must succeed."""
    response = await call.send(api.client, api.headers(agency), agency)
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


async def seed_directory(api: ServiceApi) -> None:
    """Bắc Kạn's units bk-p1, bk-p2 and members bk-m1..bk-m4, straight into the read model."""
    unit_rows = [
        {"unit_id": u, "agency": BAC_KAN, "name": n, "version": 1}
        for u, n in (("bk-p1", "Phòng Quản lý công nghiệp"), ("bk-p2", "Văn phòng Sở"))
    ]
    member_rows = [
        {"member_id": f"bk-m{i}", "agency": BAC_KAN, "unit_id": "bk-p1"}
        | {"position_group": "official", "erased": False, "version": 1}
        for i in range(1, 5)
    ]
    engine = api.app.state.registry.engine
    async with engine.begin() as connection:
        await connection.execute(insert(units), unit_rows)
        await connection.execute(insert(members), member_rows)


def workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv(rows: list[list[Any]]) -> bytes:
    lines = (",".join("" if cell is None else str(cell) for cell in row) for row in rows)
    return "\n".join(lines).encode()


def changed(body: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return body | changes


# Registry.

AGENCY = {
    "agency_code": "06",
    "name": "Sở Công Thương Bắc Kạn",
    "kind": "provincial_department",
    "province_code": "06",
    "established_on": "2008-08-01",
}
CAMPAIGN = {
    "agency": BAC_KAN,
    "title": "Phong trào thi đua “Cán bộ, công chức thi đua thực hiện văn hóa công sở”",
    "form": "regular",
    "scope": "sector_local",
    "launching_level": "ministry_province",
    "start_date": "2016-01-01",
    "end_date": "2020-12-31",
    "registration_required": True,
}
INITIATIVE = {
    "agency": BAC_KAN,
    "title": "Vận dụng Microsoft Office Excel sáng tạo, linh hoạt vào công tác tổng hợp",
    "author_ids": ["bk-m1", "bk-m2"],
    "year": 2018,
}
REGISTRATION = {
    "agency": BAC_KAN,
    "registrant_kind": "member",
    "registrant_id": "bk-m1",
    "year": 2020,
    "award_codes": ["LDTT", "CSTDCS"],
}
BLOC = {
    "agency": BAC_KAN,
    "name": "Cụm thi đua các phòng chuyên môn",
    "kind": "units",
    "member_ids": ["bk-p1", "bk-p2"],
}
RATING = {"agency": BAC_KAN, "member_id": "bk-m1", "year": 2020, "rating": "HTTNV"}
UNIT_RATING = {"agency": BAC_KAN, "unit_id": "bk-p1", "year": 2020, "rating": "HTTNV"}
HOLD = {
    "agency": BAC_KAN,
    "subject_kind": "member",
    "subject_id": "bk-m1",
    "from_date": "2019-03-01",
    "note": "Khiển trách theo Quyết định số 12/QĐ-SCT ngày 01/3/2019",
}
MEMBER = {
    "agency": BAC_KAN,
    "position_group": "official",
    "full_name": "Nông Thị Thảo",
    "birth_year": 1985,
    "gender": "female",
    "job_title": "Chuyên viên",
}
REGISTRATION_ROWS: list[list[Any]] = [
    REGISTRATION_HEADER,
    [1, "Đơn vị", "bk-p1", "Phòng Quản lý công nghiệp", 2021, None, "TTLĐTT"],
    [2, "Cá nhân", "bk-m1", "Nông Thị Thảo", 2021, None, "LĐTT; CSTĐCS"],
    [3, "Cá nhân", "bk-m2", "Hoàng Văn An", 2021, None, "Lao động tiên tiến"],
]


def batch_item(registrant_id: str, codes: list[str], kind: str = "member") -> dict[str, Any]:
    return changed(REGISTRATION, registrant_id=registrant_id, registrant_kind=kind) | {
        "year": 2021,
        "award_codes": codes,
    }


async def register_agency(_: ServiceApi) -> tuple[Call, Call]:
    return Call("POST", "/v1/agencies", AGENCY), Call(
        "POST", "/v1/agencies", changed(AGENCY, name="Sở Công Thương tỉnh Bắc Kạn")
    )


async def launch_campaign(_: ServiceApi) -> tuple[Call, Call]:
    other = changed(CAMPAIGN, title="Phong trào thi đua “Lao động giỏi”")
    return Call("POST", "/v1/campaigns", CAMPAIGN), Call("POST", "/v1/campaigns", other)


async def launched(api: ServiceApi) -> str:
    return str((await done(api, Call("POST", "/v1/campaigns", CAMPAIGN)))["campaign_id"])


async def review_campaign(api: ServiceApi) -> tuple[Call, Call]:
    path = f"/v1/campaigns/{await launched(api)}/reviews"
    review = {"stage": "interim", "review_date": "2018-06-30", "summary": "Sơ kết giữa kỳ"}
    if_match = {"If-Match": '"1"'}
    return Call("POST", path, review, headers=if_match), Call(
        "POST", path, changed(review, summary="Sơ kết 3 năm"), headers=if_match
    )


async def close_campaign(api: ServiceApi) -> tuple[Call, Call]:
    path = f"/v1/campaigns/{await launched(api)}/close"
    return Call("POST", path, {"closed_on": "2020-12-31"}), Call(
        "POST", path, {"closed_on": "2020-12-30"}
    )


async def register_initiative(api: ServiceApi) -> tuple[Call, Call]:
    await seed_directory(api)
    other = changed(INITIATIVE, title="Số hóa hồ sơ thi đua")
    return Call("POST", "/v1/initiatives", INITIATIVE), Call("POST", "/v1/initiatives", other)


async def recognise_initiative(api: ServiceApi) -> tuple[Call, Call]:
    await seed_directory(api)
    created = await done(api, Call("POST", "/v1/initiatives", INITIATIVE))
    path = f"/v1/initiatives/{created['initiative_id']}/recognitions"
    recognition = {"level": "grassroots", "recognised_on": "2019-04-02"}
    return Call("POST", path, recognition), Call(
        "POST", path, changed(recognition, recognised_on="2019-04-03")
    )


async def submit_registration(api: ServiceApi) -> tuple[Call, Call]:
    await seed_directory(api)
    other = changed(REGISTRATION, year=2021)
    return Call("POST", "/v1/registrations", REGISTRATION), Call("POST", "/v1/registrations", other)


async def submitted(api: ServiceApi) -> str:
    await seed_directory(api)
    created = await done(api, Call("POST", "/v1/registrations", REGISTRATION))
    return f"/v1/registrations/{created['registration_id']}"


async def approve_registration(api: ServiceApi) -> tuple[Call, Call]:
    path = f"{await submitted(api)}/approve"
    return Call("POST", path), Call("POST", path, headers={"If-Match": '"1"'})


async def return_registration(api: ServiceApi) -> tuple[Call, Call]:
    path = f"{await submitted(api)}/return"
    return Call("POST", path, {"reason": "Thiếu hồ sơ"}), Call(
        "POST", path, {"reason": "Sai năm đăng ký"}
    )


async def resubmit_registration(api: ServiceApi) -> tuple[Call, Call]:
    base = await submitted(api)
    await done(api, Call("POST", f"{base}/return", {"reason": "Thiếu hồ sơ"}))
    path = f"{base}/resubmit"
    return Call("POST", path, {"award_codes": ["LDTT"]}), Call(
        "POST", path, {"award_codes": ["CSTDCS"]}
    )


async def registration_batch(api: ServiceApi) -> tuple[Call, Call]:
    await seed_directory(api)
    batch = [batch_item("bk-m1", ["LDTT"]), batch_item("bk-p1", ["TTLDTT"], "unit")]
    other = [batch_item("bk-m2", ["LDTT"])]
    path = "/v1/registrations/batch"
    return Call("POST", path, batch), Call("POST", path, other)


async def registration_import(api: ServiceApi) -> tuple[Call, Call]:
    await seed_directory(api)
    path = "/v1/registrations/import"
    first = ("dang_ky_2021.xlsx", workbook(REGISTRATION_ROWS), XLSX)
    other = ("dang_ky_2021.xlsx", workbook(REGISTRATION_ROWS[:2]), XLSX)
    return Call("POST", path, file=first), Call("POST", path, file=other)


async def registration_import_csv(api: ServiceApi) -> tuple[Call, Call]:
    await seed_directory(api)
    path = "/v1/registrations/import"
    first = ("dang_ky_2021.csv", csv(REGISTRATION_ROWS), "text/csv")
    other = ("dang_ky_2021.csv", csv(REGISTRATION_ROWS[:3]), "text/csv")
    return Call("POST", path, file=first), Call("POST", path, file=other)


async def form_bloc(api: ServiceApi) -> tuple[Call, Call]:
    await seed_directory(api)
    other = changed(BLOC, name="Cụm thi đua khối văn phòng")
    return Call("POST", "/v1/blocs", BLOC), Call("POST", "/v1/blocs", other)


async def sign_pact(api: ServiceApi) -> tuple[Call, Call]:
    await seed_directory(api)
    formed = await done(api, Call("POST", "/v1/blocs", BLOC))
    path = f"/v1/blocs/{formed['bloc_id']}/pacts"
    pact = {"year": 2020, "signatory_ids": BLOC["member_ids"]}
    return Call("POST", path, pact), Call("POST", path, changed(pact, year=2021))


async def record_rating(api: ServiceApi) -> tuple[Call, Call]:
    await seed_directory(api)
    other = changed(RATING, rating="HTXSNV")
    return Call("POST", "/v1/ratings", RATING), Call("POST", "/v1/ratings", other)


async def record_unit_rating(api: ServiceApi) -> tuple[Call, Call]:
    await seed_directory(api)
    other = changed(UNIT_RATING, rating="HTXSNV")
    path = "/v1/ratings/units"
    return Call("POST", path, UNIT_RATING), Call("POST", path, other)


async def place_hold(api: ServiceApi) -> tuple[Call, Call]:
    await seed_directory(api)
    path = "/v1/discipline-holds"
    return Call("POST", path, HOLD), Call("POST", path, changed(HOLD, from_date="2019-03-02"))


async def lift_hold(api: ServiceApi) -> tuple[Call, Call]:
    await seed_directory(api)
    placed = await done(api, Call("POST", "/v1/discipline-holds", HOLD))
    path = f"/v1/discipline-holds/{placed['hold_id']}/lift"
    return Call("POST", path, {"lifted_on": "2020-02-29"}), Call(
        "POST", path, {"lifted_on": "2020-03-01"}
    )


async def unit(api: ServiceApi, name: str) -> str:
    body = {"agency": BAC_KAN, "name": name}
    return str((await done(api, Call("POST", "/v1/units", body)))["unit_id"])


async def add_unit(_: ServiceApi) -> tuple[Call, Call]:
    body = {"agency": BAC_KAN, "name": "Văn phòng Sở"}
    return Call("POST", "/v1/units", body), Call(
        "POST", "/v1/units", changed(body, name="Phòng Kế hoạch")
    )


async def rename_unit(api: ServiceApi) -> tuple[Call, Call]:
    path = f"/v1/units/{await unit(api, 'Phòng Kỹ thuật')}"
    return Call("PATCH", path, {"name": "Phòng Kỹ thuật an toàn"}), Call(
        "PATCH", path, {"name": "Phòng Kỹ thuật – Môi trường"}
    )


async def add_member(api: ServiceApi) -> tuple[Call, Call]:
    body = MEMBER | {"unit_id": await unit(api, "Văn phòng Sở")}
    return Call("POST", "/v1/members", body), Call(
        "POST", "/v1/members", changed(body, full_name="Hoàng Văn An")
    )


async def member(api: ServiceApi) -> tuple[str, str]:
    """A member added through the API (the path to it), and a second unit."""
    office, industry = await unit(api, "Văn phòng Sở"), await unit(api, "Phòng Công nghiệp")
    added = await done(api, Call("POST", "/v1/members", MEMBER | {"unit_id": office}))
    return f"/v1/members/{added['member_id']}", industry


async def move_member(api: ServiceApi) -> tuple[Call, Call]:
    base, industry = await member(api)
    move = {"to_unit_id": industry}
    return Call("POST", f"{base}/move", move), Call(
        "POST", f"{base}/move", changed(move, position_group="leader")
    )


async def erase_member(api: ServiceApi) -> tuple[Call, Call]:
    base, _ = await member(api)
    path = f"{base}/personal-data"
    return Call("DELETE", path), Call("DELETE", path, headers={"If-Match": '"1"'})


async def as_admin(api: ServiceApi, call: Call) -> dict[str, Any]:
    """Send a set-up request as the ministry's admin; it must succeed."""
    response = await call.send(api.client, api.headers("BCT", ("admin",)), "BCT")
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def department(code: str, name: str, province: str, established_on: str) -> dict[str, Any]:
    return {"agency_code": code, "name": name, "kind": "provincial_department"} | {
        "province_code": province,
        "established_on": established_on,
    }


LEGAL_BASIS = "Nghị quyết 202/2025/QH15"


async def continue_agency(api: ServiceApi) -> tuple[Call, Call]:
    await as_admin(api, Call("POST", "/v1/agencies", AGENCY))
    path = f"/v1/agencies/{BAC_KAN}/continuation"
    body = {"on": "2025-07-01", "province_code": "19", "province_list": "34"}
    body |= {"legal_basis": LEGAL_BASIS}
    return Call("POST", path, body), Call("POST", path, changed(body, name="Sở Công Thương"))


async def merge_agencies(api: ServiceApi) -> tuple[Call, Call]:
    for body in (
        AGENCY,
        department("SCT34-19", "Sở Công Thương Thái Nguyên", "19", "2025-07-01"),
        department("19", "Sở Công Thương Thái Nguyên", "19", "2008-08-01"),
    ):
        await as_admin(api, Call("POST", "/v1/agencies", body))
    await unit(api, "Văn phòng Sở")
    path = "/v1/agencies/SCT34-19/merger"
    body = {"predecessor_codes": [BAC_KAN, "19"], "on": "2025-07-01", "legal_basis": LEGAL_BASIS}
    return Call("POST", path, body), Call("POST", path, changed(body, predecessor_codes=["19"]))


async def cease_agency(api: ServiceApi) -> tuple[Call, Call]:
    await as_admin(api, Call("POST", "/v1/agencies", AGENCY))
    path = f"/v1/agencies/{BAC_KAN}/cessation"
    body = {"ceased_on": "2025-06-30", "legal_basis": LEGAL_BASIS}
    return Call("POST", path, body), Call("POST", path, changed(body, ceased_on="2025-06-29"))


async def transfer_member(api: ServiceApi) -> tuple[Call, Call]:
    base, _ = await member(api)
    thai_nguyen = department("SCT34-19", "Sở Công Thương Thái Nguyên", "19", "2025-07-01")
    await as_admin(api, Call("POST", "/v1/agencies", thai_nguyen))
    body = {"agency": "SCT34-19", "name": "Văn phòng Sở"}
    to_unit = (await done(api, Call("POST", "/v1/units", body), "SCT34-19"))["unit_id"]
    transfer = {"to_agency": "SCT34-19", "to_unit_id": to_unit, "on": "2026-01-15"}
    transfer |= {"legal_basis": "Quyết định 88/QĐ-UBND"}
    path = f"{base}/transfer"
    return Call("POST", path, transfer), Call("POST", path, changed(transfer, on="2026-01-16"))


async def assign_ownership(_: ServiceApi) -> tuple[Call, Call]:
    path = f"/v1/agencies/{BAC_KAN}/ownership"
    body = {"instance": "sct-06", "legal_basis": "Quyết định 12/QĐ-BCT"}
    return Call("POST", path, body), Call("POST", path, changed(body, instance="sct-19"))


# Awards.

NOMINEES = [
    {"nominee_kind": "member", "nominee_id": "hn-m1", "award_code": "BK_TTG"},
    {"nominee_kind": "member", "nominee_id": "hn-m2", "award_code": "HCLD3"},
]
PROPOSAL = {
    "agency": HA_NOI,
    "nominees": [{"achievement_year": 2019} | n for n in NOMINEES],
    "commendation_kind": "regular",
    "addressed_to": "ministry_province",
    "submitted_on": "2020-01-10",
}
VOTES = [
    {"nominee_id": n["nominee_id"], "award_code": n["award_code"], "votes_for": 9}
    | {"votes_against": 0}
    for n in NOMINEES
]
DECISION = {
    "agency": HA_NOI,
    "number": "15/QĐ-SCT",
    "signed_on": "2025-01-15",
    "issuing_authority": "Giám đốc Sở Công Thương Hà Nội",
    "authority_level": "unit",
    "awards": [
        {"recipient_kind": "member", "recipient_id": "01-member-001", "award_code": "LDTT"}
        | {"achievement_year": 2024}
    ],
}
SO = "Giám đốc Sở Công Thương Hà Nội"
UB = "UBND thành phố Hà Nội"
DECISION_ROWS: list[list[Any]] = [
    DECISION_HEADER,
    [1, "125/QĐ-SCT", "20/01/2020", SO, "Cá nhân", "hn-m1", "Nguyễn Thị Hoa", "LĐTT", 2019],
    [2, "125/QĐ-SCT", "20/01/2020", SO, "Cá nhân", "hn-m2", "Trần Văn Nam", "LĐTT", 2019],
    [3, "125/QĐ-SCT", "20/01/2020", SO, "Cá nhân", "hn-m1", "Nguyễn Thị Hoa", "CSTĐCS", 2019],
    [4, "2045/QĐ-UBND", "15/04/2020", UB, "Tập thể", "hn-p1", "", "Bằng khen UBND thành phố", 2019],
]
OTHER_DECISION_ROWS: list[list[Any]] = [
    DECISION_ROWS[0],
    [1, "7/QĐ-SCT", "10/01/2021", SO, "Cá nhân", "hn-m3", "Lê Minh", "LĐTT", 2020],
]


async def submit_proposal(_: ServiceApi) -> tuple[Call, Call]:
    other = changed(PROPOSAL, submitted_on="2020-01-11")
    return Call("POST", "/v1/proposals", PROPOSAL), Call("POST", "/v1/proposals", other)


async def proposal(api: ServiceApi) -> str:
    created = await done(api, Call("POST", "/v1/proposals", PROPOSAL), HA_NOI)
    return f"/v1/proposals/{created['proposal_id']}"


async def review_proposal(api: ServiceApi) -> tuple[Call, Call]:
    path = f"{await proposal(api)}/reviews"
    review = {"reviewed_on": "2020-02-01", "votes": VOTES}
    return Call("POST", path, review), Call("POST", path, changed(review, votes=VOTES[:1]))


async def forward_proposal(api: ServiceApi) -> tuple[Call, Call]:
    base = await proposal(api)
    review = {"reviewed_on": "2020-02-01", "votes": VOTES}
    await done(api, Call("POST", f"{base}/reviews", review), HA_NOI)
    forward = {"to_level": "prime_minister", "forwarded_on": "2020-02-15"}
    return Call("POST", f"{base}/forward", forward), Call(
        "POST", f"{base}/forward", changed(forward, forwarded_on="2020-02-16")
    )


async def return_proposal(api: ServiceApi) -> tuple[Call, Call]:
    path = f"{await proposal(api)}/return"
    reason = {"reason": "Thiếu xác nhận sáng kiến", "returned_on": "2020-02-01"}
    return Call("POST", path, reason), Call("POST", path, changed(reason, reason="Thiếu hồ sơ"))


async def resubmit_proposal(api: ServiceApi) -> tuple[Call, Call]:
    base = await proposal(api)
    reason = {"reason": "Thiếu xác nhận sáng kiến", "returned_on": "2020-02-01"}
    await done(api, Call("POST", f"{base}/return", reason), HA_NOI)
    body = {k: v for k, v in PROPOSAL.items() if k != "agency"} | {"submitted_on": "2020-02-20"}
    return Call("POST", f"{base}/resubmit", body), Call(
        "POST", f"{base}/resubmit", changed(body, submitted_on="2020-02-21")
    )


async def issue_decision(_: ServiceApi) -> tuple[Call, Call]:
    other = changed(DECISION, number="16/QĐ-SCT")
    return Call("POST", "/v1/decisions", DECISION), Call("POST", "/v1/decisions", other)


async def revoke_decision(api: ServiceApi) -> tuple[Call, Call]:
    issued = await done(api, Call("POST", "/v1/decisions", DECISION), HA_NOI)
    path = f"/v1/decisions/{issued['decision_id']}/revocations"
    revocation = {"reason": "Kê khai không trung thực", "revoked_on": "2025-06-01", "all": True}
    return Call("POST", path, revocation), Call(
        "POST", path, changed(revocation, revoked_on="2025-06-02")
    )


async def decision_import(_: ServiceApi) -> tuple[Call, Call]:
    path = "/v1/decisions/import"
    first = ("khen_thuong_2020.xlsx", workbook(DECISION_ROWS), XLSX)
    other = ("khen_thuong_2020.xlsx", workbook(OTHER_DECISION_ROWS), XLSX)
    return Call("POST", path, file=first), Call("POST", path, file=other)


async def decision_import_csv(_: ServiceApi) -> tuple[Call, Call]:
    path = "/v1/decisions/import"
    first = ("khen_thuong_2020.csv", csv(DECISION_ROWS), "text/csv")
    other = ("khen_thuong_2020.csv", csv(OTHER_DECISION_ROWS), "text/csv")
    return Call("POST", path, file=first), Call("POST", path, file=other)


async def decision_import_of_recorded_decisions(api: ServiceApi) -> tuple[Call, Call]:
    """A file whose decisions were all recorded before (by an import without a key)."""
    call, other = await decision_import(api)
    await done(api, call, HA_NOI)
    return call, other


ADMIN: tuple[Role, ...] = ("admin",)
CASES = [
    Case("register agency", "registry", register_agency, 201, agency="BCT", roles=ADMIN),
    Case("continue agency", "registry", continue_agency, 201, agency="BCT", roles=ADMIN),
    Case("merge agencies", "registry", merge_agencies, 201, agency="BCT", roles=ADMIN),
    Case("cease agency", "registry", cease_agency, 201, agency="BCT", roles=ADMIN),
    Case("transfer member", "registry", transfer_member, 201, agency="BCT", roles=ADMIN),
    Case("assign ownership", "registry", assign_ownership, 201, agency="BCT", roles=ADMIN),
    Case("launch campaign", "registry", launch_campaign, 201),
    Case("review campaign", "registry", review_campaign, 201),
    Case("close campaign", "registry", close_campaign, 200),
    Case("register initiative", "registry", register_initiative, 201),
    Case("recognise initiative", "registry", recognise_initiative, 201),
    Case("submit registration", "registry", submit_registration, 201),
    Case("approve registration", "registry", approve_registration, 200),
    Case("return registration", "registry", return_registration, 200),
    Case("resubmit registration", "registry", resubmit_registration, 200),
    Case("registrations batch", "registry", registration_batch, 201),
    Case("registrations import xlsx", "registry", registration_import, 201),
    Case("registrations import csv", "registry", registration_import_csv, 201),
    Case("form bloc", "registry", form_bloc, 201),
    Case("sign pact", "registry", sign_pact, 201),
    Case("record rating", "registry", record_rating, 201),
    Case("record unit rating", "registry", record_unit_rating, 201),
    Case("place discipline hold", "registry", place_hold, 201),
    Case("lift discipline hold", "registry", lift_hold, 200),
    Case("add unit", "registry", add_unit, 201),
    Case("rename unit", "registry", rename_unit, 200),
    Case("add member", "registry", add_member, 201),
    Case("move member", "registry", move_member, 200),
    Case("erase member", "registry", erase_member, 200),
    Case("submit proposal", "awards", submit_proposal, 201, agency=HA_NOI),
    Case("review proposal", "awards", review_proposal, 201, agency=HA_NOI),
    Case("forward proposal", "awards", forward_proposal, 200, agency=HA_NOI),
    Case("return proposal", "awards", return_proposal, 200, agency=HA_NOI),
    Case("resubmit proposal", "awards", resubmit_proposal, 200, agency=HA_NOI),
    Case("issue decision", "awards", issue_decision, 201, agency=HA_NOI),
    Case("revoke decision", "awards", revoke_decision, 201, agency=HA_NOI),
    Case("decisions import xlsx", "awards", decision_import, 201, agency=HA_NOI),
    Case("decisions import csv", "awards", decision_import_csv, 201, agency=HA_NOI),
    Case(
        "decisions import, nothing new",
        "awards",
        decision_import_of_recorded_decisions,
        200,
        agency=HA_NOI,
    ),
]


@pytest.fixture(params=CASES, ids=[case.name for case in CASES])
def case(request: pytest.FixtureRequest) -> Case:
    found: Case = request.param
    return found


@pytest.fixture
def api(case: Case, request: pytest.FixtureRequest) -> ServiceApi:
    """The case's service, running on a fresh database (its harness fixture)."""
    found: ServiceApi = request.getfixturevalue(f"{case.service}_api")
    return found


async def recorded(api: ServiceApi, case: Case) -> int:
    engine: AsyncEngine = getattr(api.app.state, case.service).engine
    return await count_events(engine)


async def test_a_replay_after_a_lost_answer_answers_the_first_answer_byte_for_byte(
    case: Case, api: ServiceApi
) -> None:
    call, _ = await case.prepare(api)
    key, correlation_id = f"replay-{uuid.uuid4()}", str(uuid.uuid4())
    lossy = LostAnswers(api.app)
    async with httpx.AsyncClient(transport=lossy, base_url=api.client.base_url) as client:
        with pytest.raises(httpx.TimeoutException):
            await call.send(client, case.auth(api, key, correlation_id), case.agency)
    [lost] = lossy.lost
    assert lost.status_code == case.status, lost.text
    events = await recorded(api, case)

    replay = await call.send(api.client, case.auth(api, key, correlation_id), case.agency)

    assert replay.status_code == lost.status_code, replay.text
    assert replay.headers.multi_items() == lost.headers.multi_items()
    assert replay.content == lost.content
    assert await recorded(api, case) == events


async def test_a_key_reused_for_another_request_is_refused(case: Case, api: ServiceApi) -> None:
    call, other = await case.prepare(api)
    key, correlation_id = f"reused-{uuid.uuid4()}", str(uuid.uuid4())
    first = await call.send(api.client, case.auth(api, key, correlation_id), case.agency)
    assert first.status_code == case.status, first.text
    events = await recorded(api, case)

    refused = await other.send(api.client, case.auth(api, key, correlation_id), case.agency)

    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert [error["field"] for error in problem["errors"]] == ["header.Idempotency-Key"]
    assert key in problem["detail"]
    assert await recorded(api, case) == events


async def test_a_decisions_import_replayed_answers_201_recorded_with_its_ids(
    awards_api: AwardsApi,
) -> None:
    """Issue 19: a decisions import repeated with its key answered 200 "already_recorded"."""
    call, _ = await decision_import(awards_api)
    auth = awards_api.headers(HA_NOI, ("officer",), **{"Idempotency-Key": "nhap-2020"})

    first = await call.send(awards_api.client, auth, HA_NOI)
    replay = await call.send(awards_api.client, auth, HA_NOI)

    assert (first.status_code, replay.status_code) == (201, 201), replay.text
    body = replay.json()
    assert (body["decisions_recorded"], body["decisions_already_recorded"]) == (2, 0)
    assert [row["status"] for row in body["rows"]] == ["recorded"] * 4
    assert [w["code"] for w in body["rows"][0]["warnings"]] == ["recipient_unknown", "unverified"]
    assert replay.json() == first.json()


async def test_a_decisions_import_sent_twice_at_once_answers_both_alike(
    awards_api: AwardsApi,
) -> None:
    """A retry racing the first request: one records, both answer the first outcome."""
    call, _ = await decision_import(awards_api)
    auth = awards_api.headers(HA_NOI, ("officer",), **{"Idempotency-Key": "nhap-2020-dup"})
    events = await count_events(awards_api.awards.engine)

    first, second = await asyncio.gather(
        call.send(awards_api.client, auth, HA_NOI), call.send(awards_api.client, auth, HA_NOI)
    )

    assert (first.status_code, second.status_code) == (201, 201), second.text
    assert first.content == second.content
    assert await count_events(awards_api.awards.engine) == events + 2 + 4
