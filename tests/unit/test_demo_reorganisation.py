"""The demo across the 2025 reorganisation, checked without services: the whole loader runs
against a recording transport that answers as the services would."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from services.awards.imports.columns import locate_columns
from services.awards.imports.grouping import group_rows
from services.awards.imports.rows import parse_row
from services.awards.imports.spreadsheet import read_sheet
from tooling.demo import lineage
from tooling.demo.directory import Directory
from tooling.demo.loader import load

URLS = {"registry": "http://registry", "awards": "http://awards", "reporting": "http://reporting"}
CREATED = {
    "/v1/units": "unit_id",
    "/v1/members": "member_id",
    "/v1/campaigns": "campaign_id",
    "/v1/initiatives": "initiative_id",
    "/v1/blocs": "bloc_id",
    "/v1/proposals": "proposal_id",
}


@dataclass(frozen=True)
class Call:
    path: str
    agency: str  # the caller's, from its token
    body: Any
    created: str | None


def _caller(request: httpx.Request) -> str:
    token = request.headers["Authorization"].removeprefix("Bearer ")
    claims = token.split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))["agency"])


class Services:
    """Answers every POST as the services would (new ids for what is created)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body: Any = request.content
        if request.headers.get("content-type", "").startswith("application/json"):
            body = json.loads(request.content)
        field = CREATED.get(request.url.path)
        created = f"id-{len(self.calls)}" if field else None
        self.calls.append(Call(request.url.path, _caller(request), body, created))
        return httpx.Response(201, json={field: created} if field else {})

    def created(self, path: str, agency: str) -> list[str]:
        return [c.created for c in self.calls if c.path == path and c.agency == agency if c.created]

    def bodies(self, path: str, agency: str) -> list[Any]:
        return [c.body for c in self.calls if c.path == path and c.agency == agency]


async def loaded(*codes: str) -> Services:
    services = Services()
    transport = httpx.MockTransport(services)
    await load(URLS, small=True, show_progress=False, only=set(codes), transport=transport)
    return services


def awards_decided(services: Services, agency: str) -> Iterator[tuple[date, str, str, int]]:
    """(signed on, award code, recipient, year) of the agency's imported decisions."""
    [upload] = services.bodies("/v1/decisions/import", agency)
    sheet = read_sheet(upload.split(b"\r\n\r\n", 2)[-1].rsplit(b"\r\n--", 1)[0])
    columns = locate_columns(sheet.header)
    groups, errors = group_rows(agency, [parse_row(row, columns) for row in sheet.rows])
    assert errors == []
    for group in groups:
        for award in group.command.awards:
            yield group.command.signed_on, award.award_code, award.recipient_id, award.year_to


async def test_bac_giang_and_bac_ninh_merge_and_bac_ninh_of_the_34_takes_up_their_people() -> None:
    services = await loaded("24", "27", "SCT34-24")
    paths = [c.path for c in services.calls]
    merger = paths.index("/v1/agencies/SCT34-24/merger")

    assert services.calls[merger].body == {
        "predecessor_codes": ["24", "27"],
        "on": "2025-07-01",
        "legal_basis": "Nghị quyết 202/2025/QH15",
    }
    assert services.calls[merger].agency == "SCT34-24"
    # The predecessors record everything before they cease; the successor its half year after.
    before, after = services.calls[:merger], services.calls[merger + 1 :]
    assert {c.agency for c in after} == {"SCT34-24"}
    assert {c.agency for c in before if c.path != "/v1/agencies"} >= {"24", "27"}
    assert [c.path for c in after] == [
        "/v1/campaigns",
        "/v1/registrations/batch",
        "/v1/decisions/import",
    ]
    assert not any(p.endswith("/continuation") for p in paths)

    taken_over = services.created("/v1/members", "24") + services.created("/v1/members", "27")
    own = services.created("/v1/members", "SCT34-24")
    [registrations] = services.bodies("/v1/registrations/batch", "SCT34-24")
    registered = {r["registrant_id"] for r in registrations if r["registrant_kind"] == "member"}
    assert registered == set(taken_over + own)
    assert len(own) == 2
    assert {(r["year"], r["submitted_on"]) for r in registrations} == {(2025, "2025-07-25")}

    # The successor's CSTĐCS 2025 go to members who held it for 2024 in their old department.
    held_2024 = {
        who
        for code in ("24", "27")
        for _, award, who, year in awards_decided(services, code)
        if (award, year) == ("CSTDCS", 2024)
    }
    decided = list(awards_decided(services, "SCT34-24"))
    stars = {who for _, award, who, _ in decided if award == "CSTDCS"}
    assert len(stars) == 2
    assert stars <= held_2024
    assert stars == {r["registrant_id"] for r in registrations if "CSTDCS" in r["award_codes"]}
    assert {(signed.year, signed.month, year) for signed, *_, year in decided} == {(2025, 12, 2025)}


async def test_quang_ninh_continues_as_one_agency_through_2025() -> None:
    services = await loaded("22")

    [continuation] = services.bodies("/v1/agencies/22/continuation", "22")
    assert continuation == {
        "on": "2025-07-01",
        "province_code": "22",
        "province_list": "34",
        "legal_basis": "Nghị quyết 202/2025/QH15",
    }
    assert services.calls[-1].path == "/v1/agencies/22/continuation"
    assert {c.agency for c in services.calls} == {"22"}
    campaigns = {c["start_date"][:4]: c["end_date"] for c in services.bodies("/v1/campaigns", "22")}
    assert campaigns["2025"] == "2025-12-31"
    decided = list(awards_decided(services, "22"))
    assert max(year for *_, year in decided) == 2025
    assert max(signed for signed, *_ in decided) >= date(2026, 1, 1)
    [ratings_year] = {r["year"] for r in services.bodies("/v1/ratings", "22")}
    assert ratings_year == 2025


async def test_a_department_whose_successor_is_not_loaded_does_not_merge() -> None:
    services = await loaded("06")

    assert not any("/merger" in c.path or "/continuation" in c.path for c in services.calls)
    assert {c.agency for c in services.calls} == {"06"}


def test_the_stars_of_a_merged_department_are_its_predecessors_cstdcs_where_there_are_any() -> None:
    own = Directory(units=["board", "qltt"], members=["new-1", "new-2"])
    old = Directory(units=["old-board", "old-u1"], members=["a", "b", "c"], stars=["b"])

    found = lineage.taken_over(own, [old], 2016, "SCT34-08")
    assert (found.units, found.members) == (["board", "qltt", "old-u1"], ["new-1", "new-2", *"abc"])
    assert found.stars[0] == "b"
    assert len(set(found.stars)) == 2
    assert found.stars == lineage.taken_over(own, [old], 2016, "SCT34-08").stars  # seeded
    alone = lineage.taken_over(own, [], 2016, "SCT34-08")
    assert sorted(alone.stars) == ["new-1", "new-2"]
