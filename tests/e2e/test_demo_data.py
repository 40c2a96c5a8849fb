"""Issue 6: the demo loader fills the three services over HTTP (as processes, on SQLite and the
test broker), and reporting then tells Hà Nội's 2016–2020 figures of seed 000."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from shared.auth import mint_token
from shared.demo import seeds
from shared.demo.loader import load
from tests.harness.infra import eventually
from tests.harness.processes import ServiceProcess

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

SECRET = "e2e-secret-of-at-least-thirty-two-bytes"


@pytest.fixture
async def services(
    kafka_bootstrap: str, unique_prefix: str, tmp_path: Path
) -> AsyncIterator[dict[str, ServiceProcess]]:
    common = {
        "kafka_bootstrap_servers": kafka_bootstrap,
        "topic_prefix": unique_prefix,
        "jwt_secret": SECRET,
        "data_dir": str(tmp_path),
    }
    started = {
        "registry": ServiceProcess("registry", common),
        "awards": ServiceProcess("awards", {**common, "consumer_group": f"{unique_prefix}-awards"}),
        "reporting": ServiceProcess(
            "reporting", {**common, "consumer_group": f"{unique_prefix}-reporting"}
        ),
    }
    try:
        for service in started.values():
            await service.start()
        yield started
    finally:
        for service in started.values():
            service.stop()


def headers(agency: str) -> dict[str, str]:
    signed = mint_token(
        SecretStr(SECRET),
        subject="e2e",
        agency=agency,
        roles=["officer"],
        issuer="tdkt",
        ttl=timedelta(hours=1),
    )
    return {"Authorization": f"Bearer {signed}"}


async def test_demo_data_gives_ha_noi_its_published_figures(
    services: dict[str, ServiceProcess],
) -> None:
    urls = {name: service.url for name, service in services.items()}
    await load(urls, small=True, secret=SECRET, show_progress=False)
    expected = seeds.single_year_counts(seeds.HA_NOI_BATCHES, 2016, 2020)
    last: dict[str, Any] = {}

    async def figures_match() -> bool:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.get(
                f"{urls['reporting']}/v1/agencies/01/stats",
                params={"from": 2016, "to": 2020},
                headers=headers("01"),
            )
        assert response.status_code == 200, response.text
        last.update(response.json())
        counts = {a["award_code"]: a["awards"] for a in last["awards"]}
        return all(counts.get(code) == n for code, n in expected.items())

    await eventually(figures_match, timeout=60, message=f"Hà Nội's figures differ: {last}")
    assert expected["LDTT"] == 481  # "601 cá nhân đạt Lao động tiên tiến" less 2015's 120
    assert last["campaigns"]["total"] >= 5

    # Loading again changes nothing: every command repeats its first outcome.
    await load(urls, small=True, secret=SECRET, show_progress=False)
    assert await figures_match()
