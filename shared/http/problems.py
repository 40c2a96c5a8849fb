"""RFC 9457 problem details: every error a service answers is ``application/problem+json``.

Domain and authentication errors are mapped once, here, at the HTTP edge.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.auth import AuthenticationError, ForbiddenError

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_BASE = "urn:tdkt:problem:"

log = logging.getLogger(__name__)


class ProblemResponse(JSONResponse):
    """A JSON response with the ``application/problem+json`` media type."""

    media_type = PROBLEM_MEDIA_TYPE


class ProblemError(Exception):
    """An error answered as a problem document; subclasses fix status, title and type.

    ``extra`` members are added to the document (RFC 9457 extension members).
    """

    status: int = 500
    title: str = "Internal Server Error"
    type: str = "about:blank"

    def __init__(
        self,
        detail: str | None = None,
        *,
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        status: int | None = None,
        title: str | None = None,
        type: str | None = None,
    ) -> None:
        super().__init__(detail or title or self.title)
        self.detail = detail
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})
        self.status = status or self.status
        self.title = title or (_phrase(status) if status else self.title)
        self.type = type or self.type

    def body(self, instance: str | None = None) -> dict[str, Any]:
        """The problem document (``instance`` is the request path)."""
        document: dict[str, Any] = {"type": self.type, "title": self.title, "status": self.status}
        if self.detail:
            document["detail"] = self.detail
        if instance:
            document["instance"] = instance
        return {**self.extra, **document}


class BadRequestProblem(ProblemError):
    """400: the request is well-formed but cannot be acted on as it stands."""

    status = 400
    title = "Bad Request"


class UnauthorizedProblem(ProblemError):
    """401: no valid credentials; answers ``WWW-Authenticate: Bearer`` (RFC 6750)."""

    status = 401
    title = "Unauthorized"

    def __init__(self, detail: str | None = None, *, invalid_token: bool = True) -> None:
        challenge = "Bearer"
        if invalid_token and detail:
            challenge += f' error="invalid_token", error_description="{_quoted(detail)}"'
        super().__init__(detail, headers={"WWW-Authenticate": challenge})


class ForbiddenProblem(ProblemError):
    """403: authenticated, but not allowed to do this."""

    status = 403
    title = "Forbidden"


class NotFoundProblem(ProblemError):
    """404: no such resource (or not visible to the caller)."""

    status = 404
    title = "Not Found"


class ConflictProblem(ProblemError):
    """409: the resource changed or is in a state that forbids this; carries its current state.

    ``current`` (e.g. ``{"version": 7, "status": "approved"}``) lets a client re-read and retry.
    """

    status = 409
    title = "Conflict"
    type = f"{_TYPE_BASE}conflict"

    def __init__(
        self, detail: str | None = None, *, current: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(detail, extra={"current": dict(current)} if current is not None else None)
        self.current = current


class ValidationProblem(ProblemError):
    """422: the request did not validate; ``errors`` names each offending field."""

    status = 422
    title = "Unprocessable Content"
    type = f"{_TYPE_BASE}validation"

    def __init__(self, errors: Sequence[Mapping[str, Any]]) -> None:
        fields = [_field_error(error) for error in errors]
        names = ", ".join(dict.fromkeys(error["field"] for error in fields))
        super().__init__(f"invalid: {names}", extra={"errors": fields})


def refused_values(error: ValidationError, source: str) -> ValidationProblem:
    """422 for values a command refused after the request's schema let them through (the
    cells of an uploaded file): each error names ``<source>.<field>``."""
    return ValidationProblem([{**e, "loc": (source, *e["loc"])} for e in error.errors()])


def _field_error(error: Mapping[str, Any]) -> dict[str, str]:
    """One pydantic error as ``{"field": "body.title", "msg": ..., "type": ...}`` (no input)."""
    field = ".".join(str(part) for part in error.get("loc", ()))
    return {"field": field, "msg": str(error.get("msg", "")), "type": str(error.get("type", ""))}


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "'")


def as_problem(error: Exception) -> ProblemError:
    """Translate any exception into the problem it is answered with."""
    if isinstance(error, ProblemError):
        return error
    if isinstance(error, AuthenticationError):
        return UnauthorizedProblem(error.reason, invalid_token=error.credentials_given)
    if isinstance(error, ForbiddenError):
        return ForbiddenProblem(str(error))
    if isinstance(error, RequestValidationError):
        return ValidationProblem(error.errors())
    if isinstance(error, StarletteHTTPException):
        return _from_http_exception(error)
    return ProblemError()


def _from_http_exception(error: StarletteHTTPException) -> ProblemError:
    phrase = _phrase(error.status_code)
    detail = error.detail if isinstance(error.detail, str) and error.detail != phrase else None
    problem = ProblemError(detail, status=error.status_code, headers=error.headers)
    if not isinstance(error.detail, str):
        problem.extra["data"] = error.detail
    return problem


async def problem_response(request: Request, error: Exception) -> ProblemResponse:
    """Exception handler: answer ``error`` as a problem document."""
    problem = as_problem(error)
    if problem.status >= 500:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    body = jsonable_encoder(problem.body(instance=request.url.path))
    return ProblemResponse(body, status_code=problem.status, headers=problem.headers or None)


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` as ``application/problem+json``."""
    for error_class in (
        ProblemError,
        AuthenticationError,
        ForbiddenError,
        RequestValidationError,
        StarletteHTTPException,
        Exception,
    ):
        app.add_exception_handler(error_class, problem_response)
