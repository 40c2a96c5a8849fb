"""The small tree of domain errors every service maps once at its edge.

HTTP maps them to problem responses (see ``shared.http.problems``); consumers map them to
dead letters.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A command was refused by the domain."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidCommand(DomainError):
    """The command is well-formed but breaks a rule (422)."""


class NotFound(DomainError):
    """The command names something that does not exist (404)."""


class IllegalTransition(DomainError):
    """The aggregate's current state does not allow the command (409, with the state)."""
