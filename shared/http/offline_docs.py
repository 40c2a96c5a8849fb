"""Documentation pages that work without internet access (closed government networks).

FastAPI's ``/docs`` and ``/redoc`` load their scripts from a CDN, and so does FastStream's
AsyncAPI page. Instead:

* ``/docs`` is Swagger UI served from the ``swagger-ui-bundle`` package's files, mounted
  under ``/static/docs`` (``/redoc`` is off: no PyPI package ships ReDoc's standalone bundle);
* ``/asyncapi.json`` is the service's AsyncAPI document (the same as ``docs/api``);
* ``/asyncapi`` renders that document on the server as plain HTML (channels, operations,
  messages and payload schemas as tables), with no script at all: no PyPI package ships the
  AsyncAPI React standalone bundle.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

STATIC_DOCS = "/static/docs"
"""Where Swagger UI's scripts, styles and icons are served from."""

AsyncApiDocument = Callable[[], dict[str, Any]]


def install_offline_docs(app: FastAPI, asyncapi: AsyncApiDocument | None = None) -> None:
    """Serve ``/docs`` from local files, and ``/asyncapi(.json)`` when ``asyncapi`` is given.

    ``app`` must be created with ``docs_url=None`` and ``redoc_url=None``. None of these
    routes is in the OpenAPI document.
    """
    app.mount(STATIC_DOCS, StaticFiles(directory=str(swagger_ui_path)), name="static-docs")
    title = f"{app.title} – Swagger UI"

    async def swagger_ui(request: Request) -> HTMLResponse:
        root = _root_path(request)
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=title,
            swagger_js_url=f"{root}{STATIC_DOCS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{STATIC_DOCS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{STATIC_DOCS}/favicon-32x32.png",
        )

    app.add_api_route("/docs", swagger_ui, methods=["GET"], include_in_schema=False)
    if asyncapi is None:
        return
    cache: dict[str, Any] = {}

    def document() -> dict[str, Any]:
        if "document" not in cache:
            cache["document"] = asyncapi()
        result: dict[str, Any] = cache["document"]
        return result

    async def asyncapi_json() -> JSONResponse:
        return JSONResponse(document())

    async def asyncapi_html() -> HTMLResponse:
        return HTMLResponse(render_asyncapi_html(document()))

    app.add_api_route("/asyncapi.json", asyncapi_json, methods=["GET"], include_in_schema=False)
    app.add_api_route("/asyncapi", asyncapi_html, methods=["GET"], include_in_schema=False)


def _root_path(request: Request) -> str:
    root: str = request.scope.get("root_path", "")
    return root.rstrip("/")


# ── The AsyncAPI page ───────────────────────────────────────────────────────────────────

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem;
       color: #1f2328; line-height: 1.45; }
h1 { border-bottom: 2px solid #d0d7de; padding-bottom: .3rem; }
h2 { margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; }
section.channel, section.schema { margin: 1.5rem 0; }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
code { background: #f6f8fa; padding: 0 .2rem; border-radius: 3px; }
.description { white-space: pre-wrap; }
.action { font-weight: bold; text-transform: uppercase; font-size: .85em; }
"""


def render_asyncapi_html(document: dict[str, Any]) -> str:
    """A self-contained HTML page of an AsyncAPI 3.0 document (no script, no external link)."""
    info = document.get("info", {})
    title = str(info.get("title", "AsyncAPI"))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)} <small>{escape(str(info.get('version', '')))}</small></h1>",
        f"<p>AsyncAPI {escape(str(document.get('asyncapi', '')))}; "
        f"default content type <code>{escape(str(document.get('defaultContentType', '')))}"
        '</code>; the raw document is <a href="asyncapi.json">asyncapi.json</a>.</p>',
        _description(info.get("description")),
        _servers(document.get("servers", {})),
        "<h2>Channels</h2>",
        *(
            _channel(document, name, channel)
            for name, channel in document.get("channels", {}).items()
        ),
        "<h2>Schemas</h2>",
        *(
            _schema_section(name, schema)
            for name, schema in document.get("components", {}).get("schemas", {}).items()
        ),
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part)


def _description(text: Any) -> str:
    if not text:
        return ""
    return f'<div class="description">{escape(str(text))}</div>'


def _servers(servers: dict[str, Any]) -> str:
    if not servers:
        return ""
    rows = [
        [escape(name), _code(server.get("host")), escape(str(server.get("protocol", "")))]
        for name, server in servers.items()
    ]
    return "<h2>Servers</h2>" + _table(["server", "host", "protocol"], rows)


def _channel(document: dict[str, Any], name: str, channel: dict[str, Any]) -> str:
    operations = [
        (operation_name, operation)
        for operation_name, operation in document.get("operations", {}).items()
        if operation.get("channel", {}).get("$ref") == f"#/channels/{_ref_escape(name)}"
    ]
    actions = ", ".join(
        f'<span class="action">{escape(str(op.get("action", "")))}</span> '
        f"<code>{escape(op_name)}</code>"
        for op_name, op in operations
    )
    messages = [
        _message(document, key, message) for key, message in channel.get("messages", {}).items()
    ]
    return (
        f'<section class="channel" id="channel-{escape(name)}">'
        f"<h3>{escape(name)}</h3>"
        f"<p>Address (topic): {_code(channel.get('address'))}</p>"
        + (f"<p>Operations: {actions}</p>" if actions else "")
        + _description(channel.get("description"))
        + "".join(messages)
        + "</section>"
    )


def _message(document: dict[str, Any], key: str, message: dict[str, Any]) -> str:
    resolved = _resolve(document, message)
    payload = resolved.get("payload", {})
    rows = [
        ["title", escape(str(resolved.get("title", key)))],
        ["payload", _type(payload)],
    ]
    correlation = resolved.get("correlationId", {}).get("location")
    if correlation:
        rows.append(["correlation id", _code(correlation)])
    return f"<h4>Message <code>{escape(key)}</code></h4>" + _table(["", ""], rows)


def _schema_section(name: str, schema: dict[str, Any]) -> str:
    parts = [
        f'<section class="schema" id="schema-{escape(name)}">',
        f"<h3>{escape(name)}</h3>",
        _description(schema.get("description")),
    ]
    union = schema.get("oneOf") or schema.get("anyOf")
    if union:
        discriminator = schema.get("discriminator")
        which = " (discriminator " + _code(discriminator) + ")" if discriminator else ""
        parts.append(f"<p>One of{which}:</p>")
        parts.append("<ul>" + "".join(f"<li>{_type(m)}</li>" for m in union) + "</ul>")
    properties: dict[str, Any] = schema.get("properties", {})
    if properties:
        required = set(schema.get("required", []))
        rows = [
            [
                _code(prop),
                _type(prop_schema),
                "yes" if prop in required else "",
                escape(str(prop_schema.get("description", prop_schema.get("title", "")))),
            ]
            for prop, prop_schema in properties.items()
        ]
        parts.append(_table(["field", "type", "required", "description"], rows))
    elif not union:
        parts.append(f"<p>Type: {_type(schema)}</p>")
    parts.append("</section>")
    return "".join(parts)


def _type(schema: Any) -> str:
    """A short HTML description of a schema's type (references link to their section)."""
    if not isinstance(schema, dict):
        return escape(str(schema))
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target = ref.rsplit("/", 1)[-1]
        return f'<a href="#schema-{escape(target)}">{escape(target)}</a>'
    if "const" in schema:
        return "const " + _code(json.dumps(schema["const"], ensure_ascii=False))
    if "enum" in schema:
        return "one of " + ", ".join(
            _code(json.dumps(value, ensure_ascii=False)) for value in schema["enum"]
        )
    for combinator, word in (("anyOf", " | "), ("oneOf", " | "), ("allOf", " & ")):
        if combinator in schema:
            return word.join(_type(member) for member in schema[combinator])
    kind = schema.get("type")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    if kind == "object" and "additionalProperties" in schema:
        return f"object of {_type(schema['additionalProperties'])}"
    text = escape(str(kind)) if kind else "any"
    if "format" in schema:
        text += f" ({escape(str(schema['format']))})"
    return text


def _resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow local ``$ref`` s (``#/a/b``) until a node without one."""
    seen: set[str] = set()
    while isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
        seen.add(node["$ref"])
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                return node
            target = target[part]
        if not isinstance(target, dict):
            return node
        node = target
    return node


def _ref_escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _code(value: Any) -> str:
    return "" if value is None else f"<code>{escape(str(value))}</code>"


def _table(headers: list[str], rows: Iterable[list[str]]) -> str:
    head = "" if not any(headers) else "<tr>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table>{head}{body}</table>"
