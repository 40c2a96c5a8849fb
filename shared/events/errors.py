"""Errors of the event contract: a message that can never be applied.

A consumer that meets one of these sends the message to its dead-letter topic with the error's
message as the reason, and moves on; retrying cannot help.
"""

from __future__ import annotations


class EventContractError(Exception):
    """A message breaks the event contract."""

    def __init__(
        self, message: str, *, event_type: str | None = None, schema_version: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.event_type = event_type
        self.schema_version = schema_version

    def __str__(self) -> str:
        return self.message


class UnknownEventType(EventContractError):
    """The ``event_type`` is not in the catalogue."""


class UnsupportedSchemaVersion(EventContractError):
    """The ``schema_version`` is newer than this code knows, or no upcaster reaches it."""


class InvalidEvent(EventContractError):
    """Not JSON, not an envelope, or the envelope or payload fails validation."""
