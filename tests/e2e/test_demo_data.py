"""Issue 6: the demo loader fills the three services over HTTP (as processes, each on its
embedded PostgreSQL under the data dir, and Apache Kafka), and reporting then tells Hà Nội's
2016–2020 figures of seed 000. Issue 15: across 2025-07-01 the unchanged departments continue,
the others merge into the departments of the 34-province list, which take up their people;
each agency is counted once whatever the grouping, every year."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.auth import Role
from shared.reference.provinces import provinces_2025
from tests.harness.infra import KafkaHarness, eventually
from tests.harness.processes import ServiceProcess
from tests.harness.service_api import bearer
from tooling.demo import lineage, seeds
from tooling.demo.loader import AgencySpec, Directory, agencies, load, merged_award_rows
from tooling.demo.seed_people import seed_people

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(420)]

SECRET = "e2e-secret-of-at-least-thirty-two-bytes"


@pytest.fixture
async def services(
    kafka_harness: KafkaHarness, unique_prefix: str, tmp_path: Path
) -> AsyncIterator[dict[str, ServiceProcess]]:
    plan = await kafka_harness.grant(
        kafka_harness.plan(
            unique_prefix,
            awards_group=f"{unique_prefix}-awards",
            reporting_group=f"{unique_prefix}-reporting",
        )
    )
    common = {
        "kafka_bootstrap_servers": kafka_harness.bootstrap,
        "topic_prefix": unique_prefix,
        "jwt_secret": SECRET,
        "data_dir": str(tmp_path),
    }
    users = plan.users
    started = {
        "registry": ServiceProcess(
            "registry", {**common, **kafka_harness.service_settings(users.registry)}
        ),
        "awards": ServiceProcess(
            "awards",
            {
                **common,
                **kafka_harness.service_settings(users.awards),
                "consumer_group": plan.awards_group,
            },
        ),
        "reporting": ServiceProcess(
            "reporting",
            {
                **common,
                **kafka_harness.service_settings(users.reporting),
                "consumer_group": plan.reporting_group,
            },
        ),
    }
    try:
        for service in started.values():
            await service.start()
        yield started
    finally:
        for service in started.values():
            service.stop()


def headers(agency: str, role: Role = "officer") -> dict[str, str]:
    return bearer(SECRET, agency, [role])


async def test_demo_data_gives_ha_noi_its_published_figures(
    services: dict[str, ServiceProcess],
) -> None:
    urls = {name: service.url for name, service in services.items()}
    await load(urls, small=True, secret=SECRET, show_progress=False)
    expected = seeds.single_year_counts(seeds.HA_NOI_BATCHES, 2016, 2020)
    last: dict[str, Any] = {}

    async def figures_match() -> bool:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.get(
                f"{urls['reporting']}/v1/agencies/01/stats",
                params={"from": 2016, "to": 2020},
                headers=headers("01"),
            )
        assert response.status_code == 200, response.text
        last.update(response.json())
        counts = {a["award_code"]: a["awards"] for a in last["awards"]}
        return all(counts.get(code) == n for code, n in expected.items())

    await eventually(figures_match, timeout=60, message=f"Hà Nội's figures differ: {last}")
    assert expected["LDTT"] == 481  # "601 cá nhân đạt Lao động tiên tiến" less 2015's 120
    assert last["campaigns"]["total"] >= 5

    await departments_across_the_merger_are_registered_and_reported(urls)
    before = await settled(urls)

    # Loading again changes nothing: every command repeats its first outcome.
    await load(urls, small=True, secret=SECRET, show_progress=False)
    assert await figures_match()
    assert await settled(urls) == before


SMALL = agencies(small=True)
MERGED = [s for s in SMALL if s.merged]
CONTINUED = [s for s in SMALL if s.continues]
LOADED = {s.code for s in SMALL}


def after_the_merger(spec: AgencySpec) -> Directory:
    """A merged department's directory as the loader builds it, with made-up ids (the number
    of its awards and registrations depends on the sizes only): a predecessor's 10 members and
    the individuals its seed article commends (Bắc Kạn's 14, into Thái Nguyên)."""
    before = [
        Directory(
            units=[f"{code}-u{i}" for i in range(5 if code != seeds.BAC_KAN else 4)],
            members=[f"{code}-m{i}" for i in range(10 + len(seed_people(code)))],
            stars=[f"{code}-m0"],
        )
        for code in lineage.predecessors(spec, LOADED)
    ]
    own = Directory(units=["own-u0", "own-u1"], members=["own-m0", "own-m1"])
    return lineage.taken_over(own, before, 2016, spec.code)


def expected_awards(spec: AgencySpec) -> int:
    """How many awards the loader decides for ``spec`` in 2025."""
    return len(merged_award_rows(spec, after_the_merger(spec), 2016))


def expected_registrations(spec: AgencySpec) -> int:
    """Every unit but the board, every member, in its campaign of the second half of 2025."""
    found = after_the_merger(spec)
    return len(found.units) - 1 + len(found.members)


async def national(urls: dict[str, str], group_by: str, first: int, last: int) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(
            f"{urls['reporting']}/v1/national",
            params={"from": first, "to": last, "group_by": group_by, "limit": 500},
            headers=headers("BCT", "analyst"),
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def settled(urls: dict[str, str]) -> dict[str, Any]:
    """The national view of 2016–2025 by agency once three readings a second apart agree."""
    readings: list[dict[str, Any]] = []

    async def unchanged() -> dict[str, Any] | None:
        readings.append(await national(urls, "agency", 2016, 2025))
        last_three = readings[-3:]
        return (
            last_three[0]
            if len(last_three) == 3 and all(r == last_three[0] for r in last_three)
            else None
        )

    return await eventually(unchanged, timeout=60, interval=1.0, message="still changing")


async def departments_across_the_merger_are_registered_and_reported(urls: dict[str, str]) -> None:
    """The registry tells each department's lineage; reporting counts each agency once, the
    predecessors under their successor's province when grouped by the 34, the merged
    departments apart when by the 63, and the three groupings agree every year."""
    await lineage_told(urls)
    expected = {s.code: (expected_awards(s), expected_registrations(s)) for s in MERGED}
    last: dict[str, Any] = {}

    async def merged_awards_counted() -> bool:
        last.update(await national(urls, "agency", 2025, 2025))
        rows = {row["key"]: row for row in last["items"]}
        return all(
            code in rows
            and (rows[code]["awards"], rows[code]["registrations"]) == (awards, registrations)
            and rows[code]["campaigns"] == 1
            for code, (awards, registrations) in expected.items()
        )

    await eventually(merged_awards_counted, timeout=90, message=f"2025 differs: {last}")
    for year in range(2016, 2026):

        async def agree(year: int = year) -> list[dict[str, Any]] | None:
            return await three_views_agree(urls, year)

        message = f"totals of {year} differ by grouping"
        views = await eventually(agree, timeout=30, interval=1.0, message=message)
    by_agency, by_34, by_63 = views
    grouped_by_the_34(by_34)
    grouped_by_the_63(by_63, by_agency)


async def lineage_told(urls: dict[str, str]) -> None:
    """Continued: on the 34 list, not ceased; merged away: ceased on 2025-06-30 into its
    successor; merged: established 2025-07-01, continuing the predecessors the demo loads."""
    told = {}
    async with httpx.AsyncClient(timeout=10) as client:
        for spec in SMALL:
            response = await client.get(
                f"{urls['registry']}/v1/agencies/{spec.code}", headers=headers("BCT")
            )
            assert response.status_code == 200, response.text
            told[spec.code] = response.json()
    for spec in CONTINUED:
        agency = told[spec.code]
        assert (agency["province_list"], agency["province_code"]) == ("34", spec.province_code)
        assert (agency["ceased_on"], agency["successor_code"]) == (None, None)
    for spec in SMALL:
        if spec.successor:
            assert (told[spec.code]["ceased_on"], told[spec.code]["successor_code"]) == (
                "2025-06-30",
                spec.successor,
            )
    for spec in MERGED:
        agency = told[spec.code]
        assert agency["established_on"] == "2025-07-01"
        assert agency["predecessor_codes"] == lineage.predecessors(spec, LOADED)
    assert told["SCT34-24"]["name"] == "Sở Công Thương Bắc Ninh"
    assert told["SCT34-24"]["predecessor_codes"] == ["24", "27"]


COUNTS = ("campaigns", "awards", "awards_individual", "registrations", "initiatives_registered")


async def three_views_agree(urls: dict[str, str], year: int) -> list[dict[str, Any]] | None:
    """The year by agency, by the 34 and by the 63, if their totals agree and are the sums of
    the agencies' rows (nothing counted twice, nothing left out)."""
    views = [await national(urls, g, year, year) for g in ("agency", "province34", "province63")]
    totals = [{c: view["totals"][c] for c in COUNTS} for view in views]
    summed = {c: sum(row[c] for row in views[0]["items"]) for c in COUNTS}
    return views if totals[0] == totals[1] == totals[2] == summed else None


def grouped_by_the_34(by_34: dict[str, Any]) -> None:
    rows = {row["key"]: row for row in by_34["items"]}
    assert by_34["total"] == 34
    for spec in MERGED:
        row = rows[str(spec.province_code)]
        assert spec.code in row["agencies"]
        assert row["province_list"] == "34"
        assert row["name"] == provinces_2025()[str(spec.province_code)].name
    assert sorted(rows["19"]["agencies"]) == ["06", "SCT34-19"]  # Bắc Kạn merged into it
    assert sorted(rows["24"]["agencies"]) == ["24", "27", "SCT34-24"]
    assert rows["01"]["agencies"] == ["01"]  # Hà Nội continued: one agency


def grouped_by_the_63(by_63: dict[str, Any], by_agency: dict[str, Any]) -> None:
    """The merged departments stand apart, one row each, never in a row keyed by a 63-list
    province code; every agency is placed once."""
    assert by_63["total"] == 63
    assert all(row["province_list"] == "63" for row in by_63["items"])
    apart = {row["key"]: row for row in by_63["post_merger_agencies"]}
    assert sorted(apart) == [s.code for s in MERGED]
    assert all(row["province_list"] == "34" for row in apart.values())
    placed = [a for row in [*by_63["items"], *apart.values()] for a in row["agencies"]]
    assert len(placed) == len(set(placed))
    assert sorted(by_63["totals"]["agencies"]) == sorted(by_agency["totals"]["agencies"])
    # One row per department: a continued one (Hà Nội) has no department of the 34 beside it.
    departments = {s.code for s in SMALL if s.kind == "provincial_department"}
    assert {row["key"] for row in by_agency["items"]} == departments
