"""Refusing events their producer could not have sent: the line behind the broker's ACLs.

The broker lets only each service's own principal write its topic; a consumer still checks
what it is about to apply, so that a forged or garbled record never reaches a statistic. A
*screen* looks at a parsed event and the record it came in and names why it must not be
applied (``None``: apply it). A refused event goes to the dead-letter topic with that reason,
like one that does not parse, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar
from uuid import UUID

from shared.consumer.incoming import IncomingRecord
from shared.events.errors import EventContractError

EventT = TypeVar("EventT")
Screen = Callable[[EventT, IncomingRecord], str | None]

ENVELOPE_HEADERS = ("event_type", "agency", "event_id")
"""The headers the relay sets from the envelope, which must say what the envelope says."""


class Enveloped(Protocol):
    """What the header check reads of an event (any envelope model)."""

    @property
    def event_type(self) -> str: ...

    @property
    def agency(self) -> str: ...

    @property
    def event_id(self) -> UUID: ...


class RefusedEvent(EventContractError):
    """The event parses but a screen refused it (see its message)."""


class ConflictingDuplicate(EventContractError):
    """The event's id was seen before with other content: one of the two is not genuine."""


def headers_match_envelope(event: Enveloped, record: IncomingRecord) -> str | None:
    """The record's ``event_type``, ``agency`` and ``event_id`` headers are there and say what
    its envelope says (a consumer routes and counts by them)."""
    received = {name: value for name, value in record.headers}
    expected = {
        "event_type": event.event_type,
        "agency": event.agency,
        "event_id": str(event.event_id),
    }
    for name in ENVELOPE_HEADERS:
        value = received.get(name)
        if value is None:
            return f"header {name} is missing"
        if value.decode(errors="replace") != expected[name]:
            shown = value.decode(errors="replace")[:100]
            return f"header {name} is {shown!r} but the envelope says {expected[name]!r}"
    return None


def all_of(*screens: Screen[EventT]) -> Screen[EventT]:
    """A screen that refuses what any of ``screens`` refuses (the first reason)."""
    chosen: Sequence[Screen[EventT]] = screens

    def screen(event: EventT, record: IncomingRecord) -> str | None:
        for one in chosen:
            reason = one(event, record)
            if reason is not None:
                return reason
        return None

    return screen
