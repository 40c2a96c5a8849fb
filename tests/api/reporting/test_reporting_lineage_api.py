"""Agencies across the 2025 reorganisation, through the reporting API: lifecycle fields,
include_predecessors on the statistics, the narrative and a form, the directory across a
transfer, and the national view by the 63 and by the 34."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from tests.harness.reporting_api import ReportingApi
from tests.harness.reporting_events import award, campaign
from tests.unit.reporting.lineage_events import (
    continued,
    member_added,
    member_transferred,
    merger,
    registered,
    unit_added,
    unit_transferred,
)

SUCCESSOR = "SCT34-24"
BAC_GIANG, BAC_NINH, HANOI = "24", "27", "01"


async def reorganised(api: ReportingApi) -> None:
    """Hà Nội continues; Bắc Giang (24) and Bắc Ninh (27) merge into SCT34-24 on 2025-07-01,
    their units and members moving with them. The merger's events arrive first."""
    await api.feed(
        *merger(SUCCESSOR, [BAC_GIANG, BAC_NINH]),
        [
            registered(HANOI, "Sở Công Thương Hà Nội", "01"),
            continued(HANOI, "01"),
            registered(BAC_GIANG, "Sở Công Thương Bắc Giang", "24"),
            registered(BAC_NINH, "Sở Công Thương Bắc Ninh", "27"),
            registered(SUCCESSOR, "Sở Công Thương tỉnh Bắc Ninh", "24", "34", date(2025, 7, 1)),
        ],
        [
            unit_added("u-bg", BAC_GIANG, 2016),
            member_added("m-bg", BAC_GIANG, "u-bg", "official", 2016),
            member_added("m-bn", BAC_NINH, "u-bn", "worker", 2018),
            unit_transferred("u-bg", BAC_GIANG, SUCCESSOR),
            member_transferred("m-bg", BAC_GIANG, SUCCESSOR, unit="u-bg", group="leader"),
            member_transferred("m-bn", BAC_NINH, SUCCESSOR, unit="u-bn"),
        ],
        [
            award("CSTDCS", "m-bg", 2023, agency=BAC_GIANG),
            award("CSTDCS", "m-bg", 2024, agency=BAC_GIANG),
            award("CSTDCS", "m-bg", 2025, agency=SUCCESSOR),
            award("BK_BO", "m-bn", 2022, agency=BAC_NINH),
            award("BK_BO", "m-bg", 2024, agency=BAC_GIANG, signed_on=date(2025, 1, 20)),
            award("BK_BO", "m-bg", 2025, agency=SUCCESSOR, signed_on=date(2025, 9, 1)),
            *(award("LDTT", "m-hn", year) for year in range(2016, 2027)),
            campaign(date(2024, 3, 1), agency=BAC_GIANG),
            campaign(date(2025, 9, 1), agency=SUCCESSOR),
        ],
    )


async def get(api: ReportingApi, url: str, **params: Any) -> Any:
    response = await api.client.get(url, params=params, headers=api.analyst())
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_agency_list_shows_lifecycles_and_keeps_ceased_agencies(
    reporting_api: ReportingApi,
) -> None:
    await reorganised(reporting_api)

    body = await get(reporting_api, "/v1/agencies")

    listed = {item["agency_code"]: item for item in body["items"]}
    assert sorted(listed) == [HANOI, BAC_GIANG, BAC_NINH, SUCCESSOR]
    hanoi, bac_giang, successor = listed[HANOI], listed[BAC_GIANG], listed[SUCCESSOR]
    assert (hanoi["province_code"], hanoi["province_list"]) == ("01", "34")
    assert (hanoi["province_code_63"], hanoi["province_code_34"]) == ("01", "01")
    assert (hanoi["continued_on"], hanoi["ceased_on"]) == ("2025-07-01", None)
    assert (bac_giang["ceased_on"], bac_giang["successor_code"]) == ("2025-06-30", SUCCESSOR)
    assert (bac_giang["province_code_63"], bac_giang["province_code_34"]) == ("24", "24")
    assert successor["established_on"] == "2025-07-01"
    assert successor["predecessor_codes"] == [BAC_GIANG, BAC_NINH]
    assert (successor["province_code_63"], successor["province_list"]) == (None, "34")


async def test_a_successors_statistics_include_its_predecessors_only_when_asked(
    reporting_api: ReportingApi,
) -> None:
    await reorganised(reporting_api)
    url = f"/v1/agencies/{SUCCESSOR}/stats"

    alone = await get(reporting_api, url, **{"from": 2022, "to": 2025})
    lineage = await get(
        reporting_api, url, **{"from": 2022, "to": 2025, "include_predecessors": "true"}
    )

    assert (alone["include_predecessors"], alone["agencies_counted"]) == (False, [SUCCESSOR])
    assert lineage["include_predecessors"] is True
    assert lineage["agencies_counted"] == [SUCCESSOR, BAC_GIANG, BAC_NINH]
    assert (alone["awards_total"], lineage["awards_total"]) == (2, 6)
    assert (alone["campaigns"]["total"], lineage["campaigns"]["total"]) == (1, 2)
    cstdcs = next(a for a in lineage["awards"] if a["award_code"] == "CSTDCS")
    assert cstdcs["individual"] == 3
    assert cstdcs["recipients_individual"] == 1  # one member across the boundary
    groups = {
        (row["award_code"], row["position_group"], row["awards"])
        for row in lineage["award_breakdown"]
        if row["award_code"] == "BK_BO"
    }
    assert groups == {("BK_BO", "official", 1), ("BK_BO", "worker", 1), ("BK_BO", "leader", 1)}


async def test_the_directory_follows_a_transfer_and_counts_each_member_once(
    reporting_api: ReportingApi,
) -> None:
    await reorganised(reporting_api)
    period = {"from": 2024, "to": 2026}

    def members(body: Any) -> list[int]:
        return [year["members_in_directory"] for year in body["registrations"]]

    def units(body: Any) -> list[int]:
        return [year["units_in_directory"] for year in body["registrations"]]

    bac_giang = await get(reporting_api, f"/v1/agencies/{BAC_GIANG}/stats", **period)
    alone = await get(reporting_api, f"/v1/agencies/{SUCCESSOR}/stats", **period)
    lineage = await get(
        reporting_api,
        f"/v1/agencies/{SUCCESSOR}/stats",
        **period,
        include_predecessors="true",
    )

    assert members(bac_giang) == [1, 1, 0]  # measured on its last day in 2025, then gone
    assert units(bac_giang) == [1, 1, 0]
    assert members(alone) == [0, 2, 2]
    assert members(lineage) == [2, 2, 2]
    assert units(lineage) == [1, 1, 1]


async def test_the_narrative_says_whose_history_it_counts(reporting_api: ReportingApi) -> None:
    await reorganised(reporting_api)
    url = f"/v1/agencies/{SUCCESSOR}/narrative"
    period = {"from": 2023, "to": 2025}

    alone = await get(reporting_api, url, **period)
    lineage = await get(reporting_api, url, **period, include_predecessors="true")

    named = "Sở Công Thương Bắc Giang (mã 24, đến ngày 30/06/2025)"
    assert "không gồm số liệu của các cơ quan tiền thân" in alone["paragraphs"][-1]
    assert "gồm cả số liệu của các cơ quan tiền thân" in lineage["paragraphs"][-1]
    assert named in lineage["paragraphs"][-1]
    assert "01 cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở" in alone["paragraphs"][0]
    # One member's three CSTĐCS across the boundary: three instances, one person.
    assert "03 lượt cá nhân (01 người) đạt danh hiệu" in lineage["paragraphs"][0]
    assert lineage["agencies_counted"] == [SUCCESSOR, BAC_GIANG, BAC_NINH]


async def test_a_form_counts_the_predecessors_only_when_asked(reporting_api: ReportingApi) -> None:
    await reorganised(reporting_api)
    params = {"year": 2025, "agency": SUCCESSOR}

    alone = await get(reporting_api, "/v1/forms/0603", **params)
    lineage = await get(reporting_api, "/v1/forms/0603", **params, include_predecessors="true")

    def total(form: Any) -> int | None:
        row = next(row for row in form["rows"] if row["code"] == "01")
        value: int | None = row["values"]["total"]
        return value

    assert (total(alone), total(lineage)) == (1, 2)
    assert lineage["agencies_counted"] == [SUCCESSOR, BAC_GIANG, BAC_NINH]
    assert any("gồm cả số liệu của các cơ quan tiền thân" in note for note in lineage["notes"])
    assert any("không gồm" in note for note in alone["notes"])


async def test_a_continued_agency_is_one_history_under_one_code_on_both_lists(
    reporting_api: ReportingApi,
) -> None:
    await reorganised(reporting_api)
    period = {"from": 2016, "to": 2026}

    by_63 = await get(reporting_api, "/v1/national", **period, group_by="province63", limit=500)
    by_34 = await get(reporting_api, "/v1/national", **period, group_by="province34", limit=500)

    row_63 = next(row for row in by_63["items"] if row["key"] == "01")
    row_34 = next(row for row in by_34["items"] if row["key"] == "01")
    assert (row_63["province_list"], row_34["province_list"]) == ("63", "34")
    assert row_63["agencies"] == row_34["agencies"] == [HANOI]
    assert row_63["awards"] == row_34["awards"] == 11
    assert [row["key"] for row in by_63["post_merger_agencies"]] == [SUCCESSOR]


async def test_by_the_34_predecessors_roll_into_their_successor_and_by_the_63_they_do_not(
    reporting_api: ReportingApi,
) -> None:
    await reorganised(reporting_api)
    period = {"from": 2022, "to": 2025}

    by_63 = await get(reporting_api, "/v1/national", **period, group_by="province63", limit=500)
    by_34 = await get(reporting_api, "/v1/national", **period, group_by="province34", limit=500)

    bac_ninh_34 = next(row for row in by_34["items"] if row["key"] == "24")
    assert sorted(bac_ninh_34["agencies"]) == [BAC_GIANG, BAC_NINH, SUCCESSOR]
    assert bac_ninh_34["awards"] == 6
    bac_giang_63 = next(row for row in by_63["items"] if row["key"] == "24")
    assert (bac_giang_63["agencies"], bac_giang_63["awards"]) == ([BAC_GIANG], 3)
    [set_apart] = by_63["post_merger_agencies"]
    assert (set_apart["key"], set_apart["awards"], set_apart["province_list"]) == (
        SUCCESSOR,
        2,
        "34",
    )
    assert not any(row["key"] == SUCCESSOR for row in by_63["items"])


async def test_national_totals_by_agency_by_63_and_by_34_agree_every_year(
    reporting_api: ReportingApi,
) -> None:
    await reorganised(reporting_api)

    for year in range(2016, 2027):
        totals = {}
        for group_by in ("agency", "province63", "province34"):
            body = await get(
                reporting_api, "/v1/national", **{"from": year, "to": year}, group_by=group_by
            )
            totals[group_by] = body["totals"]
            if group_by == "agency":
                rows = list(_all_rows(body))
                assert sum(row["awards"] for row in rows) == body["totals"]["awards"]
        awards = {group_by: total["awards"] for group_by, total in totals.items()}
        campaigns = {group_by: total["campaigns"] for group_by, total in totals.items()}
        assert len(set(awards.values())) == 1, (year, awards)
        assert len(set(campaigns.values())) == 1, (year, campaigns)
        assert totals["agency"]["awards_by_code"] == totals["province34"]["awards_by_code"]


def _all_rows(body: Any) -> Iterator[Any]:
    yield from body["items"]
    yield from body["post_merger_agencies"]


async def test_a_members_run_of_titles_crosses_the_merger_with_the_predecessors(
    reporting_api: ReportingApi,
) -> None:
    """m-bg: CSTĐCS 2023–2024 from Bắc Giang's department, 2025 from its successor."""
    await reorganised(reporting_api)
    params = {"agency": SUCCESSOR, "code": "CSTDCS", "min_years": 1}

    alone = await get(reporting_api, "/v1/streaks", **params)
    lineage = await get(reporting_api, "/v1/streaks", **params, include_predecessors="true")
    history = await get(
        reporting_api,
        f"/v1/agencies/{SUCCESSOR}/recipients/m-bg/awards",
        include_predecessors="true",
    )

    [one_year] = alone["items"]
    [three_years] = lineage["items"]
    assert one_year["longest"] == {"year_from": 2025, "year_to": 2025, "years": 1}
    assert three_years["longest"] == {"year_from": 2023, "year_to": 2025, "years": 3}
    assert [
        (e["year_to"], e["agency"]) for e in history["items"] if e["award_code"] == "CSTDCS"
    ] == [
        (2023, BAC_GIANG),
        (2024, BAC_GIANG),
        (2025, SUCCESSOR),
    ]
