"""HTTP conventions for commands: ``Idempotency-Key``, ``If-Match``, correlation ids.

A command route takes one :class:`CommandRequest` (``CommandRequestDep``, or
``ConditionalCommandRequestDep`` for a route that takes ``If-Match``): who calls, and the
headers that say how the command is to be written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request

from shared.application.idempotency import FingerprintKey, IdempotencyRequest
from shared.application.transitions import CommandTerms
from shared.auth import CurrentPrincipal, Principal, require_agency
from shared.eventstore import AppendContext
from shared.http.problems import NotFoundProblem, ProblemError

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


_MAX_VERSION_DIGITS = 18
"""A stream version fits a 64-bit integer; a longer number is no version of ours."""


def expected_version(if_match: str | None) -> int | None:
    """The stream version of an ``If-Match`` header (``"3"``, ``W/"3"`` or ``3``)."""
    if if_match is None:
        return None
    text = if_match.strip().removeprefix("W/").strip('"')
    if not (text.isascii() and text.isdigit() and len(text) <= _MAX_VERSION_DIGITS):
        raise ProblemError(
            'If-Match must be the resource\'s version, e.g. "3"',
            status=400,
            extra={"errors": [{"field": "header.If-Match", "msg": "not a version"}]},
        )
    return int(text)


def etag(version: int) -> str:
    return f'"{version}"'


@dataclass(frozen=True)
class CommandRequest:
    """Who sends a command, and how it is to be written: under which correlation id, once per
    ``Idempotency-Key`` and, with ``If-Match`` (``conditional``), against the version read."""

    principal: Principal
    fingerprints: FingerprintKey
    """The service's key for request fingerprints (so a stored one confirms no guess)."""
    correlation_id: uuid.UUID | None
    idempotency_key: str | None
    if_match: str | None = None
    conditional: bool = False

    def writable_agency(self, agency: str | None, resource: str) -> str:
        """The agency of an existing ``resource`` (404 if ``agency`` is None: there is no such
        resource), once the caller may write there (403 otherwise)."""
        if agency is None:
            raise NotFoundProblem(f"no {resource}")
        require_agency(self.principal, agency)
        return agency

    @property
    def expected_version(self) -> int | None:
        """The version ``If-Match`` names (400 if it names none)."""
        return expected_version(self.if_match)

    def context(self, agency: str) -> AppendContext:
        """Who is acting, for which agency, under which correlation id (new if none given)."""
        actor, correlation_id = self.principal.subject, self.correlation_id or uuid.uuid4()
        return AppendContext(agency=agency, actor=actor, correlation_id=correlation_id)

    def idempotency(self, agency: str, *request_parts: object) -> IdempotencyRequest | None:
        """The key, fingerprinted by what the request asks (and its ``If-Match``, if the route
        takes one); None without a key."""
        if self.idempotency_key is None:
            return None
        parts = (*request_parts, self.if_match) if self.conditional else request_parts
        fingerprint = self.fingerprints.fingerprint(*parts)
        return IdempotencyRequest(agency, self.idempotency_key, fingerprint)

    def terms(self, agency: str, *request_parts: object) -> CommandTerms:
        """The terms of a command written for ``agency``; ``request_parts`` (an operation name,
        then what identifies the request) fingerprint the idempotency key."""
        return CommandTerms(
            context=self.context(agency),
            expected_version=self.expected_version,
            idempotency=self.idempotency(agency, *request_parts),
        )


async def fingerprint_key(request: Request) -> FingerprintKey:
    """The service's key for request fingerprints (set by the service app)."""
    key: FingerprintKey = request.app.state.tdkt_fingerprints
    return key


Fingerprints = Annotated[FingerprintKey, Depends(fingerprint_key)]


async def command_request(
    principal: CurrentPrincipal,
    fingerprints: Fingerprints,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> CommandRequest:
    return CommandRequest(principal, fingerprints, correlation_id, idempotency_key)


async def conditional_command_request(
    principal: CurrentPrincipal,
    fingerprints: Fingerprints,
    if_match: IfMatchHeader = None,
    correlation_id: CorrelationId = None,
    idempotency_key: IdempotencyKey = None,
) -> CommandRequest:
    return CommandRequest(
        principal, fingerprints, correlation_id, idempotency_key, if_match, conditional=True
    )


CommandRequestDep = Annotated[CommandRequest, Depends(command_request)]
"""A command that creates a resource: no ``If-Match``."""

ConditionalCommandRequestDep = Annotated[CommandRequest, Depends(conditional_command_request)]
"""A command that may change what the caller read: ``If-Match`` (409 if it changed)."""
