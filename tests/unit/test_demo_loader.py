"""The demo loader's agencies, what it sends for a department across the 2025 reorganisation
(continued, or merged into a department of the 34-province list), checked without services:
the HTTP calls go to a recording transport."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx

from services.awards.imports.columns import locate_columns
from services.awards.imports.grouping import group_rows
from services.awards.imports.rows import parse_row
from services.awards.imports.spreadsheet import read_sheet
from shared.reference.provinces import provinces_2008, provinces_2025
from tooling.demo import lineage, seeds
from tooling.demo.loader import (
    AgencySpec,
    DemoClient,
    Directory,
    agencies,
    agency_code_34,
    award_decisions,
    build_directory,
    campaigns_and_registrations,
    merged_award_rows,
    ratings_and_initiatives,
    register_agency,
)

SEED = 2016


def departments(specs: list[AgencySpec], list_: str) -> list[AgencySpec]:
    return [s for s in specs if s.kind == "provincial_department" and s.province_list == list_]


UNCHANGED = {"01", "04", "11", "12", "14", "20", "22", "38", "40", "42", "46"}
"""Hà Nội, Cao Bằng, Điện Biên, Lai Châu, Sơn La, Lạng Sơn, Quảng Ninh, Thanh Hóa, Nghệ An,
Hà Tĩnh and Huế: the provinces the reorganisation left as they were."""


def test_every_department_once_the_unchanged_continuing_the_others_merged() -> None:
    specs = agencies()
    old, new = departments(specs, "63"), departments(specs, "34")

    assert [s.code for s in old] == list(provinces_2008())
    assert {s.code for s in old if s.continues} == UNCHANGED
    assert [s.province_code for s in new] == sorted(set(provinces_2025()) - UNCHANGED)
    assert [s.code for s in new] == [agency_code_34(s.province_code or "") for s in new]
    assert len({s.code for s in specs}) == len(specs) == 63 + 23 + 3
    # A 34-list code is never a province code, so it cannot be read as one of the 63.
    assert not {s.code for s in new} & set(provinces_2008())
    assert {s.name for s in new} >= {
        "Sở Công Thương Bắc Ninh",
        "Sở Công Thương Thái Nguyên",
        "Sở Công Thương Đắk Lắk",
    }
    bac_ninh = next(s for s in new if s.code == "SCT34-24")
    assert (bac_ninh.name, bac_ninh.merged) == ("Sở Công Thương Bắc Ninh", True)
    bac_giang = next(s for s in old if s.code == "24")
    assert (bac_giang.name, bac_giang.successor) == ("Sở Công Thương Bắc Giang", "SCT34-24")
    loaded = {s.code for s in specs}
    assert lineage.predecessors(bac_ninh, loaded) == ["24", "27"]
    # Every merged-away department has its successor among the demo's agencies, once.
    successors = [s.successor for s in old if not s.continues]
    assert len(successors) == 63 - 11
    assert set(successors) == {s.code for s in new}
    merged_from = [c for s in new for c in lineage.predecessors(s, loaded)]
    assert sorted(merged_from) == sorted(s.code for s in old if not s.continues)


def test_huế_continues_under_its_new_name_on_the_34_list() -> None:
    hue = next(s for s in agencies() if s.code == "46")
    assert (hue.name, hue.continues, hue.dissolved_on, hue.titled_years) == (
        "Sở Công Thương Thừa Thiên Huế",
        True,
        None,
        range(2016, 2026),
    )
    assert lineage.continuation_body(hue) == {
        "on": "2025-07-01",
        "province_code": "46",
        "province_list": "34",
        "name": "Sở Công Thương Huế",
        "legal_basis": "Nghị quyết 202/2025/QH15",
    }
    ha_noi = next(s for s in agencies() if s.code == "01")
    assert "name" not in lineage.continuation_body(ha_noi)


def test_the_small_demo_keeps_a_handful_of_each_list() -> None:
    specs = agencies(small=True)
    old, new = departments(specs, "63"), departments(specs, "34")

    assert {s.code for s in old} >= {seeds.HA_NOI, seeds.BAC_KAN, seeds.HA_TINH}
    assert {s.code for s in old if s.continues} == {"01", "22", "42"}
    assert [s.code for s in new] == ["SCT34-08", "SCT34-19", "SCT34-24", "SCT34-79"]
    assert len(specs) <= 15


def test_the_peoples_committee_of_a_city_is_a_city_one() -> None:
    new = {s.province_code: s for s in departments(agencies(), "34")}

    assert new["79"].province_authority == "UBND thành phố Hồ Chí Minh"
    assert new["24"].province_authority == "UBND tỉnh Bắc Ninh"
    # The 63-list departments keep what earlier loads sent (re-loading changes nothing).
    assert agencies()[0].province_authority == "UBND tỉnh Hà Nội"


class Recorder:
    """Answers every POST as the services would, remembering path and body."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        body: Any = request.content
        if request.headers.get("content-type", "").startswith("application/json"):
            body = json.loads(request.content)
        self.calls.append((path, body))
        n = len(self.calls)
        ids = {
            "/v1/units": "unit_id",
            "/v1/members": "member_id",
            "/v1/campaigns": "campaign_id",
            "/v1/initiatives": "initiative_id",
            "/v1/blocs": "bloc_id",
            "/v1/proposals": "proposal_id",
        }
        if path in ids:
            return httpx.Response(201, json={ids[path]: f"id-{n}"})
        return httpx.Response(201, json={})

    def bodies(self, path: str) -> list[Any]:
        return [body for p, body in self.calls if p == path]


async def load_one(spec: AgencySpec, ratings: bool = False) -> tuple[Recorder, Directory]:
    recorder = Recorder()
    urls = {"registry": "http://registry", "awards": "http://awards"}
    api = DemoClient(urls)
    await api.client.aclose()
    api.client = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    try:
        await register_agency(api, spec)
        found = await build_directory(api, spec, SEED)
        await campaigns_and_registrations(api, spec, found, SEED)
        if ratings:
            await ratings_and_initiatives(api, spec, found, SEED)
        await award_decisions(api, spec, found, SEED)
    finally:
        await api.aclose()
    return recorder, found


def test_a_34_list_departments_awards_are_for_2025_decided_in_december_2025() -> None:
    for spec in departments(agencies(), "34"):
        found = Directory(
            units=[f"{spec.code}-u{i}" for i in range(5)],
            members=[f"{spec.code}-m{i}" for i in range(8)],
            stars=[f"{spec.code}-m3", f"{spec.code}-m5"],
        )
        rows = merged_award_rows(spec, found, SEED)
        assert rows == merged_award_rows(spec, found, SEED)  # deterministic

        sheet = read_sheet(seeds.to_csv(rows))
        columns = locate_columns(sheet.header)
        groups, errors = group_rows(spec.code, [parse_row(row, columns) for row in sheet.rows])

        assert errors == [], (spec.code, errors)
        for group in groups:
            decision = group.command
            assert date(2025, 12, 1) <= decision.signed_on <= date(2025, 12, 31)
            assert {(a.year_from, a.year_to) for a in decision.awards} == {(2025, 2025)}
        codes = [a.award_code for g in groups for a in g.command.awards]
        assert (codes.count("CSTDCS"), codes.count("TTLDTT")) == (2, 3)
        assert sorted(r[4] for r in rows if r[5] == "Chiến sỹ thi đua cơ sở") == found.stars
        assert 5 <= codes.count("LDTT") <= 7


def decisions_sent(recorder: Recorder, spec: AgencySpec) -> list[Any]:
    [upload] = [body for path, body in recorder.calls if path == "/v1/decisions/import"]
    sheet = read_sheet(upload.split(b"\r\n\r\n", 2)[-1].rsplit(b"\r\n--", 1)[0])
    columns = locate_columns(sheet.header)
    groups, errors = group_rows(spec.code, [parse_row(row, columns) for row in sheet.rows])
    assert errors == []
    return [group.command for group in groups]


async def test_a_63_list_department_ceases_with_the_merger() -> None:
    """Its 2025 campaign ends on the merger's eve; its yearly titles stop at 2024, decided
    before the merger; a ministry unit goes on to 2025."""
    old = next(s for s in agencies(small=True) if s.code == "02")
    recorder, _ = await load_one(old)

    campaigns = {c["start_date"][:4]: c["end_date"] for c in recorder.bodies("/v1/campaigns")}
    assert (campaigns["2024"], campaigns["2025"]) == ("2024-12-31", "2025-06-30")
    decisions = decisions_sent(recorder, old)
    assert max(a.year_to for d in decisions for a in d.awards) == 2024
    assert max(d.signed_on for d in decisions) < date(2025, 7, 1)
    assert old.titled_years == range(2016, 2025)

    ministry = next(s for s in agencies(small=True) if s.kind == "ministry_unit")
    recorder, _ = await load_one(ministry)
    assert max(c["end_date"] for c in recorder.bodies("/v1/campaigns")) == "2025-12-31"
    assert max(a.year_to for d in decisions_sent(recorder, ministry) for a in d.awards) == 2025
