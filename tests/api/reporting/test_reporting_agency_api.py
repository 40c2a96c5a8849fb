"""Agency statistics, streaks, history and narrative: success and failure paths."""

from __future__ import annotations

from datetime import date

from tests.harness.reporting_api import ReportingApi
from tests.harness.reporting_events import (
    agency_registered,
    award,
    award_id_of,
    award_revoked,
    campaign,
    member_added,
)

PERIOD = {"from": 2016, "to": 2020}


async def hanoi(api: ReportingApi) -> str:
    """Feed a small history of agency 01; return the id of its revoked award."""
    revoked = award("BK_BO", "m-1", 2018)
    await api.feed(
        [agency_registered(), member_added("m-1", "leader"), campaign(date(2016, 2, 1))],
        [award("CO_THI_DUA_BO", "01", year, kind="agency") for year in range(2016, 2021)],
        [award("LDTT", "m-1", 2019), award("LDTT", "m-1", 2020), revoked],
        [award_revoked(award_id_of(revoked)), award("BK_BO", "u-1", 2017, kind="unit")],
    )
    return award_id_of(revoked)


async def test_every_count_of_an_agency_period(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)

    response = await reporting_api.client.get(
        "/v1/agencies/01/stats", params=PERIOD, headers=reporting_api.headers()
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["agency"]["name"] == "Sở Công Thương Hà Nội"
    assert body["agency"]["province_code_34"] == "01"
    codes = {a["award_code"]: a for a in body["awards"]}
    assert codes["LDTT"]["individual"] == 2
    assert codes["LDTT"]["recipients_individual"] == 1
    assert codes["BK_BO"]["collective"] == 1
    assert codes["CO_THI_DUA_BO"]["agency_itself"] == 5
    assert body["awards_total"] == 8
    assert body["campaigns"]["total"] == 1
    assert len(body["registrations"]) == 5


async def test_compact_stats_still_count_campaigns(reporting_api: ReportingApi) -> None:
    await reporting_api.feed(
        [agency_registered(), campaign(date(2016, 2, 1)), campaign(date(2021, 1, 5))]
    )

    response = await reporting_api.client.get(
        "/v1/stats", params={"agency": "01", **PERIOD}, headers=reporting_api.headers()
    )

    assert response.status_code == 200, response.text
    assert response.json()["campaigns"] == 1


async def test_streaks_of_the_agency_itself(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)

    response = await reporting_api.client.get(
        "/v1/streaks",
        params={"agency": "01", "code": "CO_THI_DUA_BO", "min_years": 5},
        headers=reporting_api.headers(),
    )

    assert response.status_code == 200, response.text
    [streak] = response.json()["items"]
    assert streak["recipient_kind"] == "agency"
    assert streak["longest"] == {"year_from": 2016, "year_to": 2020, "years": 5}
    assert streak["current"]["years"] == 5


async def test_history_leaves_revoked_awards_out_unless_asked(reporting_api: ReportingApi) -> None:
    revoked_id = await hanoi(reporting_api)
    url = "/v1/agencies/01/recipients/m-1/awards"

    live = await reporting_api.client.get(url, headers=reporting_api.headers())
    every = await reporting_api.client.get(
        url, params={"include_revoked": True}, headers=reporting_api.headers()
    )

    assert [a["year_to"] for a in live.json()["items"]] == [2019, 2020]
    assert revoked_id in [a["award_id"] for a in every.json()["items"] if a["revoked"]]


async def test_the_narrative_tells_the_numbers(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)

    response = await reporting_api.client.get(
        "/v1/agencies/01/narrative", params=PERIOD, headers=reporting_api.headers()
    )

    assert response.status_code == 200, response.text
    text = response.json()["text"]
    assert "Sở được tặng Cờ thi đua cấp bộ 05 năm liền (2016 – 2020)" in text
    assert "02 lượt cá nhân (01 người) đạt danh hiệu Lao động tiên tiến" in text


async def test_an_unknown_agency_is_not_found(reporting_api: ReportingApi) -> None:
    headers = reporting_api.headers("99")
    urls = ["/v1/agencies/99/stats", "/v1/agencies/99/narrative", "/v1/stats", "/v1/streaks"]

    answers = [
        await reporting_api.client.get(url, params={"agency": "99", **PERIOD}, headers=headers)
        for url in urls
    ]

    assert [a.status_code for a in answers] == [404, 404, 404, 404]
    assert "unknown agency '99'" in answers[0].json()["detail"]


async def test_absurd_ranges_and_unknown_codes_are_rejected(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)
    headers = reporting_api.headers()

    backwards = await reporting_api.client.get(
        "/v1/agencies/01/stats", params={"from": 2020, "to": 2016}, headers=headers
    )
    too_long = await reporting_api.client.get(
        "/v1/agencies/01/stats", params={"from": 1950, "to": 2020}, headers=headers
    )
    unknown_code = await reporting_api.client.get(
        "/v1/streaks", params={"agency": "01", "code": "NOBEL"}, headers=headers
    )

    assert backwards.status_code == too_long.status_code == unknown_code.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "query.to"
    assert unknown_code.json()["errors"][0]["field"] == "query.code"
    assert "NOBEL" in unknown_code.json()["errors"][0]["msg"]


async def test_another_agencys_officer_may_not_read(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)

    response = await reporting_api.client.get(
        "/v1/agencies/01/stats", params=PERIOD, headers=reporting_api.headers("06")
    )

    assert response.status_code == 403


async def test_an_answer_given_again_follows_every_change(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)

    async def total(**headers: str) -> int:
        response = await reporting_api.client.get(
            "/v1/agencies/01/stats", params=PERIOD, headers=reporting_api.headers() | headers
        )
        assert response.status_code == 200, response.text
        return int(response.json()["awards_total"])

    assert [await total(), await total()] == [8, 8]
    await reporting_api.feed([award("LDTT", "m-1", 2018)])
    assert await total() == 9
    await reporting_api.feed([award("LDTT", "m-1", 2017)])
    assert await total(**{"Cache-Control": "no-cache"}) == 10
    assert await total() == 10
