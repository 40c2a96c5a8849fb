"""Upcasters lift old envelopes to the current schema version before validation."""

from __future__ import annotations

import copy
from typing import Any
from uuid import uuid4

import orjson
import pytest

from shared.events import (
    InvalidEvent,
    RegistrationSubmitted,
    RegistrationSubmittedEvent,
    RegistrationSubmittedV1,
    UnknownEventType,
    UnsupportedSchemaVersion,
    Upcasters,
    parse_event,
    upcast,
)

V1_PAYLOAD = RegistrationSubmittedV1(
    registration_id="r-1",
    registrant_kind="member",
    registrant_id="m-1",
    year=2019,
    award_code="CSTDCS",
).model_dump(mode="json")


def v1_envelope(payload: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "event_id": str(uuid4()),
        "event_type": "RegistrationSubmitted",
        "schema_version": 1,
        "agency": "sct-06",
        "stream_id": "r-1",
        "stream_version": 1,
        "occurred_at": "2019-01-15T08:00:00+07:00",
        "recorded_at": "2019-01-15T08:00:01+07:00",
        "actor": "officer-1",
        "correlation_id": str(uuid4()),
        "payload": V1_PAYLOAD if payload is None else payload,
    }


def test_v1_registration_parses_as_v2() -> None:
    event = parse_event(orjson.dumps(v1_envelope()))
    assert isinstance(event, RegistrationSubmittedEvent)
    assert event.schema_version == 2
    assert event.payload.award_codes == ["CSTDCS"]
    assert event.payload.registrant_id == "m-1"


def test_upcast_leaves_its_input_alone() -> None:
    raw = v1_envelope()
    before = copy.deepcopy(raw)
    lifted = upcast(raw)
    assert raw == before
    assert lifted["schema_version"] == RegistrationSubmitted.schema_version
    assert "award_code" not in lifted["payload"]


def test_current_version_passes_unchanged() -> None:
    current = upcast(v1_envelope())
    assert upcast(current) == current


def test_v1_without_award_code_is_invalid() -> None:
    payload = {k: v for k, v in V1_PAYLOAD.items() if k != "award_code"}
    with pytest.raises(InvalidEvent, match="RegistrationSubmitted v1"):
        parse_event(v1_envelope(payload))


def test_steps_apply_in_order_until_current() -> None:
    upcasters = Upcasters({"Thing": 3})
    upcasters.register("Thing", 1)(lambda e: {**e, "payload": {"trail": ["1→2"]}})
    upcasters.register("Thing", 2)(
        lambda e: {**e, "payload": {"trail": [*e["payload"]["trail"], "2→3"]}}
    )
    lifted = upcasters.upcast({"event_type": "Thing", "schema_version": 1, "payload": {}})
    assert lifted == {
        "event_type": "Thing",
        "schema_version": 3,
        "payload": {"trail": ["1→2", "2→3"]},
    }


def test_a_missing_step_is_unsupported() -> None:
    upcasters = Upcasters({"Thing": 3})
    upcasters.register("Thing", 2)(lambda e: e)
    with pytest.raises(UnsupportedSchemaVersion, match="no upcaster from Thing v1"):
        upcasters.upcast({"event_type": "Thing", "schema_version": 1, "payload": {}})


def test_a_step_registers_once() -> None:
    upcasters = Upcasters({"Thing": 2})
    upcasters.register("Thing", 1)(lambda e: e)
    with pytest.raises(ValueError, match="already exists"):
        upcasters.register("Thing", 1)(lambda e: e)


def test_future_and_unknown_are_rejected() -> None:
    upcasters = Upcasters({"Thing": 2})
    with pytest.raises(UnsupportedSchemaVersion):
        upcasters.upcast({"event_type": "Thing", "schema_version": 3})
    with pytest.raises(UnknownEventType):
        upcasters.upcast({"event_type": "Other", "schema_version": 1})


@pytest.mark.parametrize("version", [0, "2", True, None])
def test_schema_version_must_be_a_positive_integer(version: object) -> None:
    with pytest.raises(InvalidEvent, match="schema_version"):
        Upcasters({"Thing": 2}).upcast({"event_type": "Thing", "schema_version": version})
