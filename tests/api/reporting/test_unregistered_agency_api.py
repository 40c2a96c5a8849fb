"""Events of an agency never registered count nowhere (issue: a forged award for agency
``ZZ`` turned its statistics from 404 to 200), whatever order the topics arrive in: the
registration, when it comes, makes them count at once, as a rebuild would."""

from __future__ import annotations

from datetime import date

from tests.harness.reporting_api import ReportingApi
from tests.harness.reporting_events import agency_registered, award, campaign

PERIOD = {"from": 2016, "to": 2020}
UNREGISTERED = 'tdkt_reporting_unregistered_agencies{agency="ZZ"} 1.0'


async def national_awards(api: ReportingApi) -> tuple[int, list[str]]:
    response = await api.client.get("/v1/national", params=PERIOD, headers=api.analyst())
    assert response.status_code == 200, response.text
    body = response.json()
    keys = [row["key"] for row in body["items"] + body["ministry_units"]]
    return body["grand_total"]["awards"], keys


async def zz_stats_status(api: ReportingApi) -> int:
    response = await api.client.get(
        "/v1/agencies/ZZ/stats", params=PERIOD, headers=api.headers("ZZ")
    )
    return response.status_code


async def test_an_unregistered_agency_counts_nowhere_until_it_is_registered(
    reporting_api: ReportingApi,
) -> None:
    await reporting_api.feed(
        [agency_registered(), award("LDTT", "m-1", 2019)],
        [award("LDTT", "z-1", 2019, agency="ZZ"), campaign(date(2019, 3, 1), agency="ZZ")],
    )

    assert await zz_stats_status(reporting_api) == 404
    assert await national_awards(reporting_api) == (1, ["01"])
    listed = await reporting_api.client.get("/v1/agencies", headers=reporting_api.headers())
    assert [a["agency_code"] for a in listed.json()["items"]] == ["01"]
    metrics = (await reporting_api.client.get("/metrics")).text
    assert UNREGISTERED in metrics.splitlines()

    await reporting_api.feed([agency_registered("ZZ", "Cục Thử nghiệm", None)])

    assert await zz_stats_status(reporting_api) == 200
    assert await national_awards(reporting_api) == (2, ["01", "ZZ"])
    stats = await reporting_api.client.get(
        "/v1/agencies/ZZ/stats", params=PERIOD, headers=reporting_api.headers("ZZ")
    )
    assert stats.json()["campaigns"]["total"] == 1
    metrics = (await reporting_api.client.get("/metrics")).text
    assert "tdkt_reporting_unregistered_agencies{" not in metrics
