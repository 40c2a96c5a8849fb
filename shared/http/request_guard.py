"""The first look at every request, taken before its body is read.

A pure ASGI middleware that buffers nothing. For the route a request goes to, it answers:

- **401** when the route needs a bearer token and the request carries no valid one;
- **400** when a header value holds control characters (HTTP allows none but tab; a server
  refuses them on the wire, this refuses them in process too);
- **422** when a path or query parameter holds control characters or bidirectional controls
  (text people type is checked by its schema; these parameters are ids and codes);
- **413** when ``Content-Length`` says the body is over the route's limit (a route that takes a
  file has a larger one, :class:`~shared.http.limits.RequestLimits`), and, for a body sent
  without a length, as soon as the bytes received go over it;
- **405** with ``Allow`` naming every method of the path, when the path has routes but none
  for the request's method (the router alone would name only the first route's methods).

So a 105 MB body without a token is refused at the cost of its headers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl

from fastapi import params
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from pydantic_core import PydanticCustomError
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.routing import Match, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.auth import AuthenticationError, TokenIssuer, current_principal
from shared.events.vocabulary import checked_text
from shared.http.limits import RequestLimits
from shared.http.problems import ProblemError, ValidationProblem, problem_response


def _too_large(limit: int) -> str:
    return f"the request body is larger than {limit:,} bytes"


class BodyTooLarge(StarletteHTTPException):
    """413: the body went over the route's limit (raised from ``receive`` while it streams)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large(limit))


@dataclass(frozen=True)
class RouteTerms:
    """What a route asks of a request before its body is read."""

    authenticated: bool
    max_body_bytes: int


class _RoutesAsNeeded:
    """The router's routes with their full paths (included routers flattened), in the order
    the router tries them, listed only as far as requests have needed them and kept for the
    next ones; listed anew if routes were added.

    Listing a route builds FastAPI's context for it (its endpoint and parameters analysed):
    listing them all was most of an app's first request, paid by every test that creates an
    app. FastAPI's own routing builds them as lazily. Iterations must not interleave (each
    runs to its end or its break without awaiting).
    """

    def __init__(self, router: Router) -> None:
        self._router = router
        self._count = -1
        self._listed: list[RouteContext] = []
        self._rest: Iterator[RouteContext] = iter(())

    def __iter__(self) -> Iterator[RouteContext]:
        if self._count != len(self._router.routes):
            self._count, self._listed = len(self._router.routes), []
            self._rest = iter_route_contexts(self._router.routes)
        yield from self._listed
        for context in self._rest:
            self._listed.append(context)
            yield context


class RequestGuard:
    """ASGI middleware: authentication, parameter text and body size, before the body."""

    def __init__(
        self, app: ASGIApp, *, router: Router, tokens: TokenIssuer, limits: RequestLimits
    ) -> None:
        self.app, self.router, self.tokens, self.limits = app, router, tokens, limits
        self._terms: dict[int, RouteTerms] = {}
        self._routes = _RoutesAsNeeded(router)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route, path_params, allowed = self._route(scope)
        terms = self._route_terms(route)
        refusal = _not_allowed(allowed) if allowed else self._refusal(scope, terms, path_params)
        if refusal is not None:
            await (await problem_response(Request(scope), refusal))(scope, receive, send)
            return
        await _LimitedRequest(self.app, terms.max_body_bytes)(scope, receive, send)

    def _route(self, scope: Scope) -> tuple[APIRoute | None, dict[str, object], set[str]]:
        """The route a request goes to and its path parameters; else the methods of the path
        it names, if any: of the matching path template with the fewest parameters (as OpenAPI
        matches a concrete path before a templated one)."""
        allowed: dict[str, set[str]] = {}
        for context in self._routes:
            match, child = context.matches(scope)
            route = context.original_route
            if match is Match.FULL:
                found = route if isinstance(route, APIRoute) else None
                return found, dict(child.get("path_params", {})), set()
            if match is Match.PARTIAL and isinstance(route, APIRoute):
                allowed.setdefault(str(context.path_format), set()).update(route.methods or ())
        concrete = sorted(allowed, key=lambda template: template.count("{"))
        return None, {}, allowed[concrete[0]] if concrete else set()

    def _route_terms(self, route: APIRoute | None) -> RouteTerms:
        if route is None:
            return RouteTerms(authenticated=False, max_body_bytes=self.limits.body_bytes)
        terms = self._terms.get(id(route))
        if terms is None:
            uploads = _takes_files(route.dependant)
            limit = self.limits.upload_bytes if uploads else self.limits.body_bytes
            terms = RouteTerms(_calls(route.dependant, current_principal), limit)
            self._terms[id(route)] = terms
        return terms

    def _refusal(
        self, scope: Scope, terms: RouteTerms, path_params: dict[str, object]
    ) -> Exception | None:
        headers = Headers(scope=scope)
        if terms.authenticated:
            try:
                self.tokens.authenticate_header(headers.get("authorization"))
            except AuthenticationError as error:
                return error
        header = _header_with_control_characters(scope)
        if header is not None:
            detail = f"the {header} header holds control characters"
            located = [{"field": f"header.{header}", "msg": "control characters"}]
            return ProblemError(detail, status=400, extra={"errors": located})
        errors = list(_parameter_errors(scope, path_params))
        if errors:
            return ValidationProblem(errors)
        declared = _content_length(headers)
        if declared is not None and declared > terms.max_body_bytes:
            return ProblemError(_too_large(terms.max_body_bytes), status=413)
        return None


def _not_allowed(methods: set[str]) -> ProblemError:
    return ProblemError(status=405, headers={"Allow": ", ".join(sorted(methods))})


class _LimitedRequest:
    """Runs the app with a ``receive`` that raises :class:`BodyTooLarge` past ``limit`` bytes;
    answers 413 itself if that error comes back before a response started."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit
        self.received = 0
        self.started = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def limited_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                self.received += len(message.get("body", b""))
                if self.received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def watched_send(message: Message) -> None:
            self.started = self.started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge as error:
            if self.started:
                raise
            await (await problem_response(Request(scope), error))(scope, receive, send)


def _calls(dependant: Dependant, call: object) -> bool:
    """Whether ``call`` is among the dependencies of ``dependant``, at any depth."""
    return any(sub.call is call or _calls(sub, call) for sub in dependant.dependencies)


def _takes_files(dependant: Dependant) -> bool:
    """Whether a route (or one of its dependencies) takes an uploaded file."""
    if any(isinstance(field.field_info, params.File) for field in dependant.body_params):
        return True
    return any(_takes_files(sub) for sub in dependant.dependencies)


def _parameter_errors(scope: Scope, path_params: dict[str, object]) -> Iterator[dict[str, object]]:
    """A validation error for each path or query parameter holding a character no id, code or
    name may hold (control characters, bidirectional controls)."""
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    located = [("path", name, value) for name, value in path_params.items()]
    located += [("query", name, value) for name, value in query]
    for location, name, value in located:
        try:
            checked_text(value, required=False)
        except PydanticCustomError as error:
            yield {"loc": (location, name), "msg": error.message(), "type": error.type}


_HEADER_CONTROLS = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def _header_with_control_characters(scope: Scope) -> str | None:
    """The name of the first header whose value holds a control character other than tab."""
    for name, value in scope["headers"]:
        if _HEADER_CONTROLS.search(value):
            return str(name.decode("latin-1"))
    return None


def _content_length(headers: Headers) -> int | None:
    value = headers.get("content-length", "")
    return int(value) if value.isascii() and value.isdigit() else None
