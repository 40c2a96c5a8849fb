"""The registry as production runs it (its own process, uvicorn) refusing the issue's file.

Issue 12, item 4 measured a real process: the 528 kB XLSX of two million cells took 39 s to
refuse, ``/healthz`` was silent meanwhile and the process grew by 630 MB for good. This test
uploads such a file three times to a registry process and watches that process: ``/healthz``
over TCP while each upload is in flight, and the process's resident memory (RSS) before,
at its peak and after. Figures are printed (``-s``); only generous bounds are asserted.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import psutil
import pytest

from shared.spreadsheets.limits import MIB
from tests.harness.infra import KafkaHarness
from tests.harness.processes import ServiceProcess
from tests.harness.service_api import bearer
from tests.harness.xlsx_packages import package, repeated_cells, rows_of

SECRET = "upload-limits-secret-of-at-least-32-bytes"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOADS = 3


@pytest.fixture
async def registry(
    kafka_harness: KafkaHarness, make_postgres_database: Any, unique_prefix: str
) -> AsyncIterator[ServiceProcess]:
    plan = await kafka_harness.grant(kafka_harness.plan(unique_prefix))
    database = await make_postgres_database()
    service = ServiceProcess(
        "registry",
        {
            "kafka_bootstrap_servers": kafka_harness.bootstrap,
            "topic_prefix": unique_prefix,
            "jwt_secret": SECRET,
            "database_url": database,
            **kafka_harness.service_settings(plan.users.registry),
        },
    )
    try:
        await service.start()
        yield service
    finally:
        service.stop()


def listening_on(port: int) -> psutil.Process:
    """The child process serving ``port``."""
    for child in psutil.Process().children(recursive=True):
        try:
            if any(c.laddr.port == port for c in child.net_connections(kind="tcp")):
                return child
        except psutil.Error:
            continue
    raise AssertionError(f"no child process listens on {port}")


class Resident:
    """A process's resident memory, sampled every 5 ms in a thread: the highest seen."""

    def __init__(self, process: psutil.Process) -> None:
        self.process = process
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def now(self) -> int:
        return int(self.process.memory_info().rss)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.now())
            time.sleep(0.005)

    def __enter__(self) -> Resident:
        self.peak = self.now()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


async def health_during(
    client: httpx.AsyncClient, upload: asyncio.Task[httpx.Response]
) -> list[float]:
    """``/healthz`` asked every 10 ms until ``upload`` is done: each latency, in seconds."""
    latencies = []
    while not upload.done():
        sent = time.monotonic()
        response = await client.get("/healthz")
        assert response.status_code == 204
        if not upload.done():
            latencies.append(time.monotonic() - sent)
        await asyncio.sleep(0.01)
    return latencies


async def test_a_registry_process_refuses_the_file_answering_and_keeping_no_memory(
    registry: ServiceProcess,
) -> None:
    server = listening_on(registry.port)
    content = repeated_cells(100_000, 20)
    warm = package(rows_of([(1, [(1, "Năm")]), (2, [(1, "2021")])]))
    headers = bearer(SECRET, "06")
    async with (
        httpx.AsyncClient(base_url=registry.url, timeout=120) as uploads,
        httpx.AsyncClient(base_url=registry.url, timeout=120) as probes,
    ):

        async def upload(file: bytes) -> httpx.Response:
            files = {"file": ("dang_ky.xlsx", file, XLSX)}
            return await uploads.post(
                "/v1/registrations/import", data={"agency": "06"}, files=files, headers=headers
            )

        assert (await upload(warm)).status_code == 422  # openpyxl imported, the pool started
        await asyncio.sleep(0.5)
        resident = Resident(server)
        before = resident.now()
        took, answered, slowest, codes = [], [], 0.0, []
        with resident:
            for _ in range(UPLOADS):
                started = time.monotonic()
                in_flight = asyncio.create_task(upload(content))
                latencies = await health_during(probes, in_flight)
                refused = await in_flight
                took.append(time.monotonic() - started)
                answered.append(len(latencies))
                slowest = max([slowest, *latencies])
                codes.append((refused.status_code, refused.json()["errors"][0]["code"]))
            await asyncio.sleep(1.0)
            after = resident.now()

    print(
        f"\nregistry process: refused in {', '.join(f'{t:.2f}' for t in took)} s; /healthz "
        f"answered {answered} times during the uploads, the slowest in {slowest * 1000:.0f} ms;"
        f" RSS {before / MIB:.0f} MB before, {resident.peak / MIB:.0f} MB at the peak, "
        f"{after / MIB:.0f} MB after"
    )
    assert codes == [(422, "too_many_cells")] * UPLOADS
    assert all(count >= 5 for count in answered)  # the service answered while it read
    assert max(took) < 10.0
    assert resident.peak - before < 100 * MIB  # full mode: +630 MB
    assert after - before < 50 * MIB
