"""Realistic events: AwardGranted payloads of about 420 bytes of JSON (UTF-8, Vietnamese)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.envelope import KafkaRecord, NewEvent, encode_event
from shared.eventstore.port import AppendContext

EVENT_TYPE = "AwardGranted"
AGENCIES = ("bct", *(f"so-ct-{number:02d}" for number in range(1, 35)))
"""The ministry and the 34 provincial Departments of Industry and Trade (Sở Công Thương)."""

_AWARDS = (
    ("LDTT", "Lao động tiên tiến", "unit"),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "unit"),
    ("GIAY_KHEN", "Giấy khen", "unit"),
    ("BK_BO", "Bằng khen cấp bộ", "ministry_province"),
    ("CSTD_BO", "Chiến sĩ thi đua cấp bộ", "ministry_province"),
)
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
_GIVEN = ("Thị Thu Hương", "Văn An", "Minh Đức", "Thị Lan Anh", "Quốc Bảo", "Thị Hồng Nhung")
_BASE_DATE = datetime(2024, 12, 20, 8, 30, tzinfo=UTC)


def award_payload(index: int, agency: str) -> dict[str, Any]:
    """The catalogue's AwardGranted fields plus descriptive Vietnamese ones (parsers ignore
    unknown payload fields); varies with ``index``."""
    code, name, level = _AWARDS[index % len(_AWARDS)]
    decision = index // 50
    return {
        "award_id": f"{agency}:award:{index:08d}",
        "decision_id": f"{agency}:decision:{decision:06d}",
        "recipient_kind": "member",
        "recipient_id": f"{agency}:member:{index % 9973:06d}",
        "award_code": code,
        "commendation_kind": "regular",
        "granting_level": level,
        "achievement_year_from": 2024,
        "achievement_year_to": 2024,
        "decision_signed_on": "2024-12-20",
        "decision_number": f"{decision % 997 + 1}/QĐ-SCT",
        "award_name_vi": name,
        "recipient_name": f"{_FAMILY[index % 10]} {_GIVEN[index % 6]}",
    }


def agency_of(index: int) -> str:
    return AGENCIES[index % len(AGENCIES)]


def new_event(index: int, agency: str) -> NewEvent:
    return NewEvent(
        event_id=uuid.uuid4(),
        event_type=EVENT_TYPE,
        schema_version=1,
        occurred_at=_BASE_DATE + timedelta(seconds=index),
        payload=award_payload(index, agency),
    )


def wire_record(index: int) -> KafkaRecord:
    """The record the relay publishes for event ``index`` of a 50-event stream, as the store
    would hold it (the one wire encoder; no store involved)."""
    agency = agency_of(index)
    occurred = _BASE_DATE + timedelta(seconds=index)
    fields = {
        "event_id": uuid.uuid4(),
        "event_type": EVENT_TYPE,
        "schema_version": 1,
        "agency": agency,
        "stream_id": f"award-{index // 50}",
        "stream_version": index % 50 + 1,
        "occurred_at": occurred,
        "recorded_at": occurred,
        "actor": "benchmark",
        "correlation_id": uuid.uuid4(),
        "causation_id": None,
    }
    return encode_event(fields, award_payload(index, agency))


def context_for(agency: str) -> AppendContext:
    return AppendContext(agency=agency, actor="benchmark", correlation_id=uuid.uuid4())


def batches(total: int, size: int) -> Iterator[tuple[str, AppendContext, list[NewEvent]]]:
    """``(stream_id, context, events)``: one new stream per batch, agencies in turn."""
    for number, start in enumerate(range(0, total, size)):
        agency = agency_of(number)
        events = [new_event(index, agency) for index in range(start, min(start + size, total))]
        yield f"award-batch-{uuid.uuid4()}", context_for(agency), events
