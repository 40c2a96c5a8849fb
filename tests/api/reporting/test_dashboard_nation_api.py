"""GET /v1/dashboard/nation: the national table, its trend by year and the sector's
registration coverage in one answer; the dashboard page and its files, served without
authentication and reaching no other origin."""

from __future__ import annotations

from datetime import date

from shared.envelope import EventEnvelope
from tests.harness.reporting_api import ReportingApi
from tests.harness.reporting_events import (
    agency_registered,
    award,
    campaign,
    member_added,
    registration,
    registration_returned,
    unit_added,
)

PERIOD = {"from": 2017, "to": 2019}


def registration_of(
    agency: str, registration_id: str, registrant: str, title: str, kind: str = "unit"
) -> EventEnvelope:
    submitted = registration(registration_id, registrant, 2019, [title], kind=kind)
    return submitted.model_copy(update={"agency": agency})


async def history(api: ReportingApi) -> None:
    await api.feed(
        [
            agency_registered("01", "Sở Công Thương Hà Nội", "01"),
            agency_registered("24", "Sở Công Thương Bắc Giang", "24"),
            agency_registered("27", "Sở Công Thương Bắc Ninh", "27"),
            agency_registered("CTDP", "Cục Công Thương địa phương", None),
        ],
        [award("LDTT", f"m-{i}", 2017) for i in range(3)],
        [award("BK_TTG", "u-1", 2018, kind="unit", agency="24"), campaign(date(2019, 3, 1))],
        [award("CSTDCS", "m-9", 2019, agency="27"), award("BK_BO", "m-8", 2019, agency="CTDP")],
        [unit_added("u-7"), unit_added("u-8", agency="24"), member_added("m-1", agency="27")],
        [
            registration("r-1", "u-7", 2018, ["TTLDXS"]),
            registration("r-2", "u-7", 2019, ["TTLDXS"]),
            # The same unit again by another agency, and by one never registered: counted once.
            registration_of("24", "r-3", "u-7", "BK_BO"),
            registration_of("99", "r-4", "u-7", "BK_BO"),
            # Only by an agency never registered: out of the coverage, as its directory is.
            registration_of("99", "r-5", "u-9", "BK_BO"),
            registration_of("24", "r-6", "u-8", "TTLDXS"),
            registration_of("27", "r-7", "m-1", "CSTDCS", kind="member"),
        ],
        [registration_returned("r-6")],
        # Outside the period, and an agency never registered: neither is counted.
        [award("LDTT", "m-late", 2021), award("LDTT", "m-x", 2018, agency="99")],
    )


async def test_the_nation_in_one_answer_equals_the_national_view(
    reporting_api: ReportingApi,
) -> None:
    await history(reporting_api)
    params = {**PERIOD, "group_by": "province34"}

    dashboard = await reporting_api.client.get(
        "/v1/dashboard/nation", params=params, headers=reporting_api.analyst()
    )
    national = await reporting_api.client.get(
        "/v1/national",
        params={**params, "sort": "awards", "order": "desc", "limit": 500},
        headers=reporting_api.analyst(),
    )

    assert dashboard.status_code == national.status_code == 200, dashboard.text
    body = dashboard.json()
    expected = national.json()
    for key in ("items", "totals", "ministry_units", "grand_total", "post_merger_agencies"):
        assert body["national"][key] == expected[key]
    trend = [(y["year"], y["awards"], y["awards_state"], y["campaigns"]) for y in body["trend"]]
    assert trend == [(2017, 3, 0, 0), (2018, 1, 1, 0), (2019, 2, 0, 1)]
    assert [y["registrations"] for y in body["trend"]] == [0, 1, 3]
    assert body["coverage"] == {
        "year": 2019,
        "units_in_directory": 2,
        "registered_units": 1,
        "unit_coverage": 0.5,
        "members_in_directory": 1,
        "registered_members": 1,
        "member_coverage": 1.0,
    }
    for column in ("awards", "awards_state", "campaigns", "registrations"):
        assert sum(y[column] for y in body["trend"]) == expected["grand_total"][column]


async def test_the_nation_given_again_follows_every_change(reporting_api: ReportingApi) -> None:
    await history(reporting_api)

    async def trend() -> list[int]:
        response = await reporting_api.client.get(
            "/v1/dashboard/nation", params=PERIOD, headers=reporting_api.analyst()
        )
        assert response.status_code == 200, response.text
        return [year["awards"] for year in response.json()["trend"]]

    assert [await trend(), await trend()] == [[3, 1, 2], [3, 1, 2]]
    await reporting_api.feed([award("LDTT", "m-5", 2018)])
    assert await trend() == [3, 2, 2]


async def test_only_analysts_see_the_nation_and_ranges_are_checked(
    reporting_api: ReportingApi,
) -> None:
    officer = await reporting_api.client.get(
        "/v1/dashboard/nation", params=PERIOD, headers=reporting_api.headers()
    )
    backwards = await reporting_api.client.get(
        "/v1/dashboard/nation", params={"from": 2020, "to": 2010}, headers=reporting_api.analyst()
    )
    anonymous = await reporting_api.client.get("/v1/dashboard/nation", params=PERIOD)
    apart = await reporting_api.client.get(
        "/v1/dashboard/coverage", params={"year": 2019}, headers=reporting_api.analyst()
    )

    assert officer.status_code == 403
    assert apart.status_code == 404  # the coverage is in the one call now
    assert anonymous.status_code == 401
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "query.to"


async def test_the_page_and_its_files_are_served_from_this_origin_only(
    reporting_api: ReportingApi,
) -> None:
    page = await reporting_api.client.get("/dashboard")
    script = await reporting_api.client.get("/dashboard/static/vendor/chart.umd.min.js")
    module = await reporting_api.client.get("/dashboard/static/app.js")
    missing = await reporting_api.client.get("/dashboard/static/nothing.js")

    assert page.status_code == 200
    assert 'lang="vi"' in page.text
    assert "Thi đua – khen thưởng" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "connect-src 'self'" in page.headers["content-security-policy"]
    assert script.status_code == module.status_code == 200
    assert "javascript" in module.headers["content-type"]
    assert missing.status_code == 404
    assert "/dashboard" not in reporting_api.app.openapi()["paths"]
