"""The payloads a running command decided, handed to its inline projection unparsed.

A command's events are appended as JSON, and its inline projection reads them as recorded
events; parsing each one back (validation included) cost as much as deciding it. The runner
keeps what it decided, by event id, for the length of the command (a context variable, so
concurrent commands never see each other's), and the projection takes the payload from
there: the same current, validated payload that parsing the stored form gives back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from uuid import UUID

from shared.envelope import EventPayload
from shared.events import parse_envelope
from shared.eventstore import RecordedEvent

_DECIDED: ContextVar[dict[UUID, EventPayload] | None] = ContextVar("decided", default=None)


@contextmanager
def deciding() -> Iterator[None]:
    """Keep what is decided within (see :func:`remember_decided`), then forget it."""
    token = _DECIDED.set({})
    try:
        yield
    finally:
        _DECIDED.reset(token)


def remember_decided(decided: Iterable[tuple[UUID, EventPayload]]) -> None:
    """The payloads of new events, by event id (kept only within :func:`deciding`)."""
    remembered = _DECIDED.get()
    if remembered is not None:
        remembered.update(decided)


def payload_of(event: RecordedEvent) -> EventPayload:
    """The event's payload: as the running command decided it, or parsed from the envelope."""
    decided = _DECIDED.get()
    found = None if decided is None else decided.get(event.event_id)
    return found if found is not None else parse_envelope(event).payload
