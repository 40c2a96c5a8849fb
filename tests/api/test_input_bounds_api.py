"""No input can hurt a service (issue 12, item 5): numbers, dates and text outside what the
domain allows are a 422 naming the field, never a server error; bodies are held to a size and
a caller without a token is refused before its body is read."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import AsyncIterator
from typing import Any

import pytest

from shared.http.limits import MAX_BODY_BYTES, MAX_UPLOAD_BYTES, MIB
from shared.http.pagination import MAX_OFFSET
from tests.harness.awards_api import AwardsApi
from tests.harness.registry_api import RegistryApi

HUGE = 2**70
NAME = "Phòng Nguyễn Trãi"


def fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return [error["field"] for error in response.json()["errors"]]


def campaign(**changes: Any) -> dict[str, Any]:
    body = {
        "agency": "06",
        "title": "Phong trào thi đua yêu nước",
        "form": "thematic",
        "scope": "unit",
        "launching_level": "unit",
        "start_date": "2024-01-01",
    }
    return body | changes


async def test_offsets_and_years_beyond_their_range_name_the_parameter(
    registry_api: RegistryApi, awards_api: AwardsApi
) -> None:
    units = await registry_api.client.get(
        "/v1/units", params={"agency": "06", "offset": HUGE}, headers=registry_api.headers()
    )
    deepest = await registry_api.client.get(
        "/v1/units", params={"agency": "06", "offset": MAX_OFFSET}, headers=registry_api.headers()
    )
    decisions = await awards_api.client.get(
        "/v1/decisions", params={"agency": "06", "offset": HUGE}, headers=awards_api.headers()
    )
    rating = await registry_api.client.get(
        f"/v1/ratings/m-1/{HUGE}", headers=registry_api.headers()
    )

    assert fields(units) == ["query.offset"]
    assert deepest.status_code == 200
    assert fields(decisions) == ["query.offset"]
    assert fields(rating) == ["path.year"]


@pytest.mark.parametrize("day", ["0001-01-01", "1944-12-31", "9999-12-31"])
async def test_business_dates_outside_the_window_name_the_field(
    registry_api: RegistryApi, awards_api: AwardsApi, day: str
) -> None:
    launched = await registry_api.client.post(
        "/v1/campaigns", json=campaign(), headers=registry_api.headers()
    )
    campaign_id = launched.json()["campaign_id"]
    started = await registry_api.client.post(
        "/v1/campaigns", json=campaign(start_date=day), headers=registry_api.headers()
    )
    reviewed = await registry_api.client.post(
        f"/v1/campaigns/{campaign_id}/reviews",
        json={"stage": "interim", "review_date": day},
        headers=registry_api.headers(),
    )
    signed = await awards_api.client.post(
        "/v1/decisions",
        json={
            "agency": "06",
            "number": "1/QĐ-SCT",
            "signed_on": day,
            "issuing_authority": "Giám đốc Sở Công Thương",
            "authority_level": "unit",
            "awards": [
                {
                    "recipient_kind": "member",
                    "recipient_id": "m-1",
                    "award_code": "LDTT",
                    "achievement_year": 2024,
                }
            ],
        },
        headers=awards_api.headers(),
    )

    assert fields(started) == ["body.start_date"]
    assert fields(reviewed) == ["body.review_date"]
    assert fields(signed) == ["body.signed_on"]
    assert started.json()["errors"][0]["type"] == "business_date_range"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
async def test_query_dates_outside_the_window_name_the_parameter(
    registry_api: RegistryApi, awards_api: AwardsApi, day: str
) -> None:
    holds = await registry_api.client.get(
        "/v1/discipline-holds",
        params={"agency": "06", "active_on": day},
        headers=registry_api.headers(),
    )
    verdict = await awards_api.client.get(
        "/v1/eligibility",
        params={
            "agency": "06",
            "recipient_kind": "member",
            "recipient_id": "m-1",
            "award_code": "LDTT",
            "year": 2024,
            "as_of": day,
        },
        headers=awards_api.headers(),
    )

    assert fields(holds) == ["query.active_on"]
    assert fields(verdict) == ["query.as_of"]


async def test_old_decisions_and_planned_campaigns_are_within_the_window(
    registry_api: RegistryApi,
) -> None:
    planned = await registry_api.client.post(
        "/v1/campaigns",
        json=campaign(start_date="1948-06-11", end_date=f"{time.gmtime().tm_year + 5}-12-31"),
        headers=registry_api.headers(),
    )

    assert planned.status_code == 201, planned.text


async def test_a_name_in_nfc_or_nfd_is_the_same_name(registry_api: RegistryApi) -> None:
    decomposed = unicodedata.normalize("NFD", NAME)
    assert decomposed != NAME
    added = await registry_api.client.post(
        "/v1/units", json={"agency": "06", "name": decomposed}, headers=registry_api.headers()
    )
    unit_id = added.json()["unit_id"]
    renamed = await registry_api.client.patch(
        f"/v1/units/{unit_id}", json={"name": NAME}, headers=registry_api.headers()
    )
    read = await registry_api.client.get(f"/v1/units/{unit_id}", headers=registry_api.headers())

    assert read.json()["name"] == NAME
    assert renamed.json()["version"] == 1  # the same name: nothing to record
    assert renamed.json()["event_ids"] == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Phòng\x00Kế hoạch", "text_control_character"),
        ("Phòng\nKế hoạch", "text_control_character"),
        ("\u202eạch oạh ếK", "text_bidi_control"),
        ("Phòng \u2066Kế hoạch\u2069", "text_bidi_control"),
        ("\u200b\u200b", "text_blank"),
        (" \u3000 ", "text_blank"),
    ],
)
async def test_names_with_control_bidi_or_nothing_visible_are_refused(
    registry_api: RegistryApi, name: str, kind: str
) -> None:
    refused = await registry_api.client.post(
        "/v1/units", json={"agency": "06", "name": name}, headers=registry_api.headers()
    )

    assert fields(refused) == ["body.name"]
    assert refused.json()["errors"][0]["type"] == kind


async def test_a_reason_may_span_lines(registry_api: RegistryApi) -> None:
    refused = await registry_api.client.post(
        "/v1/registrations/no-such/return",
        json={"reason": "Thiếu hồ sơ:\r\n- biên bản\t(bản gốc)"},
        headers=registry_api.headers(),
    )

    assert refused.status_code == 404  # the body was valid; the registration does not exist


async def _streamed(megabytes: int) -> AsyncIterator[bytes]:
    chunk = b"x" * MIB
    for _ in range(megabytes):
        yield chunk


async def test_a_huge_body_without_a_token_is_refused_before_it_is_read(
    registry_api: RegistryApi,
) -> None:
    started = time.monotonic()
    refused = await registry_api.client.post(
        "/v1/units",
        content=_streamed(105),
        headers={"Content-Type": "application/json", "Content-Length": str(105 * MIB)},
    )

    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    assert time.monotonic() - started < 2


async def test_a_body_over_the_limit_is_a_413(registry_api: RegistryApi) -> None:
    declared = await registry_api.client.post(
        "/v1/units", content=b"x" * (MAX_BODY_BYTES + 1), headers=registry_api.headers()
    )
    chunked = await registry_api.client.post(
        "/v1/units", content=_streamed(3), headers=registry_api.headers()
    )

    assert declared.status_code == chunked.status_code == 413
    assert chunked.headers["content-type"] == "application/problem+json"


async def test_a_spreadsheet_has_the_larger_limit(registry_api: RegistryApi) -> None:
    over_the_file_limit = b"x" * (5 * MIB + MIB // 2)
    over_the_request_limit = b"x" * MAX_UPLOAD_BYTES

    async def upload(content: bytes) -> Any:
        return await registry_api.client.post(
            "/v1/registrations/import",
            data={"agency": "06"},
            files={"file": ("rows.csv", content, "text/csv")},
            headers=registry_api.headers(),
        )

    read_then_refused = await upload(over_the_file_limit)
    refused_unread = await upload(over_the_request_limit)

    assert read_then_refused.status_code == refused_unread.status_code == 413
    assert read_then_refused.json()["detail"] == "the file is larger than 5 MB"
    assert refused_unread.json()["detail"].startswith("the request body is larger than")


async def test_a_date_outside_the_window_is_its_rows_error(
    registry_api: RegistryApi, awards_api: AwardsApi
) -> None:
    """A date outside the business window is the row's own error (with its row and column),
    never a 500, and the file writes nothing."""
    decisions = "\r\n".join(
        [
            "Số quyết định,Ngày ký,Cơ quan ban hành,Loại đối tượng,Mã đối tượng,"
            "Danh hiệu/hình thức,Năm thành tích",
            "7/QĐ-SCT,20/01/1900,Giám đốc Sở Công Thương,Cá nhân,m-1,LĐTT,1999",
        ]
    ).encode()
    registrations = "\r\n".join(
        [
            "registrant_kind,registrant_id,year,award_codes,submitted_on",
            "member,m-1,2021,LDTT,01/01/1900",
        ]
    ).encode()

    signed = await awards_api.client.post(
        "/v1/decisions/import",
        data={"agency": "06"},
        files={"file": ("qd.csv", decisions, "text/csv")},
        headers=awards_api.headers(),
    )
    submitted = await registry_api.client.post(
        "/v1/registrations/import",
        data={"agency": "06"},
        files={"file": ("dk.csv", registrations, "text/csv")},
        headers=registry_api.headers(),
    )

    assert fields(signed) == ["signed_on"]
    assert fields(submitted) == ["submitted_on"]
    for refused in (signed, submitted):
        error = refused.json()["errors"][0]
        assert (error["row"], error["code"]) == (2, "date_out_of_range")
