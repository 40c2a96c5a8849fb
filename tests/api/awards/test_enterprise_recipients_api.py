"""Enterprises (doanh nghiệp) through the awards API: named by their tax code, commended by any
agency, refused the collective titles, the same achievement rewarded once."""

from __future__ import annotations

import io
from typing import Any

import httpx
from openpyxl import Workbook

from tests.harness.awards_api import AwardsApi

HA_NOI, HCM = "01", "79"
TAX_CODE = "0100109106"
MINISTER = "Bộ trưởng Bộ Công Thương"


def enterprise(code: str = "BK_BO", who: str = TAX_CODE, year: int = 2024) -> dict[str, Any]:
    return {
        "recipient_kind": "enterprise",
        "recipient_id": who,
        "award_code": code,
        "achievement_year": year,
    }


def decision(*awards: dict[str, Any], agency: str = HA_NOI, number: str = "1/QĐ-BCT") -> Any:
    return {
        "agency": agency,
        "number": number,
        "signed_on": "2025-03-01",
        "issuing_authority": MINISTER,
        "authority_level": "ministry_province",
        "awards": list(awards),
    }


async def issue(api: AwardsApi, body: dict[str, Any]) -> httpx.Response:
    return await api.client.post("/v1/decisions", json=body, headers=api.headers(body["agency"]))


async def test_a_bang_khen_of_the_ministry_goes_to_an_enterprise_named_by_its_tax_code(
    awards_api: AwardsApi,
) -> None:
    granted = await issue(awards_api, decision(enterprise("BK_BO")))
    # Any agency commends an enterprise: none holds it in its directory.
    flag = decision(enterprise("CO_THI_DUA_BO", f"{TAX_CODE}-001"), agency=HCM)
    elsewhere = await issue(awards_api, flag)
    history = await awards_api.client.get(
        f"/v1/recipients/enterprise/{TAX_CODE}/awards", headers=awards_api.headers(HA_NOI)
    )

    assert granted.status_code == 201, granted.text
    assert elsewhere.status_code == 201, elsewhere.text
    assert history.status_code == 200, history.text
    assert [(t["award_code"], t["count"]) for t in history.json()["totals"]] == [("BK_BO", 1)]
    stream = await awards_api.awards.store.read_stream(f"decision-{granted.json()['decision_id']}")
    award = stream[1].payload
    assert (award["recipient_kind"], award["recipient_id"]) == ("enterprise", TAX_CODE)


async def test_an_enterprise_not_named_by_a_tax_code_is_refused(awards_api: AwardsApi) -> None:
    refused = await issue(awards_api, decision(enterprise("BK_BO", "Công-ty-ABC")))

    assert refused.status_code == 422, refused.text
    [error] = refused.json()["errors"]
    assert error["field"] == "body.awards.0.recipient_id"
    assert error["msg"].startswith("Mã số thuế của doanh nghiệp gồm 10 chữ số")


async def test_titles_judged_on_members_are_not_for_an_enterprise(awards_api: AwardsApi) -> None:
    refused = await issue(awards_api, decision(enterprise("TTLDXS")))

    assert refused.status_code == 422, refused.text
    [error] = refused.json()["errors"]
    assert error["field"] == "body.awards.0.award_code"
    assert error["msg"].startswith("Tập thể lao động xuất sắc (TTLDXS) không tặng cho doanh nghiệp")


async def test_one_achievement_of_an_enterprise_is_rewarded_once(awards_api: AwardsApi) -> None:
    first = await issue(awards_api, decision(enterprise("BK_BO")))
    again = await issue(awards_api, decision(enterprise("BK_BO"), number="2/QĐ-BCT"))

    assert first.status_code == 201, first.text
    assert [w["kind"] for w in first.json()["warnings"]] == ["unverified"]  # no criteria known
    assert again.status_code == 422, again.text
    [violation] = again.json()["violations"]
    assert violation["kind"] == "already_awarded"


async def test_a_proposal_nominates_an_enterprise(awards_api: AwardsApi) -> None:
    nominee = {"nominee_kind": "enterprise", "nominee_id": TAX_CODE, "award_code": "BK_TTG"}
    body = {
        "agency": HA_NOI,
        "nominees": [nominee | {"achievement_year": 2024}],
        "commendation_kind": "regular",
        "addressed_to": "ministry_province",
        "submitted_on": "2025-01-10",
    }
    headers = awards_api.headers(HA_NOI)

    submitted = await awards_api.client.post("/v1/proposals", json=body, headers=headers)
    misnamed = {**body, "nominees": [nominee | {"nominee_id": "123", "achievement_year": 2024}]}
    refused = await awards_api.client.post("/v1/proposals", json=misnamed, headers=headers)

    assert submitted.status_code == 201, submitted.text
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["body.nominees.0.nominee_id"]


async def test_an_imported_enterprise_award_carries_no_unknown_recipient_warning(
    awards_api: AwardsApi,
) -> None:
    header = ["Số quyết định", "Ngày ký", "Cơ quan ban hành", "Loại đối tượng", "Mã đối tượng"]
    rows: list[list[Any]] = [
        [*header, "Danh hiệu/hình thức", "Năm thành tích"],
        ["5/QĐ-BCT", "01/03/2021", MINISTER, "Doanh nghiệp", TAX_CODE, "Bằng khen Bộ", 2020],
        ["5/QĐ-BCT", "01/03/2021", MINISTER, "Doanh nghiệp", "0100", "Bằng khen Bộ", 2020],
    ]

    refused = await _upload(awards_api, rows)
    recorded = await _upload(awards_api, rows[:2])

    assert refused.status_code == 422, refused.text
    errors = [(e["row"], e["column"], e["code"]) for e in refused.json()["errors"]]
    assert errors == [(3, "Mã đối tượng", "invalid_tax_code")]
    assert recorded.status_code == 201, recorded.text
    [row] = recorded.json()["rows"]
    assert "recipient_unknown" not in [w["code"] for w in row["warnings"]]


async def _upload(api: AwardsApi, rows: list[list[Any]]) -> httpx.Response:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return await api.client.post(
        "/v1/decisions/import",
        data={"agency": HA_NOI},
        files={"file": ("doanh_nghiep.xlsx", buffer.getvalue(), xlsx)},
        headers=api.headers(HA_NOI),
    )
