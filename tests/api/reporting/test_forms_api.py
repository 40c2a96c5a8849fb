"""GET /v1/forms/{form}: an agency's form or the sector's, permissions, 404 and 422."""

from __future__ import annotations

from datetime import date

from tests.harness.reporting_api import ReportingApi
from tests.harness.reporting_events import agency_registered, award, campaign, member_added


async def two_agencies(api: ReportingApi) -> None:
    """Hà Nội (01) and Bắc Kạn (06), with awards and campaigns of 2019."""
    await api.feed(
        [agency_registered(), agency_registered("06", "Sở Công Thương Bắc Kạn", "06")],
        [member_added("m-1", "leader"), campaign(date(2019, 1, 1), date(2019, 12, 31))],
        [award("BK_TTG", "m-1", 2019), award("BK_TTG", "u-1", 2019, kind="unit")],
        [award("BK_BO", "m-1", 2019), award("HCLD3", "m-5", 2019, agency="06")],
    )


async def test_an_officer_reads_the_form_of_the_agency(reporting_api: ReportingApi) -> None:
    await two_agencies(reporting_api)

    response = await reporting_api.client.get(
        "/v1/forms/0602", params={"year": 2020, "agency": "01"}, headers=reporting_api.headers()
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["form"], body["reporting_unit"]) == ("0602.N", "Sở Công Thương Hà Nội")
    assert (body["period_from"], body["period_to"]) == ("2019-12-01", "2020-11-30")
    assert body["form_code"] == "Biểu số: 0602.N/BNV-TĐKT"
    rows = {row["code"]: row for row in body["rows"]}
    assert rows["01"]["values"]["total"] == 2  # the titles of 2019, signed on 20/01/2020
    assert rows["03"]["label"] == "Tỉnh, thành phố trực thuộc Trung ương"
    assert rows["03"]["values"]["total"] == 2
    assert rows["13"]["values"]["BK_TTG.individual"] == 1
    assert rows["07"]["values"]["total"] == 0  # Trong đó: Doanh nghiệp: none commended
    column = next(c for c in body["columns"] if c["key"] == "BK_TTG.collective")
    assert column == {
        "key": "BK_TTG.collective",
        "label": "Tập thể",
        "headings": ["Chia ra", "Bằng khen của Thủ tướng Chính phủ"],
        "number": "7",
        "part_of": "total",
        "award_codes": ["BK_TTG"],
    }
    assert [s["role"] for s in body["signatures"]] == ["Người lập biểu", "Thủ trưởng đơn vị"]


async def test_an_analyst_reads_the_whole_sector(reporting_api: ReportingApi) -> None:
    await two_agencies(reporting_api)

    state = await reporting_api.client.get(
        "/v1/forms/0602", params={"year": 2020}, headers=reporting_api.analyst()
    )
    campaigns = await reporting_api.client.get(
        "/v1/forms/0601.N",
        params={"year": 2019, "receiving_unit": "Bộ Nội vụ"},
        headers=reporting_api.analyst(),
    )

    assert state.status_code == campaigns.status_code == 200
    assert state.json()["agency"] is None
    assert state.json()["reporting_unit"] == "Toàn ngành Công Thương"
    assert state.json()["rows"][0]["values"]["total"] == 3
    assert campaigns.json()["receiving_unit"] == "Bộ Nội vụ"
    rows = {row["code"]: row for row in campaigns.json()["rows"]}
    assert rows["07"]["values"] == {
        "total": 1,
        "level.central": 0,
        "level.ministry_province": 0,
        "level.unit": 1,
    }


async def test_officers_may_not_read_the_sector_or_another_agency(
    reporting_api: ReportingApi,
) -> None:
    await two_agencies(reporting_api)
    url = "/v1/forms/0603"

    sector = await reporting_api.client.get(
        url, params={"year": 2019}, headers=reporting_api.headers()
    )
    other = await reporting_api.client.get(
        url, params={"year": 2019, "agency": "06"}, headers=reporting_api.headers()
    )

    assert sector.status_code == other.status_code == 403


async def test_unknown_forms_and_agencies_are_not_found(reporting_api: ReportingApi) -> None:
    await two_agencies(reporting_api)

    form = await reporting_api.client.get(
        "/v1/forms/0604", params={"year": 2019}, headers=reporting_api.analyst()
    )
    agency = await reporting_api.client.get(
        "/v1/forms/0601", params={"year": 2019, "agency": "99"}, headers=reporting_api.analyst()
    )

    assert form.status_code == agency.status_code == 404
    assert "unknown form '0604'" in form.json()["detail"]


async def test_a_missing_or_absurd_year_is_rejected(reporting_api: ReportingApi) -> None:
    headers = reporting_api.headers()
    asks = [{"agency": "01"}, {"agency": "01", "year": 1800}, {"agency": "01", "year": "x"}]

    answers = [
        await reporting_api.client.get("/v1/forms/0601", params=params, headers=headers)
        for params in asks
    ]

    assert [answer.status_code for answer in answers] == [422, 422, 422]
    assert answers[1].json()["errors"][0]["field"] == "query.year"
