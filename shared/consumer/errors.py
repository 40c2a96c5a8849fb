"""How a consumer tells an event it can never apply from a failure that will pass."""

from __future__ import annotations

from sqlalchemy import exc


class PermanentEventError(Exception):
    """The event breaks an invariant of the consumer: retrying cannot help (dead-letter it)."""


_TRANSIENT = (
    exc.OperationalError,
    exc.InterfaceError,
    exc.TimeoutError,  # connection pool exhausted
    ConnectionError,
    OSError,
    TimeoutError,
)


def is_transient(error: BaseException) -> bool:
    """Database or network trouble that a later attempt may not meet."""
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, _TRANSIENT)
