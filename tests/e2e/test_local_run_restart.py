"""``scripts/run`` keeps everything across a restart, and a rebuild then finds the whole history.

The local system (Apache Kafka with its log under the data dir, each service on its embedded
PostgreSQL there) is started, loaded with the small demo, stopped with Ctrl-C and started
again: every figure of three agencies and of the nation is the same; ``rebuild`` re-projects
every topic from offset zero and the figures are still the same.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.auth import Role
from shared.settings import DEFAULT_JWT_SECRET
from tests.harness.processes import free_port
from tests.harness.service_api import bearer
from tooling.demo.loader import load
from tooling.local_system import SERVICES, kafka_environment, kafka_users

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

URLS = {name: f"http://127.0.0.1:{port}" for name, port in SERVICES.items()}
QUERIES: list[tuple[str, dict[str, Any], str, Role]] = [
    *(
        (f"/v1/agencies/{agency}/stats", period, agency, "officer")
        for agency in ("01", "06", "42")
        for period in ({"from": 2016, "to": 2020}, {"from": 2021, "to": 2025})
    ),
    ("/v1/national", {"from": 2016, "to": 2020}, "BCT", "analyst"),
    ("/v1/national", {"from": 2021, "to": 2025, "group_by": "province34"}, "BCT", "analyst"),
]


@contextmanager
def local_system(data_dir: Path, kafka_port: int) -> Iterator[None]:
    """``scripts/run --no-demo`` until the block ends, then Ctrl-C (SIGINT) and wait."""
    command = [sys.executable, "-m", "tooling.local_system", "--no-demo"]
    command += ["--data-dir", str(data_dir), "--kafka-port", str(kafka_port)]
    log = (data_dir.parent / "local-system.log").open("wb")  # a new start, a new log
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_line(data_dir.parent / "local-system.log", "Ctrl-C stops everything", process)
        yield
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
    assert process.returncode == 0, (data_dir.parent / "local-system.log").read_text()[-3000:]
    # Each service stopped the embedded PostgreSQL it started (a clean shutdown removes the pid).
    assert sorted(path.parent.name for path in data_dir.glob("postgres/*/postmaster.pid")) == []
    clusters = sorted(path.parent.name for path in data_dir.glob("postgres/*/PG_VERSION"))
    assert clusters == ["awards", "registry", "reporting"]


def _wait_for_line(log: Path, line: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while line not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"the local system did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


async def figures() -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=30) as client:
        found = {}
        for path, params, agency, role in QUERIES:
            response = await client.get(
                URLS["reporting"] + path,
                params=params,
                headers=bearer(DEFAULT_JWT_SECRET, agency, [role]),
            )
            assert response.status_code == 200, response.text
            found[f"{path} {params}"] = response.json()
        return found


async def until_stable() -> dict[str, Any]:
    """The figures once two readings a second apart agree (the consumer has caught up)."""
    previous: dict[str, Any] | None = None
    for _ in range(60):
        current = await figures()
        if current == previous:
            return current
        previous = current
        await asyncio.sleep(1)
    raise AssertionError("the figures kept changing")


def rebuild(data_dir: Path, kafka_port: int) -> str:
    env = {
        **os.environ,
        "TDKT_REPORTING_DATA_DIR": str(data_dir),
        "TDKT_REPORTING_KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{kafka_port}",
        # The reporting service's Kafka user, made up by the local run.
        **kafka_environment("reporting", kafka_users(data_dir)["reporting"]),
    }
    result = subprocess.run(
        [sys.executable, "-m", "services.reporting.rebuild"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


async def test_figures_survive_a_restart_and_a_rebuild(tmp_path: Path) -> None:
    data_dir, kafka_port = tmp_path / "var", free_port()
    with local_system(data_dir, kafka_port):
        await load(URLS, small=True, show_progress=False)
        loaded = await until_stable()
    ha_noi = loaded[f"/v1/agencies/01/stats {QUERIES[0][1]}"]
    assert ha_noi["campaigns"]["by_form"]["regular"] > 0
    assert ha_noi["award_breakdown"]

    with local_system(data_dir, kafka_port):
        assert await until_stable() == loaded
        report = await asyncio.to_thread(rebuild, data_dir, kafka_port)
        assert "switched" in report
        assert await until_stable() == loaded
