"""Issue 17: the dashboard in Debian's Chromium, on the three services as processes (real
Apache Kafka and PostgreSQL) filled by a part of the demo history, recorded through the
services' APIs: Hà Nội (which continues on the 34 list), Bắc Giang and Bắc Ninh (which merge
into Bắc Ninh of the 34, also loaded) and a ministry unit, 2016–2025, with their campaigns,
registrations and awards at several levels. The page reaches no host but
the service; its figures are the API's; a province's bar opens its agency; the 63/34 toggle
regroups; an officer cannot open another agency; the controls are reachable by keyboard.

``TDKT_DASHBOARD_SCREENSHOTS=<dir>`` also saves the two pages as PNG there (docs/ holds them).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import BrowserContext, Page

from shared.auth import Role
from tests.harness.browser import ClosedNetwork, closed_browser
from tests.harness.infra import KafkaHarness, eventually, unique_hex
from tests.harness.processes import ServiceProcess
from tests.harness.service_api import bearer
from tooling.demo import seeds
from tooling.demo.loader import load

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

SECRET = "e2e-secret-of-at-least-thirty-two-bytes"
HISTORY = frozenset({seeds.HA_NOI, "24", "27", "SCT34-24", seeds.CUC})
"""The demo's agencies this module records: both groupings, a merger, a ministry unit."""
NATION_FIGURES = (
    "campaigns",
    "registrations",
    "awards",
    "awards_state",
    "awards_ministry_province",
    "awards_unit",
    "initiatives_recognised",
    "proposals_pending",
)


def raw_token(agency: str, role: Role) -> str:
    return bearer(SECRET, agency, [role])["Authorization"].removeprefix("Bearer ")


@pytest.fixture(scope="module")
async def system(
    kafka_harness: KafkaHarness, make_postgres_database: Any
) -> AsyncIterator[dict[str, str]]:
    """Registry, awards and reporting as processes, with the demo history of ``HISTORY``."""
    prefix = f"t{unique_hex()}"
    plan = await kafka_harness.grant(
        kafka_harness.plan(
            prefix, awards_group=f"{prefix}-awards", reporting_group=f"{prefix}-reporting"
        )
    )
    common = {
        "kafka_bootstrap_servers": kafka_harness.bootstrap,
        "topic_prefix": prefix,
        "jwt_secret": SECRET,
    }
    groups = {"awards": plan.awards_group, "reporting": plan.reporting_group}
    services = [
        ServiceProcess(
            name,
            {
                **common,
                **kafka_harness.service_settings(getattr(plan.users, name)),
                "database_url": await make_postgres_database(),
                **({"consumer_group": groups[name]} if name in groups else {}),
            },
        )
        for name in ("registry", "awards", "reporting")
    ]
    try:
        for service in services:
            await service.start()
        urls = {service.name: service.url for service in services}
        await load(urls, small=True, only=HISTORY, secret=SECRET, show_progress=False)
        await settled(urls["reporting"])
        yield urls
    finally:
        for service in services:
            service.stop()


async def api(base: str, path: str, role: Role = "analyst", **params: Any) -> Any:
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        response = await client.get(path, params=params, headers=bearer(SECRET, "01", [role]))
    assert response.status_code == 200, response.text
    return response.json()


async def settled(base: str) -> None:
    """Until three readings of the national view, a second apart, agree."""
    readings: list[Any] = []

    async def unchanged() -> bool:
        readings.append(await api(base, "/v1/national", **{"from": 2016, "to": 2025}))
        return len(readings) >= 3 and readings[-1] == readings[-2] == readings[-3]

    await eventually(unchanged, timeout=90, interval=1.0, message="reporting still changing")


@pytest.fixture(scope="module")
async def browser(
    system: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[BrowserContext, ClosedNetwork]]:
    async with closed_browser(system["reporting"], tmp_path_factory.mktemp("chromium")) as opened:
        yield opened
    assert opened[1].refused == [], f"requests left the machine: {opened[1].refused}"


@pytest.fixture
async def page(browser: tuple[BrowserContext, ClosedNetwork]) -> AsyncIterator[Page]:
    opened = await browser[0].new_page()
    yield opened
    await opened.close()


async def sign_in(page: Page, base: str, route: str, token: str) -> None:
    await page.goto(f"{base}/dashboard#{route}")
    await page.evaluate("sessionStorage.clear()")
    await page.reload()
    await page.get_by_label("Mã truy cập (JWT)").fill(token)
    await page.get_by_role("button", name="Đăng nhập").click()


async def figures(page: Page) -> dict[str, str]:
    await page.locator("[data-figure]").first.wait_for()
    found: dict[str, str] = await page.eval_on_selector_all(
        "[data-figure]",
        "nodes => Object.fromEntries(nodes.map(n => [n.dataset.figure, n.textContent]))",
    )
    return found


def number(text: str) -> int:
    return int(text.replace(".", ""))  # vi-VN groups thousands with dots


async def ranked_keys(page: Page) -> list[str]:
    keys: list[str] = await page.eval_on_selector_all(
        "#ranking-table [data-row]", "nodes => nodes.map(n => n.dataset.row)"
    )
    return keys


def national_keys(report: dict[str, Any]) -> set[str]:
    return {row["key"] for row in [*report["items"], *report["post_merger_agencies"]]}


async def test_nation_page_shows_the_national_totals_from_this_service_only(
    system: dict[str, str], page: Page, browser: tuple[BrowserContext, ClosedNetwork]
) -> None:
    base = system["reporting"]
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    await sign_in(
        page,
        base,
        "/quoc-gia?from=2016&to=2020&nhom=province63&xep=awards",
        raw_token("01", "analyst"),
    )
    shown = await figures(page)
    national = await api(
        base, "/v1/national", **{"from": 2016, "to": 2020, "group_by": "province63", "limit": 500}
    )
    assert {key: number(shown[key]) for key in NATION_FIGURES} == {
        key: national["grand_total"][key] for key in NATION_FIGURES
    }
    assert national["grand_total"]["awards"] > 0
    levels = ("awards_state", "awards_ministry_province", "awards_unit")
    assert sum(national["grand_total"][level] > 0 for level in levels) >= 2
    assert set(await ranked_keys(page)) == national_keys(national)
    await the_chart_shows_the_provinces_with_figures(page, national)
    dashboard = await api(base, "/v1/dashboard/nation", **{"from": 2016, "to": 2020})
    coverage = dashboard["coverage"]
    assert coverage["year"] == 2020
    assert 0 < coverage["registered_units"] <= coverage["units_in_directory"]
    shown_share = (await figures(page))["unit_coverage"]
    assert float(shown_share.strip("% \u00a0").replace(",", ".")) == pytest.approx(
        100 * coverage["unit_coverage"], abs=0.05
    )
    await page.get_by_text("cập nhật lần cuối").wait_for()  # freshness, from /v1/freshness
    assert any(url.endswith("/dashboard/static/vendor/chart.umd.min.js") for url in seen)
    assert all(url.startswith(base) for url in seen)
    assert browser[1].refused == []
    await save_screenshot(page, "dashboard-nation.png")


async def the_chart_shows_the_provinces_with_figures(page: Page, report: dict[str, Any]) -> None:
    """Bars for the provinces with awards, a line for the others (all of them in the table)."""
    rows = [*report["items"], *report["post_merger_agencies"]]
    with_awards = [row for row in rows if row["awards"] > 0]
    assert 0 < len(with_awards) < len(rows)
    bars = await page.evaluate(
        "Chart.getChart(document.getElementById('ranking-chart')).data.datasets[0].data"
    )
    assert bars == sorted((row["awards"] for row in with_awards), reverse=True)
    rest = await page.locator("#ranking-chart-rest").inner_text()
    assert f"{len(rows) - len(with_awards)} tỉnh, thành phố chưa có số liệu" in rest


async def test_the_63_34_toggle_regroups_the_provinces_as_the_api_does(
    system: dict[str, str], page: Page
) -> None:
    base = system["reporting"]
    span = {"from": 2021, "to": 2025, "limit": 500}
    await sign_in(
        page,
        base,
        "/quoc-gia?from=2021&to=2025&nhom=province63&xep=awards",
        raw_token("01", "analyst"),
    )
    await figures(page)
    by_63 = await api(base, "/v1/national", group_by="province63", **span)
    by_34 = await api(base, "/v1/national", group_by="province34", **span)
    assert set(await ranked_keys(page)) == national_keys(by_63)
    assert national_keys(by_63) != national_keys(by_34)

    await page.get_by_role("radio", name="34 tỉnh, thành phố (từ 1/7/2025)").check()
    await page.wait_for_function(
        "n => document.querySelectorAll('#ranking-table [data-row]').length === n",
        arg=len(national_keys(by_34)),
    )
    assert set(await ranked_keys(page)) == national_keys(by_34)
    assert "nhom=province34" in page.url
    shown = await figures(page)
    assert number(shown["awards"]) == by_34["grand_total"]["awards"]


async def test_a_click_on_a_province_bar_opens_its_agency_with_the_apis_figures(
    system: dict[str, str], page: Page
) -> None:
    base = system["reporting"]
    await sign_in(
        page,
        base,
        "/quoc-gia?from=2016&to=2020&nhom=province63&xep=awards",
        raw_token("01", "analyst"),
    )
    await figures(page)
    top = (await ranked_keys(page))[0]
    point = await page.evaluate(
        """() => {
            const canvas = document.getElementById('ranking-chart');
            const bar = Chart.getChart(canvas).getDatasetMeta(0).data[0];
            return { x: bar.x - 4, y: bar.y };
        }"""
    )
    await page.locator("#ranking-chart").click(position=point)
    await page.wait_for_url("**#/co-quan/**")
    agency = page.url.split("#/co-quan/")[1].split("?")[0]
    row = next(
        r
        for r in (
            await api(base, "/v1/national", **{"from": 2016, "to": 2020, "group_by": "province63"})
        )["items"]
        if r["key"] == top
    )
    assert agency in row["agencies"]
    await page.get_by_role("heading", name="Tóm tắt").wait_for()
    shown = await figures(page)
    stats = await api(base, f"/v1/agencies/{agency}/stats", **{"from": 2016, "to": 2020})
    assert number(shown["awards_total"]) == stats["awards_total"] > 0
    assert number(shown["campaigns"]) == stats["campaigns"]["total"]
    for level in ("state", "ministry_province", "unit"):
        assert number(shown[f"awards_{level}"]) == stats["awards_by_level_class"].get(level, 0)
    assert number(shown["proposals_pending"]) == stats["proposals"]["pending"]
    await save_screenshot(page, "dashboard-agency.png")


async def test_an_officer_sees_only_their_own_agency(system: dict[str, str], page: Page) -> None:
    base = system["reporting"]
    agencies = await api(base, "/v1/agencies", limit=500)
    other = next(a["agency_code"] for a in agencies["items"] if a["agency_code"] != "01")
    await sign_in(page, base, f"/co-quan/{other}?from=2016&to=2020", raw_token("01", "officer"))
    alert = page.get_by_role("alert")
    await alert.wait_for()
    assert "không có quyền" in await alert.inner_text()
    assert await page.locator("#nav-nation").is_hidden()

    await page.goto(f"{base}/dashboard#/quoc-gia?from=2016&to=2020&nhom=province63&xep=awards")
    await page.wait_for_url("**#/co-quan/01?**")
    shown = await figures(page)
    stats = await api(base, "/v1/agencies/01/stats", role="officer", **{"from": 2016, "to": 2020})
    assert number(shown["awards_total"]) == stats["awards_total"]


async def test_the_main_controls_are_reachable_by_keyboard_and_labelled(
    system: dict[str, str], page: Page
) -> None:
    base = system["reporting"]
    await sign_in(
        page,
        base,
        "/quoc-gia?from=2016&to=2020&nhom=province63&xep=awards",
        raw_token("01", "analyst"),
    )
    await figures(page)
    await page.reload()  # signed in (the token is kept); focus starts at the top of the page
    await figures(page)
    reached: list[str] = []
    for _ in range(12):
        await page.keyboard.press("Tab")
        reached.append(
            await page.evaluate(
                "(e => e.id || e.name || e.textContent.trim())(document.activeElement)"
            )
        )
    assert reached[0] == "Bỏ qua, tới nội dung chính"
    for control in ("nav-nation", "projector", "sign-out", "period", "group", "rank"):
        assert control in reached, reached
    assert await page.get_by_label("Kỳ số liệu").evaluate("e => e.id") == "period"
    assert await page.get_by_label("Xếp hạng theo").evaluate("e => e.id") == "rank"
    assert await page.get_by_role("radio", name="63 tỉnh, thành phố (2008 – 6/2025)").is_checked()
    table = page.get_by_role("region", name="Bảng: Các tỉnh, thành phố theo lượt khen thưởng")
    assert await table.get_by_role("link").count() > 0

    await page.get_by_label("Kỳ số liệu").select_option("2016-2016")
    await page.wait_for_url("**from=2016&to=2016**")
    assert await page.get_by_role("heading", level=2).inner_text() == "Toàn quốc: Năm 2016"


async def save_screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("TDKT_DASHBOARD_SCREENSHOTS")
    if folder:
        await page.screenshot(path=str(Path(folder) / name), full_page=True)
