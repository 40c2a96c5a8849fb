"""The finishing touches of a service's OpenAPI document, made once, when it is first asked for.

- The problem document (:mod:`shared.http.openapi_problems`) is one shared component, which
  every error response names.
- A parameter (path, query, header) is a string on the wire: it is absent or has a value, never
  ``null``. FastAPI describes an optional one as "its type or null"; the ``null`` is dropped.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from shared.http.openapi_problems import problem_components

_NULL = {"type": "null"}


def finish_openapi(app: FastAPI) -> None:
    """Have ``app.openapi()`` answer the finished document, built on its first call and cached
    (FastAPI's own way to extend the document: replacing ``app.openapi``).

    Building it walks every route's models: most of the time it took to create an app (a test
    creates one per test; a service answers ``/openapi.json`` rarely).
    """

    def finished() -> dict[str, Any]:
        if app.openapi_schema is None:
            _finish(FastAPI.openapi(app))  # FastAPI caches the document it builds
        return app.openapi_schema or {}

    app.openapi = finished  # type: ignore[method-assign]


def _finish(document: dict[str, Any]) -> None:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(problem_components())
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                parameter["schema"] = _without_null(parameter.get("schema", {}))


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` without its ``null`` alternative (and a ``null`` default)."""
    alternatives = schema.get("anyOf", [])
    if _NULL not in alternatives:
        return schema
    others = [alternative for alternative in alternatives if alternative != _NULL]
    rest = {k: v for k, v in schema.items() if k != "anyOf" and (k, v) != ("default", None)}
    return {**others[0], **rest} if len(others) == 1 else {**rest, "anyOf": others}
