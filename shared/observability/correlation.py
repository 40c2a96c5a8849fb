"""The correlation id of the work in progress: set per HTTP request and per consumed event.

It lives in a context variable, so every log line written while serving a request or applying
an event carries it (see :mod:`shared.observability.logging`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CORRELATION_HEADER = "X-Correlation-ID"
#: The Kafka header the outbox relay repeats the envelope's correlation id in.
CORRELATION_RECORD_HEADER = "correlation_id"

_current: ContextVar[str | None] = ContextVar("tdkt_correlation_id", default=None)


def current_correlation_id() -> str | None:
    """The correlation id of the request or event being handled, if any."""
    return _current.get()


@contextmanager
def bound_correlation_id(correlation_id: str | None) -> Iterator[None]:
    """Make ``correlation_id`` current inside the block (``None`` clears it)."""
    token = _current.set(correlation_id)
    try:
        yield
    finally:
        _current.reset(token)


def correlation_id_in(headers: Iterable[tuple[str, bytes]]) -> str | None:
    """The correlation id a Kafka record's headers carry, if any."""
    for name, value in headers:
        if name == CORRELATION_RECORD_HEADER:
            return value.decode(errors="replace")
    return None


def shared_correlation_id(headers_of_records: Iterable[Iterable[tuple[str, bytes]]]) -> str | None:
    """The correlation id every record carries, or ``None`` if they differ (or carry none)."""
    found = {correlation_id_in(headers) for headers in headers_of_records}
    return found.pop() if len(found) == 1 else None


class CorrelationIdMiddleware:
    """ASGI middleware: the request's ``X-Correlation-ID`` (a new one if absent) is made current
    and echoed in the response.

    A created id is also added to the request's headers, so the command routes put the same id
    on the events they record.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        correlation_id, scope = _with_correlation_id(scope)

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[CORRELATION_HEADER] = correlation_id
            await send(message)

        token = _current.set(correlation_id)
        await self.app(scope, receive, send_with_header)
        # Reset only on success: an unhandled error is logged by the outermost (server error)
        # middleware after it left this one, and must still carry the id. The request's task
        # ends with that error, so the id does not leak to another request.
        _current.reset(token)


def _with_correlation_id(scope: Scope) -> tuple[str, Scope]:
    given = Headers(scope=scope).get(CORRELATION_HEADER, "").strip()
    if given:
        return given, scope
    created = str(uuid.uuid4())
    name = CORRELATION_HEADER.lower().encode()
    headers = [(key, value) for key, value in scope["headers"] if key.lower() != name]
    return created, {**scope, "headers": [*headers, (name, created.encode())]}
