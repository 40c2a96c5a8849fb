"""How the consumer parses records: ``shared.events.parse_event`` if it takes ours, else locally."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Protocol
from uuid import UUID

from pydantic import ValidationError

from shared.envelope import EventEnvelope
from shared.events.errors import EventContractError, InvalidEvent


class Envelope(Protocol):
    """What the projection and the dedupe need from a parsed event."""

    @property
    def event_id(self) -> UUID: ...

    @property
    def agency(self) -> str: ...

    @property
    def event_type(self) -> str: ...


def parse_envelope(value: bytes) -> EventEnvelope:
    """Validate the envelope only (the payload stays a dict); contract errors dead-letter."""
    try:
        return EventEnvelope.model_validate_json(value)
    except ValidationError as error:
        raise InvalidEvent(f"invalid envelope: {error}") from error


def choose_parser(sample: bytes) -> tuple[Callable[[bytes], Envelope], str]:
    """``parse_event`` when it exists and accepts ``sample``; otherwise :func:`parse_envelope`."""
    local = "local EventEnvelope.model_validate_json"
    parse_event = _shared_parse_event()
    if parse_event is None:
        return parse_envelope, f"{local} (shared.events.parse_event not available)"
    try:
        parsed = parse_event(sample)
        _ = (parsed.event_id, parsed.agency, parsed.event_type)
    except (EventContractError, AttributeError) as error:
        reason = f"{type(error).__name__}: {error}"
        return parse_envelope, f"{local} (shared.events.parse_event refused the sample: {reason})"
    return parse_event, "shared.events.parse_event"


def _shared_parse_event() -> Callable[[bytes], Any] | None:
    try:
        module = importlib.import_module("shared.events")
    except ImportError:
        return None
    function: Callable[[bytes], Any] | None = getattr(module, "parse_event", None)
    return function
