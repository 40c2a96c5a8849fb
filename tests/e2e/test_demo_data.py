"""Issue 6: the demo loader fills the three services over HTTP (as processes, each on its
embedded PostgreSQL under the data dir, and Apache Kafka), and reporting then tells Hà Nội's
2016–2020 figures of seed 000 and shows the departments of the 34-province list (from
2025-07-01) under their own provinces."""

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
from tooling.demo import seeds
from tooling.demo.loader import AgencySpec, Directory, agencies, load, merged_award_rows

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

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

    await departments_of_the_34_are_registered_and_reported(urls)
    before = await settled(urls)

    # Loading again changes nothing: every command repeats its first outcome.
    await load(urls, small=True, secret=SECRET, show_progress=False)
    assert await figures_match()
    assert await settled(urls) == before


MERGED = [s for s in agencies(small=True) if s.province_list == "34"]


def expected_awards(spec: AgencySpec) -> int:
    """How many awards the loader decides for ``spec`` (the count does not depend on ids)."""
    directory = Directory(units=[f"u{i}" for i in range(5)], members=[f"m{i}" for i in range(8)])
    return len(merged_award_rows(spec, directory, 2016))


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


async def departments_of_the_34_are_registered_and_reported(urls: dict[str, str]) -> None:
    """The registry lists the 34-list departments on their list; reporting counts each of them
    once, under its own province when grouped by the 34, and nowhere twice when by the 63."""
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(
            f"{urls['registry']}/v1/agencies",
            params={"province_list": "34"},
            headers=headers("BCT"),
        )
    assert response.status_code == 200, response.text
    listed = {a["agency_code"]: a for a in response.json()["items"]}
    assert sorted(listed) == [s.code for s in MERGED]
    assert [s.code for s in MERGED] == ["SCT34-01", "SCT34-19", "SCT34-24", "SCT34-79"]
    assert listed["SCT34-24"]["name"] == "Sở Công Thương Bắc Ninh"
    assert {(a["province_list"], a["current_province_code"]) for a in listed.values()} == {
        ("34", s.province_code) for s in MERGED
    }

    expected = {s.code: expected_awards(s) for s in MERGED}
    last: dict[str, Any] = {}

    async def merged_awards_counted() -> bool:
        last.update(await national(urls, "agency", 2025, 2025))
        rows = {row["key"]: row for row in last["items"]}
        return all(
            code in rows
            and rows[code]["awards"] == n
            and (rows[code]["campaigns"], rows[code]["registrations"]) == (1, 4 + 8)
            for code, n in expected.items()
        )

    await eventually(merged_awards_counted, timeout=60, message=f"2025 differs: {last}")

    # Every agency counted once whatever the grouping: the totals agree.
    async def three_views_agree() -> list[dict[str, Any]] | None:
        views = [
            await national(urls, g, 2025, 2025) for g in ("agency", "province34", "province63")
        ]
        sums = [{k: v for k, v in view["totals"].items() if k != "agencies"} for view in views]
        return views if sums[0] == sums[1] == sums[2] else None

    views = await eventually(
        three_views_agree, timeout=30, interval=1.0, message="totals differ by grouping"
    )
    by_agency, by_34, by_63 = views

    rows_34 = {row["key"]: row for row in by_34["items"]}
    assert by_34["total"] == 34
    for spec in MERGED:
        row = rows_34[str(spec.province_code)]
        assert spec.code in row["agencies"]
        assert row["province_list"] == "34"
        assert row["name"] == provinces_2025()[str(spec.province_code)].name
    assert sorted(rows_34["19"]["agencies"]) == ["06", "SCT34-19"]  # Bắc Kạn merged into it
    assert rows_34["24"]["agencies"] == ["SCT34-24"]  # not Bắc Giang, the 63-list "24"

    # Grouped by the 63, the 34-list departments stand apart, one row each, never in a row
    # keyed by a 63-list province code.
    assert by_63["total"] == 63
    assert all(row["province_list"] == "63" for row in by_63["items"])
    apart = {row["key"]: row for row in by_63["post_merger_agencies"]}
    assert sorted(apart) == sorted(expected)
    assert all(row["province_list"] == "34" for row in apart.values())
    placed = [a for row in [*by_63["items"], *apart.values()] for a in row["agencies"]]
    assert len(placed) == len(set(placed))
    for grouped in (by_34, by_63):
        assert sorted(grouped["totals"]["agencies"]) == sorted(by_agency["totals"]["agencies"])
