"""Every docs page works on a closed network: no script, style or icon comes from a CDN."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.awards.api.app import create_app as create_awards_app
from services.awards.asyncapi import awards_asyncapi
from services.awards.settings import AwardsSettings
from services.registry.api.app import create_app as create_registry_app
from services.registry.asyncapi import registry_asyncapi
from services.registry.settings import RegistrySettings
from services.reporting.api.app import create_app as create_reporting_app
from services.reporting.asyncapi import reporting_asyncapi
from services.reporting.settings import ReportingSettings
from shared.http.offline_docs import render_asyncapi_html
from tooling.contracts.export import DEFAULT_OUT

SERVICES = ("registry", "awards", "reporting")

_ASSET_URL = re.compile(r"""(?:src|href|url)\s*[:=]\s*['"]([^'"]+)['"]""")


@pytest.fixture(params=SERVICES)
def running(
    request: pytest.FixtureRequest,
) -> tuple[str, httpx.AsyncClient, FastAPI]:
    """Each service's app, started by its harness fixture: (service name, client, app)."""
    name: str = request.param
    api = request.getfixturevalue(f"{name}_api")
    return name, api.client, api.app


def _asyncapi_of(name: str, settings: Any) -> dict[str, Any]:
    documents: dict[str, Callable[[Any], dict[str, Any]]] = {
        "registry": registry_asyncapi,
        "awards": awards_asyncapi,
        "reporting": reporting_asyncapi,
    }
    return documents[name](settings)


async def test_swagger_ui_loads_only_local_assets(
    running: tuple[str, httpx.AsyncClient, FastAPI],
) -> None:
    _, client, _ = running
    response = await client.get("/docs")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "SwaggerUIBundle" in html
    assert "http://" not in html
    assert "https://" not in html
    assets = _ASSET_URL.findall(html)
    assert "/openapi.json" in assets
    scripts_and_styles = [url for url in assets if url != "/openapi.json"]
    assert scripts_and_styles
    assert all(url.startswith("/static/docs/") for url in scripts_and_styles), assets


async def test_swagger_ui_assets_are_served(
    running: tuple[str, httpx.AsyncClient, FastAPI],
) -> None:
    _, client, _ = running
    html = (await client.get("/docs")).text
    for url in _ASSET_URL.findall(html):
        response = await client.get(url)
        assert response.status_code == 200, url
        assert response.content, url
    script = await client.get("/static/docs/swagger-ui-bundle.js")
    assert "javascript" in script.headers["content-type"]
    style = await client.get("/static/docs/swagger-ui.css")
    assert style.headers["content-type"].startswith("text/css")


async def test_cdn_pages_are_off(running: tuple[str, httpx.AsyncClient, FastAPI]) -> None:
    _, client, _ = running
    assert (await client.get("/redoc")).status_code == 404


async def test_asyncapi_json_is_the_services_document(
    running: tuple[str, httpx.AsyncClient, FastAPI],
) -> None:
    name, client, app = running
    settings = getattr(app.state, name).settings
    response = await client.get("/asyncapi.json")

    assert response.status_code == 200
    served = response.json()
    assert served == json.loads(json.dumps(_asyncapi_of(name, settings)))
    addresses = {channel["address"] for channel in served["channels"].values()}
    assert all(address.startswith(f"{settings.topic_prefix}.") for address in addresses)


async def test_asyncapi_page_renders_the_channels_offline(
    running: tuple[str, httpx.AsyncClient, FastAPI],
) -> None:
    _, client, _ = running
    document = (await client.get("/asyncapi.json")).json()
    response = await client.get("/asyncapi")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "<script" not in html
    assert "http://" not in html
    assert "https://" not in html
    assert document["channels"]
    for name, channel in document["channels"].items():
        assert f"<h3>{_escaped(name)}</h3>" in html
        assert f"<code>{_escaped(channel['address'])}</code>" in html


async def test_new_routes_stay_out_of_the_openapi_document(
    running: tuple[str, httpx.AsyncClient, FastAPI],
) -> None:
    _, client, _ = running
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert not {"/docs", "/asyncapi", "/asyncapi.json"} & set(paths)
    assert not any(path.startswith("/static") for path in paths)


@pytest.fixture(params=SERVICES)
async def default_app(
    request: pytest.FixtureRequest,
) -> AsyncIterator[tuple[str, httpx.AsyncClient]]:
    """An app of each service with the default settings, not started (serving docs only)."""
    name: str = request.param
    apps: dict[str, Callable[[], FastAPI]] = {
        "registry": lambda: create_registry_app(RegistrySettings.model_construct()),
        # model_construct runs no validator: the national default group is named here.
        "awards": lambda: create_awards_app(
            AwardsSettings.model_construct(consumer_group="tdkt-awards")
        ),
        "reporting": lambda: create_reporting_app(ReportingSettings.model_construct()),
    }
    transport = httpx.ASGITransport(app=apps[name]())
    async with httpx.AsyncClient(transport=transport, base_url=f"http://{name}") as client:
        yield name, client


async def test_asyncapi_json_equals_the_exported_file(
    default_app: tuple[str, httpx.AsyncClient],
) -> None:
    name, client = default_app
    exported = json.loads((DEFAULT_OUT / f"{name}.asyncapi.json").read_text(encoding="utf-8"))

    response = await client.get("/asyncapi.json")

    assert response.status_code == 200
    assert response.json() == exported


def test_asyncapi_page_tables_the_payload_fields() -> None:
    exported = json.loads((DEFAULT_OUT / "registry.asyncapi.json").read_text(encoding="utf-8"))
    html = render_asyncapi_html(exported)

    assert "<th>field</th><th>type</th><th>required</th>" in html
    assert "tdkt.registry.events" in html
    assert "campaign_id" in html
    assert "<script" not in html


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
