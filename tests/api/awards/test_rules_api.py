"""Rules as the law writes them, through the API: a yearly title is regular merit only, an
authority's refusals are the officer's to read, one achievement gets one award whatever the
code, and a decision is judged under the rules in force when its dossier was filed."""

from __future__ import annotations

from typing import Any

import httpx

from shared.events import MemberAdded, RatingRecorded
from tests.api.awards.test_decisions_api import HA_NOI, award, decision, feed, issue, issued
from tests.harness.awards_api import AwardsApi

UNIT_AWARD = {"recipient_kind": "unit", "recipient_id": "u-qlcn"}


async def test_a_yearly_title_recorded_as_thematic_is_refused_naming_the_field(
    awards_api: AwardsApi,
) -> None:
    refused = await issue(awards_api, decision(award(code="CSTDCS"), commendation_kind="thematic"))

    assert refused.status_code == 422, refused.text
    (error,) = refused.json()["errors"]
    assert error["field"] == "body.commendation_kind"
    assert error["msg"].startswith(
        "Chiến sĩ thi đua cơ sở (CSTDCS) chỉ khen thưởng loại thường xuyên (công trạng), "
        "không khen loại “theo đợt, chuyên đề”"
    )


async def test_a_department_director_cannot_grant_a_provinces_bang_khen(
    awards_api: AwardsApi,
) -> None:
    refused = await issue(awards_api, decision(award(code="BK_TINH")))

    assert refused.status_code == 422, refused.text
    (error,) = refused.json()["errors"]
    assert error["field"] == "body.awards.0.award_code"
    assert error["msg"] == (
        "Bằng khen cấp tỉnh (BK_TINH) do cấp bộ, tỉnh (Bộ trưởng, Chủ tịch UBND tỉnh) quyết "
        "định, không thuộc thẩm quyền của cấp cơ sở (Giám đốc Sở, Cục trưởng…)"
    )


async def test_a_giay_khen_is_not_granted_twice_for_one_achievement(
    awards_api: AwardsApi,
) -> None:
    giay_khen = UNIT_AWARD | {"award_code": "GIAY_KHEN", "achievement_year": 2024}
    await issued(awards_api, decision(giay_khen))

    again = await issue(awards_api, decision(giay_khen, number="16/QĐ-SCT"))
    next_year = await issue(
        awards_api,
        decision(giay_khen | {"achievement_year": 2025}, number="3/QĐ-SCT", signed_on="2026-01-15"),
    )

    assert again.status_code == 422, again.text
    violation = again.json()["violations"][0]
    assert violation["kind"] == "already_awarded"
    reasons = [r["reason_vi"] for r in violation["reasons"]]
    assert "Thành tích 2024 đã được khen Giấy khen (quyết định số 15/QĐ-SCT ngày 15/01/2025)" in (
        reasons
    )
    assert next_year.status_code == 201, next_year.text


# The regime of the dossier's filing day (Law 2022 Art 94; transitional provisions of the
# decrees): BK tỉnh on two CSTĐCS in a row is a ground from 2024-01-01 only.


async def chain_of_two_cstdcs(api: AwardsApi) -> None:
    await feed(
        api,
        MemberAdded(member_id="m-lan", unit_id="u-qlcn", position_group="official"),
        RatingRecorded(member_id="m-lan", year=2022, rating="HTTNV"),
        RatingRecorded(member_id="m-lan", year=2023, rating="HTTNV"),
    )
    history = "Hồ sơ lưu trữ của Sở"
    for year, number in ((2022, "4/QĐ-SCT"), (2023, "5/QĐ-SCT")):
        body = decision(
            award(code="CSTDCS", achievement_year=year),
            number=number,
            signed_on=f"{year + 1}-01-10",
            override_justification=history,
        )
        await issued(api, body)


async def reviewed_proposal(api: AwardsApi, submitted_on: str) -> str:
    nominee = {"nominee_kind": "member", "nominee_id": "m-lan", "award_code": "BK_TINH"}
    body = {
        "agency": HA_NOI,
        "nominees": [nominee | {"achievement_year": 2023}],
        "commendation_kind": "regular",
        "addressed_to": "ministry_province",
        "submitted_on": submitted_on,
    }
    headers = api.headers(HA_NOI)
    submitted = await api.client.post("/v1/proposals", json=body, headers=headers)
    assert submitted.status_code == 201, submitted.text
    proposal_id: str = submitted.json()["proposal_id"]
    vote = {"nominee_id": "m-lan", "award_code": "BK_TINH", "votes_for": 9, "votes_against": 0}
    review = {"reviewed_on": "2024-01-25", "votes": [vote]}
    reviewed = await api.client.post(
        f"/v1/proposals/{proposal_id}/reviews", json=review, headers=headers
    )
    assert reviewed.status_code == 201, reviewed.text
    return proposal_id


def bk_tinh(**changes: Any) -> dict[str, Any]:
    by_the_city = {
        "number": "210/QĐ-UBND",
        "signed_on": "2024-02-20",
        "issuing_authority": "Chủ tịch UBND thành phố Hà Nội",
        "authority_level": "ministry_province",
    }
    return decision(award(code="BK_TINH", achievement_year=2023), **(by_the_city | changes))


async def test_a_dossier_filed_before_2024_is_judged_under_the_old_decree(
    awards_api: AwardsApi,
) -> None:
    await chain_of_two_cstdcs(awards_api)
    proposal_id = await reviewed_proposal(awards_api, "2023-12-28")

    refused: httpx.Response = await issue(awards_api, bk_tinh(proposal_id=proposal_id))

    assert refused.status_code == 422, refused.text
    violation = refused.json()["violations"][0]
    assert (violation["kind"], violation["rule"]) == ("not_eligible", "BK_TINH@2014-06-01")


async def test_a_dossier_filed_in_2024_is_judged_under_the_law_of_2022(
    awards_api: AwardsApi,
) -> None:
    await chain_of_two_cstdcs(awards_api)
    proposal_id = await reviewed_proposal(awards_api, "2024-01-05")

    accepted = await issued(awards_api, bk_tinh(proposal_id=proposal_id))
    without_proposal = await issue(awards_api, bk_tinh(number="211/QĐ-UBND"))

    assert accepted["warnings"] == []
    assert without_proposal.status_code == 422  # the same achievement, already rewarded
    assert without_proposal.json()["violations"][0]["rule"] == "BK_TINH@2024-01-01"


# Imported history is fact, but a title "theo chuyên đề" is not a title the law gives: the row
# is refused with its column, in Vietnamese.


async def test_an_imported_title_recorded_as_thematic_is_refused_with_its_row(
    awards_api: AwardsApi,
) -> None:
    rows = [
        "Số quyết định,Ngày ký,Cơ quan ban hành,Loại khen thưởng,Loại đối tượng,Mã đối tượng,"
        "Danh hiệu/hình thức,Năm thành tích",
        "125/QĐ-SCT,20/01/2020,Giám đốc Sở Công Thương Hà Nội,Theo chuyên đề,Cá nhân,hn-m1,"
        "CSTĐCS,2019",
    ]
    refused = await awards_api.client.post(
        "/v1/decisions/import",
        data={"agency": HA_NOI},
        files={"file": ("khen_thuong_2020.csv", "\n".join(rows).encode(), "text/csv")},
        headers=awards_api.headers(HA_NOI),
    )

    assert refused.status_code == 422, refused.text
    (error,) = refused.json()["errors"]
    assert (error["row"], error["column"], error["code"]) == (
        2,
        "Loại khen thưởng",
        "kind_not_allowed",
    )
    assert error["message"].startswith("CSTDCS không khen theo loại khen thưởng đã ghi")
