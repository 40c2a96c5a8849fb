"""Realistic events: an AwardGranted-like payload of about 420 bytes of JSON (UTF-8)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.envelope import NewEvent
from shared.eventstore.port import AppendContext

EVENT_TYPE = "AwardGranted"
AGENCIES = ("bct", *(f"so-ct-{number:02d}" for number in range(1, 35)))
"""The ministry and the 34 provincial Departments of Industry and Trade (Sở Công Thương)."""

_AWARDS = (
    ("LDTT", "Lao động tiên tiến", "unit", 0.3),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "unit", 1.0),
    ("GK", "Giấy khen", "unit", 0.3),
    ("BK_BO", "Bằng khen của Bộ trưởng Bộ Công Thương", "ministry_province", 1.0),
    ("CSTD_BO", "Chiến sĩ thi đua cấp Bộ", "ministry_province", 3.0),
)
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
_GIVEN = ("Thị Thu Hương", "Văn An", "Minh Đức", "Thị Lan Anh", "Quốc Bảo", "Thị Hồng Nhung")
_UNITS = ("Phòng Quản lý Thương mại", "Phòng Kế hoạch – Tài chính", "Văn phòng Sở", "Thanh tra Sở")
_BASE_DATE = datetime(2024, 12, 20, 8, 30, tzinfo=UTC)


def award_payload(index: int, agency: str) -> dict[str, Any]:
    """An award decision of ``agency`` for one civil servant; varies with ``index``."""
    code, name, level, multiple = _AWARDS[index % len(_AWARDS)]
    return {
        "award_id": f"{agency}-aw-{index:08d}",
        "award_code": code,
        "award_name_vi": name,
        "granting_level": level,
        "recipient_kind": "member",
        "recipient_id": f"{agency}-m-{index % 9973:06d}",
        "recipient_name": f"{_FAMILY[index % 10]} {_GIVEN[index % 6]}",
        "unit_name": _UNITS[index % 4],
        "year": 2024,
        "decision_no": f"{index % 997 + 1}/QĐ-SCT",
        "decision_date": "2024-12-20",
        "bonus_base_salary_multiple": multiple,
        "reason": "Đã có thành tích xuất sắc trong phong trào thi đua năm 2024",
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


def context_for(agency: str) -> AppendContext:
    return AppendContext(agency=agency, actor="benchmark", correlation_id=uuid.uuid4())


def batches(total: int, size: int) -> Iterator[tuple[str, AppendContext, list[NewEvent]]]:
    """``(stream_id, context, events)``: one new stream per batch, agencies in turn."""
    for number, start in enumerate(range(0, total, size)):
        agency = agency_of(number)
        events = [new_event(index, agency) for index in range(start, min(start + size, total))]
        yield f"award-batch-{uuid.uuid4()}", context_for(agency), events
