"""How error responses appear in OpenAPI: RFC 9457 problem documents, not FastAPI's default."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from shared.http.problems import PROBLEM_MEDIA_TYPE


class FieldError(BaseModel):
    field: str = Field(description="Where the error is, e.g. body.title or query.from.")
    msg: str
    type: str = ""


class ProblemDocument(BaseModel):
    """An error (``application/problem+json``, RFC 9457)."""

    type: str = Field(description="URI of the kind of problem, or about:blank.")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = Field(default=None, description="The request path.")
    errors: list[FieldError] | None = Field(
        default=None, description="For 422: each invalid field."
    )
    current: dict[str, Any] | None = Field(
        default=None, description="For 409: the resource's current version or state."
    )


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_MEDIA_TYPE: {"schema": _SCHEMA}}}


def _inlined(schema: Any, definitions: dict[str, Any]) -> Any:
    """The schema with its local ``$defs`` references replaced by the definitions."""
    if isinstance(schema, dict):
        reference = schema.get("$ref", "")
        if reference.startswith("#/$defs/"):
            return _inlined(definitions[reference.removeprefix("#/$defs/")], definitions)
        return {key: _inlined(value, definitions) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_inlined(item, definitions) for item in schema]
    return schema


def _problem_schema() -> dict[str, Any]:
    schema = ProblemDocument.model_json_schema()
    definitions = schema.pop("$defs", {})
    inlined: dict[str, Any] = _inlined(schema, definitions)
    return inlined


_SCHEMA = _problem_schema()


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _problem("Malformed request (e.g. an If-Match that is not a version)."),
    401: _problem("Missing, expired or invalid bearer token."),
    403: _problem("The caller's agency or role does not allow this."),
    404: _problem("Unknown id."),
    409: _problem("Version conflict or illegal transition; `current` says the state."),
    422: _problem("Invalid input; `errors` names each field."),
}
