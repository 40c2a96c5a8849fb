"""Loading the demo data across instances: a province's agencies go to its own registry and
awards service only, every other agency to the national ones (checked with a recording load)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pytest

from tooling.demo import instances
from tooling.demo.instances import InstanceUrls, load_across_instances, national_agencies
from tooling.local_system import parse_provinces

NATIONAL_URLS = {
    "registry": "http://n:8001",
    "awards": "http://n:8002",
    "reporting": "http://n:8003",
}


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[dict[str, str], set[str] | None]]:
    calls: list[tuple[dict[str, str], set[str] | None]] = []

    async def recording_load(
        urls: dict[str, str], *, only: Collection[str] | None = None, **_: Any
    ) -> int:
        calls.append((urls, None if only is None else set(only)))
        return 10

    monkeypatch.setattr(instances, "load", recording_load)
    return calls


async def test_without_provinces_every_agency_loads_nationally(loads: list[Any]) -> None:
    sent = await load_across_instances(NATIONAL_URLS, [])

    assert sent == 10
    assert loads == [(NATIONAL_URLS, None)]


async def test_a_provinces_agencies_load_on_its_own_instance_only(loads: list[Any]) -> None:
    province = InstanceUrls("sct-01", ("01",), "http://p:8011", "http://p:8012")

    sent = await load_across_instances(NATIONAL_URLS, [province], small=True)

    assert sent == 20
    (national_urls, national_only), (own_urls, own_only) = loads
    assert national_urls == NATIONAL_URLS
    assert national_only == national_agencies([province], small=True)
    assert "01" not in national_only
    assert own_only == {"01"}
    assert own_urls == {
        "registry": "http://p:8011",
        "awards": "http://p:8012",
        "reporting": "http://n:8003",
    }


def test_the_local_runs_provinces_answer_on_their_ports() -> None:
    first, second = parse_provinces(["sct-01=01", "sct-79=79"])

    assert first.urls() == InstanceUrls(
        "sct-01", ("01",), "http://127.0.0.1:8011", "http://127.0.0.1:8012"
    )
    assert second.urls().registry == "http://127.0.0.1:8021"
    assert second.argument == "sct-79=79"
