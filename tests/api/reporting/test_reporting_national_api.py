"""The national view and the list of agencies: success and failure paths."""

from __future__ import annotations

from tests.harness.reporting_api import ReportingApi
from tests.harness.reporting_events import agency_registered, award

PERIOD = {"from": 2016, "to": 2020}


async def three_agencies(api: ReportingApi) -> None:
    """Hà Nội (01), Bắc Giang (24, now part of Bắc Ninh) and Bắc Ninh (27), a ministry unit."""
    await api.feed(
        [
            agency_registered("01", "Sở Công Thương Hà Nội", "01"),
            agency_registered("24", "Sở Công Thương Bắc Giang", "24"),
            agency_registered("27", "Sở Công Thương Bắc Ninh", "27"),
            agency_registered("CTDP", "Cục Công Thương địa phương", None),
        ],
        [award("LDTT", f"m-{i}", 2019) for i in range(3)],
        [award("BK_TTG", "u-1", 2018, kind="unit", agency="24")],
        [award("CSTDCS", "m-9", 2019, agency="27"), award("BK_BO", "m-8", 2019, agency="CTDP")],
    )


async def test_agencies_side_by_side_sorted_with_totals(reporting_api: ReportingApi) -> None:
    await three_agencies(reporting_api)

    response = await reporting_api.client.get(
        "/v1/national",
        params={**PERIOD, "sort": "awards", "order": "desc", "limit": 2},
        headers=reporting_api.analyst(),
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert [row["key"] for row in body["items"]] == ["01", "24"]
    assert body["total"] == 3
    assert body["totals"]["awards"] == 5
    assert body["totals"]["awards_state"] == 1
    assert [row["key"] for row in body["ministry_units"]] == ["CTDP"]
    assert body["grand_total"]["awards"] == 6


async def test_provinces_roll_up_into_todays_34(reporting_api: ReportingApi) -> None:
    await three_agencies(reporting_api)

    response = await reporting_api.client.get(
        "/v1/national",
        params={**PERIOD, "group_by": "province34", "sort": "awards", "order": "desc"},
        headers=reporting_api.analyst(),
    )

    body = response.json()
    assert body["total"] == 34
    first, second = body["items"][:2]
    assert (first["key"], first["awards"]) == ("01", 3)
    assert (second["key"], second["province_list"], second["awards"]) == ("24", "34", 2)
    assert second["name"] == "Bắc Ninh"
    assert sorted(second["agencies"]) == ["24", "27"]


async def test_the_63_provinces_are_all_listed(reporting_api: ReportingApi) -> None:
    await three_agencies(reporting_api)

    response = await reporting_api.client.get(
        "/v1/national",
        params={**PERIOD, "group_by": "province63", "limit": 500},
        headers=reporting_api.analyst(),
    )

    rows = {row["key"]: row for row in response.json()["items"]}
    assert len(rows) == 63
    assert rows["24"]["name"] == "Bắc Giang"
    assert rows["24"]["awards_by_code"] == {"BK_TTG": 1}


async def test_only_analysts_see_the_national_view(reporting_api: ReportingApi) -> None:
    officer = await reporting_api.client.get(
        "/v1/national", params=PERIOD, headers=reporting_api.headers()
    )
    backwards = await reporting_api.client.get(
        "/v1/national", params={"from": 2020, "to": 2010}, headers=reporting_api.analyst()
    )
    bad_sort = await reporting_api.client.get(
        "/v1/national", params={**PERIOD, "sort": "shoe_size"}, headers=reporting_api.analyst()
    )

    assert officer.status_code == 403
    assert backwards.status_code == bad_sort.status_code == 422


async def test_the_agencies_seen_are_listed(reporting_api: ReportingApi) -> None:
    await three_agencies(reporting_api)

    response = await reporting_api.client.get("/v1/agencies", headers=reporting_api.headers())

    assert response.status_code == 200
    assert [a["agency_code"] for a in response.json()["items"]] == ["01", "24", "27", "CTDP"]


async def test_departments_of_the_34_list_stand_apart_when_grouped_by_the_63(
    reporting_api: ReportingApi,
) -> None:
    await three_agencies(reporting_api)
    await reporting_api.feed(
        [agency_registered("SCT34-24", "Sở Công Thương Bắc Ninh", "24", province_list="34")],
        [award("LDTT", "m-34", 2020, agency="SCT34-24")],
    )

    by_63 = await reporting_api.client.get(
        "/v1/national",
        params={**PERIOD, "group_by": "province63", "limit": 500},
        headers=reporting_api.analyst(),
    )
    by_34 = await reporting_api.client.get(
        "/v1/national",
        params={**PERIOD, "group_by": "province34", "limit": 500},
        headers=reporting_api.analyst(),
    )

    body = by_63.json()
    assert len({row["key"] for row in body["items"]}) == body["total"] == 63
    assert all(row["province_list"] == "63" for row in body["items"])
    [apart] = body["post_merger_agencies"]
    assert (apart["key"], apart["province_list"], apart["awards"]) == ("SCT34-24", "34", 1)
    assert body["totals"]["awards"] == by_34.json()["totals"]["awards"] == 6
    assert by_34.json()["post_merger_agencies"] == []
    bac_ninh = next(row for row in by_34.json()["items"] if row["key"] == "24")
    assert sorted(bac_ninh["agencies"]) == ["24", "27", "SCT34-24"]


async def test_the_national_view_given_again_follows_every_change(
    reporting_api: ReportingApi,
) -> None:
    await three_agencies(reporting_api)

    async def grand_total() -> int:
        response = await reporting_api.client.get(
            "/v1/national", params=PERIOD, headers=reporting_api.analyst()
        )
        assert response.status_code == 200, response.text
        return int(response.json()["grand_total"]["awards"])

    assert [await grand_total(), await grand_total()] == [6, 6]
    await reporting_api.feed([award("LDTT", "m-7", 2020, agency="24")])
    assert await grand_total() == 7
