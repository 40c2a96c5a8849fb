"""Several processes of one service in the HTTP benchmark: requests in turn, CPU summed,
memory per process."""

from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any

from benchmarks.services import RunningServices

NO_SERVER = {"registry": "postgresql+asyncpg://u@127.0.0.1:1/none"}  # no postmaster there


def process(name: str, port: int) -> Any:
    return SimpleNamespace(name=name, url=f"http://127.0.0.1:{port}", pid=os.getpid())


def test_requests_go_to_a_services_processes_in_turn() -> None:
    services = RunningServices(
        {
            "registry": process("registry", 1),
            "registry-2": process("registry", 2),
            "awards": process("awards", 3),
        },
        NO_SERVER,
    )

    urls = [services.url("registry") for _ in range(4)] + [services.url("awards")]

    assert urls == [
        "http://127.0.0.1:1",
        "http://127.0.0.1:2",
        "http://127.0.0.1:1",
        "http://127.0.0.1:2",
        "http://127.0.0.1:3",
    ]
    assert services.processes_of("registry") == 2


def test_usage_sums_a_services_cpu_over_its_processes() -> None:
    one = RunningServices({"registry": process("registry", 1)}, NO_SERVER)
    two = RunningServices(
        {"registry": process("registry", 1), "registry-2": process("registry", 2)}, NO_SERVER
    )

    alone = one.usage()["registry"]
    together = two.usage()["registry"]  # the same process twice: twice its CPU, its memory

    assert set(two.usage()) == {"registry"}
    assert together.cpu_s >= 2 * alone.cpu_s
    assert alone.peak_rss_mb <= together.peak_rss_mb < 1.5 * alone.peak_rss_mb  # not summed
