"""Importing past decisions: a per-row report, all or nothing, re-importing changes nothing."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from shared.consumer import IncomingRecord
from shared.envelope import EventEnvelope
from shared.events import MemberAdded, RatingRecorded, new_event
from tests.harness.awards_api import AwardsApi
from tests.harness.event_store import count_events
from tests.harness.registry_feed import registry_topic

HA_NOI = "01"
SO = "Giám đốc Sở Công Thương Hà Nội"
UB = "UBND thành phố Hà Nội"
HEADER = [
    "STT",
    "Số quyết định",
    "Ngày ký",
    "Cơ quan ban hành",
    "Loại đối tượng",
    "Mã đối tượng",
    "Họ và tên",
    "Danh hiệu/hình thức",
    "Năm thành tích",
]
GOOD = [
    [1, "125/QĐ-SCT", "20/01/2020", SO, "Cá nhân", "hn-m1", "Nguyễn Thị Hoa", "LĐTT", 2019],
    [2, "125/QĐ-SCT", "20/01/2020", SO, "Cá nhân", "hn-m2", "Trần Văn Nam", "LĐTT", 2019],
    [3, "125/QĐ-SCT", "20/01/2020", SO, "Cá nhân", "hn-m1", "Nguyễn Thị Hoa", "CSTĐCS", 2019],
    [4, "2045/QĐ-UBND", "15/04/2020", UB, "Tập thể", "hn-p1", "", "Bằng khen UBND thành phố", 2019],
]
BAD = [
    GOOD[0],
    [2, "125/QĐ-SCT", "32/01/2020", SO, "Cá nhân", "hn-m2", "Trần Văn Nam", "LĐTT", 2019],
    [3, "125/QĐ-SCT", "20/01/2020", SO, "Cá nhân", "hn-m1", "Nguyễn Thị Hoa", "LĐTT", 2019],
    [4, "", "15/04/2020", UB, "Tập thể", "hn-p1", "", "Bằng khen UBND thành phố", 2019],
    [5, "2046/QĐ-UBND", "15/04/2020", UB, "Cá nhân", "hn-m3", "Lê Minh", "Huy hiệu", 2019],
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv(rows: list[list[Any]]) -> bytes:
    return "\n".join(",".join(str(c) for c in row) for row in [HEADER, *rows]).encode()


async def upload(api: AwardsApi, content: bytes, **headers: str) -> Any:
    return await api.client.post(
        "/v1/decisions/import",
        data={"agency": HA_NOI},
        files={"file": ("khen_thuong_2020.xlsx", content, XLSX)},
        headers=api.headers(HA_NOI, **headers),
    )


async def decisions_total(api: AwardsApi) -> int:
    listed = await api.client.get(
        "/v1/decisions", params={"agency": HA_NOI}, headers=api.headers(HA_NOI)
    )
    return int(listed.json()["total"])


async def test_bad_and_duplicate_rows_are_reported_and_nothing_is_written(
    awards_api: AwardsApi,
) -> None:
    refused = await upload(awards_api, xlsx(BAD))

    assert refused.status_code == 422, refused.text
    report = [(e["row"], e["column"], e["code"]) for e in refused.json()["errors"]]
    assert report == [
        (3, "Ngày ký", "invalid_date"),
        (4, "Mã đối tượng", "duplicate_in_file"),
        (5, "Số quyết định", "missing_value"),
        (6, "Danh hiệu/hình thức", "unknown_award_code"),
    ]
    messages = [e["message"] for e in refused.json()["errors"]]
    assert messages[1] == "Trùng đối tượng, danh hiệu và năm với dòng 2 của cùng quyết định."
    assert await decisions_total(awards_api) == 0


async def test_a_good_file_records_every_row_with_its_warnings(awards_api: AwardsApi) -> None:
    response = await upload(awards_api, xlsx(GOOD))

    assert response.status_code == 201, response.text
    report = response.json()
    assert (report["decisions_recorded"], report["awards_recorded"]) == (2, 4)
    assert [(r["row"], r["status"]) for r in report["rows"]] == [
        (2, "recorded"),
        (3, "recorded"),
        (4, "recorded"),
        (5, "recorded"),
    ]
    first = report["rows"][0]
    assert [w["code"] for w in first["warnings"]] == ["recipient_unknown", "unverified"]
    assert first["warnings"][0]["message"] == (
        "Chưa có dữ liệu nào về đối tượng hn-m1 trong cơ quan: ghi nhận theo mã đã nhập."
    )
    stream = await awards_api.awards.store.read_stream(f"decision-{first['decision_id']}")
    assert [e.event_type for e in stream] == ["DecisionIssued", *["AwardGranted"] * 3]
    assert stream[0].payload["imported"] is True


async def test_re_importing_the_same_file_changes_nothing(awards_api: AwardsApi) -> None:
    first = (await upload(awards_api, xlsx(GOOD))).json()
    events = await count_events(awards_api.awards.engine)

    again = await upload(awards_api, csv(GOOD))

    assert again.status_code == 200, again.text
    body = again.json()
    assert (body["decisions_recorded"], body["decisions_already_recorded"]) == (0, 2)
    assert [r["status"] for r in body["rows"]] == ["already_recorded"] * 4
    ids = [(r["decision_id"], r["award_id"]) for r in body["rows"]]
    assert ids == [(r["decision_id"], r["award_id"]) for r in first["rows"]]
    assert await count_events(awards_api.awards.engine) == events


async def test_a_recorded_decision_with_other_content_is_an_error(awards_api: AwardsApi) -> None:
    await upload(awards_api, xlsx(GOOD))
    changed = [
        *GOOD[:3],
        [4, "2045/QĐ-UBND", "15/04/2020", UB, "Tập thể", "hn-p2", "", "BK_TINH", 2019],
    ]

    refused = await upload(awards_api, xlsx(changed))

    assert refused.status_code == 422, refused.text
    error = refused.json()["errors"][0]
    assert (error["row"], error["code"]) == (5, "decision_differs")
    assert error["message"].startswith("Quyết định số 2045/QĐ-UBND của UBND thành phố Hà Nội")


async def test_history_breaking_todays_rules_is_recorded_with_warnings(
    awards_api: AwardsApi,
) -> None:
    await _rated(awards_api, "hn-m9", "KHTNV")
    rows = [[1, "11/QĐ-SCT", "10/01/2025", SO, "Cá nhân", "hn-m9", "", "LĐTT", 2024]]

    response = await upload(awards_api, xlsx(rows))

    assert response.status_code == 201, response.text
    warnings = response.json()["rows"][0]["warnings"]
    assert [w["code"] for w in warnings] == ["not_eligible"]
    assert warnings[0]["message"] == "Lao động tiên tiến 2024: Xếp loại dưới HTTNV (2024: KHTNV)"


async def test_a_key_used_for_another_file_is_refused(awards_api: AwardsApi) -> None:
    key = {"Idempotency-Key": "nhap-2020"}
    first = await upload(awards_api, xlsx(GOOD[:1]), **key)
    other = await upload(awards_api, xlsx(GOOD[3:]), **key)

    assert first.status_code == 201, first.text
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "header.Idempotency-Key"


async def _rated(api: AwardsApi, member_id: str, rating: str) -> None:
    records = []
    payloads = (
        MemberAdded(member_id=member_id, unit_id="hn-p1", position_group="official"),
        RatingRecorded(member_id=member_id, year=2024, rating=rating),
    )
    for i, payload in enumerate(payloads):
        event = new_event(payload, occurred_at=datetime(2024, 1, 10, tzinfo=UTC))
        envelope = EventEnvelope(
            **event.model_dump(),
            agency=HA_NOI,
            stream_id=f"s-{uuid.uuid4()}",
            stream_version=1,
            recorded_at=datetime.now(UTC),
            actor="registry",
            correlation_id=uuid.uuid4(),
        )
        wire = envelope.wire()
        records.append(
            IncomingRecord(registry_topic(api), 0, i, b"k", wire.value, tuple(wire.headers))
        )
    await api.awards.consumer.process(records)


async def test_the_example_file_of_the_readme_imports_cleanly(awards_api: AwardsApi) -> None:
    example = Path(__file__).parents[3] / "examples" / "lich_su_khen_thuong.csv"

    response = await awards_api.client.post(
        "/v1/decisions/import",
        data={"agency": HA_NOI},
        files={"file": (example.name, example.read_bytes(), "text/csv")},
        headers=awards_api.headers(HA_NOI),
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["decisions_recorded"], body["awards_recorded"]) == (1, 4)
