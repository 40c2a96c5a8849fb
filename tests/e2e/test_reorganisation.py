"""Issue 15, accepted over the public HTTP APIs: agencies across the 2025 reorganisation.

The three services run as processes on the real PostgreSQL and Kafka. Sở Công Thương Hà Nội
continues on 2025-07-01 (one agency, one history 2016–2026); the departments of Bắc Giang (24
on the 63 list) and Bắc Ninh (27) merge into Bắc Ninh of the 34 (``SCT34-24``), whose members
keep their ids and histories: a member of Bắc Giang with CSTĐCS 2023 and 2024 gets CSTĐCS 2025
from the new department and qualifies for CSTĐ cấp tỉnh on 2023–2025. Bắc Giang, ceased, is
refused anything dated 2026; the national totals agree by the 63, by the 34 and by agency.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from shared.auth import Role
from tests.harness.infra import KafkaHarness, eventually, unique_hex
from tests.harness.processes import ServiceProcess
from tests.harness.service_api import bearer
from tooling.demo import seeds

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

SECRET = "e2e-reorganisation-secret-of-at-least-32-bytes"
SERVICES = ("registry", "awards", "reporting")
BASIS = "Nghị quyết 202/2025/QH15"
HA_NOI, BAC_GIANG, BAC_NINH, NEW_BAC_NINH = "01", "24", "27", "SCT34-24"
YEARS = range(2016, 2027)
COUNTS = ("campaigns", "awards", "awards_collective", "awards_individual", "registrations")


class System:
    """The running services, called as an officer (or ``role``) of an agency."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls
        self.client = httpx.AsyncClient(timeout=30)

    async def post(
        self, service: str, path: str, caller: str, role: Role = "officer", **kwargs: Any
    ) -> httpx.Response:
        headers = bearer(SECRET, caller, [role]) | {"Idempotency-Key": str(uuid.uuid4())}
        return await self.client.post(self.urls[service] + path, headers=headers, **kwargs)

    async def created(self, service: str, path: str, caller: str, **kwargs: Any) -> Any:
        response = await self.post(service, path, caller, **kwargs)
        assert response.status_code in (200, 201), f"{path}: {response.text}"
        return response.json()

    async def get(
        self,
        service: str,
        path: str,
        caller: str,
        role: Role = "officer",
        params: dict[str, Any] | None = None,
    ) -> Any:
        response = await self.client.get(
            self.urls[service] + path, params=params, headers=bearer(SECRET, caller, [role])
        )
        assert response.status_code == 200, f"{path}: {response.status_code} {response.text}"
        return response.json()


@pytest.fixture(scope="module")
async def system(kafka_harness: KafkaHarness, make_postgres_database: Any) -> AsyncIterator[System]:
    prefix = f"t{unique_hex()}"
    plan = await kafka_harness.grant(
        kafka_harness.plan(
            prefix, awards_group=f"{prefix}-awards", reporting_group=f"{prefix}-reporting"
        )
    )
    groups = {"awards": plan.awards_group, "reporting": plan.reporting_group}
    started: dict[str, ServiceProcess] = {}
    try:
        for name in SERVICES:
            settings = {
                "kafka_bootstrap_servers": kafka_harness.bootstrap,
                "topic_prefix": prefix,
                "jwt_secret": SECRET,
                **kafka_harness.service_settings(getattr(plan.users, name)),
                "database_url": await make_postgres_database(),
            }
            if name in groups:
                settings["consumer_group"] = groups[name]
            started[name] = ServiceProcess(name, settings)
            await started[name].start()
        running = System({name: service.url for name, service in started.items()})
        yield running
        await running.client.aclose()
    finally:
        for service in started.values():
            service.stop()


@dataclass(frozen=True)
class People:
    """Who the scenario recorded: Hà Nội's member, Bắc Giang's two, Bắc Ninh's one."""

    ha_noi: str
    star: str  # of Bắc Giang: CSTĐCS 2023, 2024, then 2025 in Bắc Ninh of the 34
    colleague: str
    bac_ninh: str


async def register(system: System, code: str, name: str, province: str, **more: str) -> None:
    body: dict[str, Any] = {"agency_code": code, "name": name, "kind": "provincial_department"}
    body |= {"province_code": province, "province_list": "63", **more}
    await system.created("registry", "/v1/agencies", code, role="admin", json=body)


async def member_of(system: System, agency: str, unit: str, added_on: str = "2015-01-01") -> str:
    body: dict[str, Any] = {"agency": agency, "unit_id": unit, "added_on": added_on}
    body |= {"position_group": "official"}
    body |= {"full_name": "Nguyễn Văn An", "birth_year": 1980}
    created = await system.created("registry", "/v1/members", agency, json=body)
    return str(created["member_id"])


async def unit_of(system: System, agency: str, name: str, added_on: str = "2015-01-01") -> str:
    body = {"agency": agency, "name": name, "added_on": added_on}
    return str((await system.created("registry", "/v1/units", agency, json=body))["unit_id"])


async def campaign(system: System, agency: str, start: str, end: str) -> str:
    body = {
        "agency": agency,
        "title": f"Phong trào thi đua năm {start[:4]}",
        "form": "regular",
        "launching_level": "unit",
        "scope": "unit",
        "start_date": start,
        "end_date": end,
    }
    return str(
        (await system.created("registry", "/v1/campaigns", agency, json=body))["campaign_id"]
    )


async def imported(system: System, agency: str, rows: list[tuple[str, ...]]) -> None:
    """The agency's decisions, imported as a spreadsheet (history: the engine only warns)."""
    sheet = seeds.to_csv(seeds.regular(rows))
    files = {"file": ("khen_thuong.csv", sheet, "text/csv")}
    await system.created(
        "awards", "/v1/decisions/import", agency, data={"agency": agency}, files=files
    )


def yearly(
    number: int, year: int, authority: str, kind: str, who: str, award: str
) -> tuple[str, ...]:
    """A row of the director's decision ``number`` for ``year``, signed early in the next."""
    signed = f"{year + 1}-01-20"
    return (f"{number}/QĐ-SCT", signed, authority, kind, who, award, str(year))


SO_HA_NOI, UBND_HA_NOI = "Giám đốc Sở Công Thương Hà Nội", "UBND thành phố Hà Nội"
SO_BAC_GIANG = "Giám đốc Sở Công Thương Bắc Giang"


async def ha_noi_before(system: System) -> str:
    """Hà Nội of the 63: a member with LĐTT 2016 and 2022, its own flag 2022–2024."""
    await register(system, HA_NOI, "Sở Công Thương Hà Nội", HA_NOI)
    member = await member_of(system, HA_NOI, await unit_of(system, HA_NOI, "Văn phòng Sở"))
    for start in ("2016-01-15", "2021-01-15"):
        await campaign(system, HA_NOI, start, f"{start[:4]}-12-31")
    rows = [
        yearly(100 + y, y, SO_HA_NOI, "Cá nhân", member, "Lao động tiên tiến") for y in (2016, 2022)
    ]
    rows += [
        (
            f"{300 + y - 2000}/QĐ-UBND",
            f"{y + 1}-03-10",
            UBND_HA_NOI,
            "Cơ quan",
            HA_NOI,
            "Cờ thi đua tỉnh",
            str(y),
        )
        for y in (2022, 2023, 2024)
    ]
    await imported(system, HA_NOI, rows)
    return member


async def ha_noi_after(system: System, member: str) -> None:
    """The same agency after 2025-07-01: campaigns of 2025 and 2026, its 2025 titles."""
    body = {
        "on": "2025-07-01",
        "province_code": HA_NOI,
        "province_list": "34",
        "legal_basis": BASIS,
    }
    await system.created(
        "registry", f"/v1/agencies/{HA_NOI}/continuation", HA_NOI, role="admin", json=body
    )
    await campaign(system, HA_NOI, "2025-09-01", "2025-12-31")
    await campaign(system, HA_NOI, "2026-01-15", "2026-12-31")
    rows = [
        yearly(2125, 2025, SO_HA_NOI, "Cá nhân", member, "Lao động tiên tiến"),
        ("325/QĐ-UBND", "2026-03-10", UBND_HA_NOI, "Cơ quan", HA_NOI, "Cờ thi đua tỉnh", "2025"),
    ]
    await imported(system, HA_NOI, rows)


async def bac_giang_and_bac_ninh_before(system: System) -> tuple[str, str, str]:
    """Bắc Giang: a member with LĐTT and CSTĐCS 2023 and 2024 and an initiative recognised at
    the province's level in 2024, a colleague with LĐTT 2024; Bắc Ninh: a member with LĐTT 2024."""
    await register(system, BAC_GIANG, "Sở Công Thương Bắc Giang", BAC_GIANG)
    await register(system, BAC_NINH, "Sở Công Thương Bắc Ninh", BAC_NINH)
    office = await unit_of(system, BAC_GIANG, "Phòng Quản lý công nghiệp")
    star, colleague = (
        await member_of(system, BAC_GIANG, office),
        await member_of(system, BAC_GIANG, office),
    )
    other = await member_of(system, BAC_NINH, await unit_of(system, BAC_NINH, "Văn phòng Sở"))
    await campaign(system, BAC_GIANG, "2024-01-15", "2024-12-31")
    await campaign(system, BAC_NINH, "2024-01-20", "2024-12-31")
    rows = [
        yearly(150 + y, y, SO_BAC_GIANG, "Cá nhân", star, award)
        for y in (2023, 2024)
        for award in ("Lao động tiên tiến", "Chiến sỹ thi đua cơ sở")
    ]
    rows.append(yearly(2174, 2024, SO_BAC_GIANG, "Cá nhân", colleague, "Lao động tiên tiến"))
    await imported(system, BAC_GIANG, rows)
    director = "Giám đốc Sở Công Thương Bắc Ninh"
    await imported(
        system,
        BAC_NINH,
        [yearly(2094, 2024, director, "Cá nhân", other, "Lao động tiên tiến")],
    )
    await initiative(system, BAC_GIANG, star, 2024)
    return star, colleague, other


async def initiative(system: System, agency: str, author: str, year: int) -> None:
    body = {
        "agency": agency,
        "title": f"Sáng kiến năm {year}",
        "author_ids": [author],
        "year": year,
    }
    created = await system.created("registry", "/v1/initiatives", agency, json=body)
    recognised = {"level": "ministry_province", "recognised_on": f"{year}-11-20"}
    path = f"/v1/initiatives/{created['initiative_id']}/recognitions"
    await system.created("registry", path, agency, json=recognised)


async def the_merger(system: System) -> None:
    """Bắc Ninh of the 34 is established and continues Bắc Giang and Bắc Ninh of the 63."""
    body = {
        "agency_code": NEW_BAC_NINH,
        "name": "Sở Công Thương Bắc Ninh",
        "kind": "provincial_department",
        "province_code": "24",
        "province_list": "34",
        "established_on": "2025-07-01",
    }
    await system.created("registry", "/v1/agencies", NEW_BAC_NINH, role="admin", json=body)
    merger = {"predecessor_codes": [BAC_GIANG, BAC_NINH], "on": "2025-07-01", "legal_basis": BASIS}
    path = f"/v1/agencies/{NEW_BAC_NINH}/merger"
    await system.created("registry", path, NEW_BAC_NINH, role="admin", json=merger)
    await campaign(system, NEW_BAC_NINH, "2025-07-15", "2025-12-31")


@pytest.fixture(scope="module")
async def people(system: System) -> People:
    ha_noi = await ha_noi_before(system)
    star, colleague, other = await bac_giang_and_bac_ninh_before(system)
    await ha_noi_after(system, ha_noi)
    await the_merger(system)
    await the_successor_grants_2025(system, star, other)
    return People(ha_noi, star, colleague, other)


async def the_successor_grants_2025(system: System, star: str, other: str) -> None:
    """Bắc Ninh of the 34 records its member's initiative of 2025 and decides LĐTT and CSTĐCS
    2025, judged by the engine (once the awards service has heard of the transfers)."""
    await initiative(system, NEW_BAC_NINH, star, 2025)
    awards = [(star, "LDTT"), (star, "CSTDCS"), (other, "LDTT")]
    decision = {
        "agency": NEW_BAC_NINH,
        "number": "1234/QĐ-SCT",
        "signed_on": "2025-12-26",
        "issuing_authority": "Giám đốc Sở Công Thương Bắc Ninh",
        "authority_level": "unit",
        "awards": [
            {
                "recipient_kind": "member",
                "recipient_id": who,
                "award_code": code,
                "achievement_year": 2025,
            }
            for who, code in awards
        ],
    }

    async def recorded() -> bool:
        response = await system.post("awards", "/v1/decisions", NEW_BAC_NINH, json=decision)
        assert response.status_code == 201, response.text
        return True

    await eventually(recorded, timeout=90, interval=1.0, message="the 2025 decision refused")


async def test_ha_noi_is_one_agency_with_one_history_2016_2026(
    system: System, people: People
) -> None:
    agency = await system.get("registry", f"/v1/agencies/{HA_NOI}", HA_NOI)
    told = (agency["province_list"], agency["province_code"], agency["ceased_on"])
    assert told == ("34", HA_NOI, None)
    path = f"/v1/agencies/{HA_NOI}/stats"

    async def counted_under_one_code() -> dict[str, Any]:
        stats: dict[str, Any] = await system.get(
            "reporting", path, HA_NOI, params={"from": 2016, "to": 2026}
        )
        by_code = {a["award_code"]: a for a in stats["awards"]}
        ldtt = by_code.get("LDTT", {})
        assert (ldtt.get("individual"), ldtt.get("recipients_individual")) == (3, 1), stats
        assert by_code["CO_THI_DUA_TINH"]["agency_itself"] == 4
        assert stats["campaigns"]["total"] == 4
        return stats

    stats = await eventually(counted_under_one_code, timeout=90, interval=1.0, message="Hà Nội")
    assert stats["agencies_counted"] == [HA_NOI]
    rows = await national(system, "agency", 2016, 2026)
    # One row for Hà Nội, no department of the 34 beside it.
    assert {r["key"] for r in rows["items"]} == {HA_NOI, BAC_GIANG, BAC_NINH, NEW_BAC_NINH}

    told = await system.get(
        "reporting", f"/v1/agencies/{HA_NOI}/narrative", HA_NOI, params={"from": 2021, "to": 2025}
    )
    first = told["paragraphs"][0]
    assert first.startswith("Giai đoạn 2021 – 2025, Sở Công Thương Hà Nội đã có"), first
    assert "04 năm liền (2022 – 2025)" in first  # its flag, before and after the merger
    assert "02 lượt cá nhân (01 người) đạt danh hiệu Lao động tiên tiến" in first


async def test_a_member_of_bac_giang_keeps_the_streak_in_bac_ninh_of_the_34(
    system: System, people: People
) -> None:
    member = await system.get("registry", f"/v1/members/{people.star}", NEW_BAC_NINH)
    assert member["agency"] == NEW_BAC_NINH
    moves = [(t["from_agency"], t["to_agency"], t["on"]) for t in member["transfers"]]
    assert moves == [(BAC_GIANG, NEW_BAC_NINH, "2025-07-01")]
    successor = await system.get("registry", f"/v1/agencies/{NEW_BAC_NINH}", NEW_BAC_NINH)
    assert successor["predecessor_codes"] == [BAC_GIANG, BAC_NINH]
    ceased = await system.get("registry", f"/v1/agencies/{BAC_GIANG}", BAC_GIANG)
    assert (ceased["ceased_on"], ceased["successor_code"]) == ("2025-06-30", NEW_BAC_NINH)

    question = {
        "agency": NEW_BAC_NINH,
        "recipient_kind": "member",
        "recipient_id": people.star,
        "award_code": "CSTD_TINH",
        "year": 2025,
    }

    async def eligible() -> dict[str, Any]:
        verdict: dict[str, Any] = await system.get(
            "awards", "/v1/eligibility", NEW_BAC_NINH, params=question
        )
        assert verdict["status"] == "eligible", verdict
        return verdict

    await eventually(eligible, timeout=90, interval=1.0, message="CSTĐ cấp tỉnh 2023–2025")
    await streak_runs_across_the_merger(system, people.star)


async def streak_runs_across_the_merger(system: System, star: str) -> None:
    """Reporting: the member's CSTĐCS under Bắc Giang and under Bắc Ninh of the 34 make one
    run 2023–2025 when the predecessors are counted; 2025 alone when they are not."""
    asked = {"agency": NEW_BAC_NINH, "code": "CSTDCS", "recipient_kind": "member", "min_years": 1}

    async def run_of(**more: Any) -> tuple[int, int, int] | None:
        page = await system.get("reporting", "/v1/streaks", NEW_BAC_NINH, params=asked | more)
        mine = [s["longest"] for s in page["items"] if s["recipient_id"] == star]
        return (mine[0]["year_from"], mine[0]["year_to"], mine[0]["years"]) if mine else None

    async def one_run() -> bool:
        return await run_of(include_predecessors="true") == (2023, 2025, 3)

    await eventually(one_run, timeout=60, interval=1.0, message="CSTĐCS run 2023–2025")
    assert await run_of() == (2025, 2025, 1)


async def test_bac_ninh_of_the_34_counts_its_predecessors_only_when_asked(
    system: System, people: People
) -> None:
    path = f"/v1/agencies/{NEW_BAC_NINH}/stats"
    period: dict[str, Any] = {"from": 2023, "to": 2025}

    async def counted(**asked: Any) -> tuple[list[str], tuple[int, int], tuple[int, int]]:
        stats = await system.get("reporting", path, NEW_BAC_NINH, params=period | asked)
        by_code = {a["award_code"]: a for a in stats["awards"]}
        tally = [by_code.get(c, {}) for c in ("CSTDCS", "LDTT")]
        pairs = [(t.get("individual", 0), t.get("recipients_individual", 0)) for t in tally]
        return stats["agencies_counted"], pairs[0], pairs[1]

    async def own_only() -> bool:
        return await counted() == ([NEW_BAC_NINH], (1, 1), (2, 2))

    async def with_predecessors() -> bool:
        told = await counted(include_predecessors="true")
        return told == ([NEW_BAC_NINH, BAC_GIANG, BAC_NINH], (3, 1), (6, 3))

    await eventually(own_only, timeout=90, interval=1.0, message="its own 2025")
    await eventually(with_predecessors, timeout=30, interval=1.0, message="with predecessors")


async def national(system: System, group_by: str, first: int, last: int) -> dict[str, Any]:
    params = {"from": first, "to": last, "group_by": group_by, "limit": 500}
    body: dict[str, Any] = await system.get("reporting", "/v1/national", "BCT", "analyst", params)
    return body


AWARDS_BY_YEAR = {2016: 1, 2022: 2, 2023: 3, 2024: 5, 2025: 5}
"""Awards by achievement year: Hà Nội's, Bắc Giang's, Bắc Ninh's, Bắc Ninh of the 34's."""


async def one_year_agrees(system: System, year: int) -> dict[str, dict[str, Any]]:
    """The year by agency, by the 63 and by the 34: the same totals, the sum of the agencies'."""
    views = {
        g: await national(system, g, year, year) for g in ("agency", "province63", "province34")
    }
    totals = [{c: view["totals"][c] for c in COUNTS} for view in views.values()]
    assert totals[0] == totals[1] == totals[2], (year, totals)
    summed = {c: sum(row[c] for row in views["agency"]["items"]) for c in COUNTS}
    assert summed == totals[0], (year, summed, totals[0])
    assert totals[0]["awards"] == AWARDS_BY_YEAR.get(year, 0), (year, totals[0])
    return views


async def test_national_totals_agree_by_63_by_34_and_by_agency_every_year(
    system: System, people: People
) -> None:
    async def every_year() -> dict[int, dict[str, dict[str, Any]]]:
        return {year: await one_year_agrees(system, year) for year in YEARS}

    views = await eventually(every_year, timeout=120, interval=2.0, message="national totals")

    by_63 = {r["key"]: r for r in views[2024]["province63"]["items"]}
    by_34 = {r["key"]: r for r in views[2024]["province34"]["items"]}
    # 2024 by the 63: as it was; by the 34: rolled into today's Bắc Ninh.
    assert (by_63[BAC_GIANG]["awards"], by_63[BAC_NINH]["awards"]) == (3, 1)
    assert by_34["24"]["awards"] == 4
    assert sorted(by_34["24"]["agencies"]) == [BAC_GIANG, BAC_NINH, NEW_BAC_NINH]
    assert by_34[HA_NOI]["agencies"] == [HA_NOI]
    after = views[2025]["province63"]
    apart = {r["key"]: r["awards"] for r in after["post_merger_agencies"]}
    assert apart == {NEW_BAC_NINH: 3}
    assert all(NEW_BAC_NINH not in row["agencies"] for row in after["items"])
    assert {r["key"]: r["awards"] for r in after["items"] if r["awards"]} == {HA_NOI: 2}


async def test_a_ceased_department_is_refused_2026_but_may_correct_its_past(
    system: System, people: People
) -> None:
    late = {
        "agency": BAC_GIANG,
        "title": "Phong trào thi đua năm 2026",
        "form": "regular",
        "launching_level": "unit",
        "scope": "unit",
        "start_date": "2026-01-15",
        "end_date": "2026-12-31",
    }
    refused = await system.post("registry", "/v1/campaigns", BAC_GIANG, json=late)
    assert refused.status_code == 409, refused.text
    assert NEW_BAC_NINH in refused.json()["detail"]
    assert refused.json()["current"]["successor_code"] == NEW_BAC_NINH
    past = {**late, "title": "Bổ sung phong trào 6 tháng đầu năm 2025"}
    past |= {"start_date": "2025-03-01", "end_date": "2025-06-30"}
    assert (await system.post("registry", "/v1/campaigns", BAC_GIANG, json=past)).status_code == 201

    # Not eligible either (and its recipient has moved): whether the awards service has heard
    # of the cessation yet or not, nothing is recorded; once it has, the answer is 409.
    decision = {
        "agency": BAC_GIANG,
        "number": "12/QĐ-UBND",
        "signed_on": "2026-02-10",
        "issuing_authority": "UBND tỉnh Bắc Giang",
        "authority_level": "ministry_province",
        "awards": [
            {
                "recipient_kind": "member",
                "recipient_id": people.colleague,
                "award_code": "CSTD_TINH",
                "achievement_year": 2025,
            }
        ],
    }

    async def refused_by_awards() -> dict[str, Any]:
        response = await system.post("awards", "/v1/decisions", BAC_GIANG, json=decision)
        assert response.status_code == 409, response.text
        problem: dict[str, Any] = response.json()
        return problem

    problem = await eventually(refused_by_awards, timeout=60, interval=1.0, message="2026 decision")
    assert NEW_BAC_NINH in problem["detail"], problem
    assert problem["current"]["successor_code"] == NEW_BAC_NINH
