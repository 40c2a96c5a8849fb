"""HTTP conventions for commands: ``Idempotency-Key``, ``If-Match``, correlation ids."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Header

from shared.application.idempotency import IdempotencyRequest
from shared.auth import Principal
from shared.eventstore import AppendContext
from shared.http.problems import ProblemError

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Repeat a command safely: the same key returns the first outcome.",
    ),
]
CorrelationId = Annotated[
    uuid.UUID | None,
    Header(alias="X-Correlation-ID", description="Id shared by the events of this request."),
]
IfMatchHeader = Annotated[
    str | None,
    Header(alias="If-Match", description="The version you read (ETag); 409 if it changed."),
]


def expected_version(if_match: str | None) -> int | None:
    """The stream version of an ``If-Match`` header (``"3"``, ``W/"3"`` or ``3``)."""
    if if_match is None:
        return None
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise ProblemError(
            'If-Match must be the resource\'s version, e.g. "3"',
            status=400,
            extra={"errors": [{"field": "header.If-Match", "msg": "not a version"}]},
        )
    return int(text)


def etag(version: int) -> str:
    return f'"{version}"'


def append_context(
    principal: Principal, agency: str, correlation_id: uuid.UUID | None
) -> AppendContext:
    """Who is acting, for which agency, under which correlation id (new if none given)."""
    return AppendContext(
        agency=agency, actor=principal.subject, correlation_id=correlation_id or uuid.uuid4()
    )


def idempotency_request(
    agency: str, key: str | None, *request_parts: object
) -> IdempotencyRequest | None:
    """The request's idempotency key, fingerprinted by what it asks (None without a key)."""
    if key is None:
        return None
    return IdempotencyRequest(agency, key, IdempotencyRequest.fingerprint_of(*request_parts))
