"""How error responses appear in OpenAPI: RFC 9457 problem documents, not FastAPI's default."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.http.limits import MAX_BODY_BYTES, MAX_UPLOAD_BYTES, MIB
from shared.http.problems import PROBLEM_MEDIA_TYPE


class FieldError(BaseModel):
    """One error of a 422. A bulk request's errors also say where in it (``index`` of a batch
    item; ``row`` and ``column`` of a spreadsheet), with a ``code`` and a Vietnamese
    ``message``."""

    model_config = ConfigDict(extra="allow")

    field: str | None = Field(
        description="Where the error is, e.g. body.title or query.from; null for an error of a "
        "whole file."
    )
    msg: str = Field(description="The error, in English.")
    type: str = ""
    index: int | None = Field(default=None, description="Batch item (from 0).")
    row: int | None = Field(default=None, description="Spreadsheet row (header = 1).")
    column: str | None = Field(default=None, description="Spreadsheet column, as named.")
    code: str | None = Field(default=None, description="Stable code, e.g. invalid_date.")
    message: str | None = Field(default=None, description="The error, in Vietnamese.")


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


PROBLEM_SCHEMA = "ProblemDocument"
"""Where the problem document's schema is in a service's OpenAPI ``components``."""


def _problem(description: str) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{PROBLEM_SCHEMA}"}
    return {"description": description, "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}}}


def problem_components() -> dict[str, Any]:
    """The schemas of the problem document, for the OpenAPI ``components``."""
    schema = ProblemDocument.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions: dict[str, Any] = schema.pop("$defs", {})
    return {PROBLEM_SCHEMA: schema, **definitions}


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _problem("Malformed request (e.g. an If-Match that is not a version)."),
    401: _problem("Missing, expired or invalid bearer token."),
    403: _problem("The caller's agency or role does not allow this."),
    404: _problem("Unknown id."),
    409: _problem("Version conflict or illegal transition; `current` says the state."),
    413: _problem(
        f"The request body is over the limit: {MAX_BODY_BYTES // MIB} MiB, or "
        f"{MAX_UPLOAD_BYTES // MIB} MiB with a file."
    ),
    422: _problem(
        "Invalid input; `errors` names each field. Text is kept in Unicode NFC without blank "
        "edges; refused are control characters (but tabs and line breaks in multi-line text), "
        "bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), names with "
        "nothing visible, and dates outside 1945-01-01 … 31 December ten years from now."
    ),
}
