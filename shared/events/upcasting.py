"""Upcasters: plain functions that lift an old envelope one schema version up.

A breaking change to a payload gets a new ``schema_version`` and one upcaster from the
previous version. Reading applies the upcasters in sequence until the current version, so
consumers only ever see current payloads, and stored history never has to be rewritten.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from shared.events.errors import InvalidEvent, UnknownEventType, UnsupportedSchemaVersion
from shared.events.payloads import CURRENT_VERSIONS

RawEnvelope = dict[str, Any]
Upcaster = Callable[[RawEnvelope], RawEnvelope]


class Upcasters:
    """A registry of upcasters, keyed by (event type, version they read)."""

    def __init__(self, current_versions: Mapping[str, int]) -> None:
        self._current = current_versions
        self._steps: dict[tuple[str, int], Upcaster] = {}

    def register(self, event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        """Decorator: the function lifts ``event_type`` from ``from_version`` to the next.

        The function receives a copy of the whole envelope (so it may use e.g. ``occurred_at``)
        and returns it with the payload rewritten; ``schema_version`` is set for it.
        """
        key = (event_type, from_version)

        def decorator(function: Upcaster) -> Upcaster:
            if key in self._steps:
                raise ValueError(f"an upcaster for {event_type} v{from_version} already exists")
            self._steps[key] = function
            return function

        return decorator

    def upcast(self, raw: Mapping[str, Any]) -> RawEnvelope:
        """The envelope lifted to the current version of its type (the input is not changed)."""
        event_type, version = _type_and_version(raw)
        current = self._current.get(event_type)
        if current is None:
            raise UnknownEventType(f"unknown event type {event_type!r}", event_type=event_type)
        if version > current:
            raise UnsupportedSchemaVersion(
                f"{event_type} v{version} is newer than the known v{current}",
                event_type=event_type,
                schema_version=version,
            )
        if version == current:
            return dict(raw)  # the common case: nothing to lift, no copy of the payload
        envelope = copy.deepcopy(dict(raw))
        while version < current:
            envelope = self._step(envelope, event_type, version)
            version += 1
        return envelope

    def _step(self, envelope: RawEnvelope, event_type: str, version: int) -> RawEnvelope:
        step = self._steps.get((event_type, version))
        if step is None:
            raise UnsupportedSchemaVersion(
                f"no upcaster from {event_type} v{version}",
                event_type=event_type,
                schema_version=version,
            )
        try:
            lifted = step(envelope)
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidEvent(
                f"cannot upcast {event_type} v{version}: {error!r}",
                event_type=event_type,
                schema_version=version,
            ) from error
        return {**lifted, "schema_version": version + 1}


def _type_and_version(raw: Mapping[str, Any]) -> tuple[str, int]:
    event_type = raw.get("event_type")
    version = raw.get("schema_version")
    if not isinstance(event_type, str):
        raise InvalidEvent("the envelope has no string event_type")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidEvent(
            f"{event_type}: schema_version must be a positive integer, got {version!r}",
            event_type=event_type,
        )
    return event_type, version


UPCASTERS = Upcasters(CURRENT_VERSIONS)
"""The catalogue's upcasters; :func:`shared.events.parse_event` applies them."""


def upcast(raw: Mapping[str, Any]) -> RawEnvelope:
    """Lift ``raw`` to the current version of its type with the catalogue's upcasters."""
    return UPCASTERS.upcast(raw)


@UPCASTERS.register("RegistrationSubmitted", from_version=1)
def registration_submitted_v1_to_v2(envelope: RawEnvelope) -> RawEnvelope:
    """v1 registered for one ``award_code``; v2 registers for a list, ``award_codes``."""
    payload = dict(envelope["payload"])
    award_code = payload.pop("award_code")
    return {**envelope, "payload": {**payload, "award_codes": [award_code]}}
