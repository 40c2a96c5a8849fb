"""Uploads within limits: a file is read off the event loop, and refused at the first limit.

Issue 12, item 4: an authenticated 528 kB XLSX of two million cells took 39 s to be refused,
``/healthz`` did not answer meanwhile and the registry kept 630 MB. Now the reader stops at
the cell limit, in a worker thread: these tests show ``/healthz`` answering *while the file
is read* and the memory reading it took, on both services that import spreadsheets. Speed is
measured by benchmarks; the figures are printed (``-s``) and only a generous guard asserted.
"""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from openpyxl.utils import get_column_letter

from shared.spreadsheets import reading
from shared.spreadsheets.limits import DEFAULT_LIMITS, MIB, SheetLimits
from shared.spreadsheets.reading import Sheet
from tests.api.test_registration_import_api import HEADER, add_directory
from tests.harness.awards_api import AwardsApi
from tests.harness.registry_api import RegistryApi
from tests.harness.service_api import ServiceApi
from tests.harness.xlsx_packages import cell, package, repeated_cells, rows_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROUTES = {"registry": "/v1/registrations/import", "awards": "/v1/decisions/import"}
GUARD_S = 10.0
"""A generous bound on refusing the file (it takes well under a second here)."""


@pytest.fixture(scope="module")
def two_million_cells() -> bytes:
    """100,000 rows of 20 cells, 493 kB zipped: the file of the issue."""
    return repeated_cells(100_000, 20)


async def upload(api: ServiceApi, route: str, content: bytes, agency: str = "06") -> Any:
    return await api.client.post(
        route,
        data={"agency": agency},
        files={"file": ("tep.xlsx", content, XLSX)},
        headers=api.headers(agency),
    )


@dataclass
class Reading:
    """When the worker thread read the file (monotonic seconds)."""

    started: float = float("inf")
    ended: float = 0.0


@pytest.fixture
def reading_window(monkeypatch: pytest.MonkeyPatch) -> Reading:
    window = Reading()
    original = reading.read_sheet

    def timed(content: bytes, limits: SheetLimits = DEFAULT_LIMITS) -> Sheet:
        window.started = time.monotonic()
        try:
            return original(content, limits)
        finally:
            window.ended = time.monotonic()

    monkeypatch.setattr(reading, "read_sheet", timed)
    return window


@dataclass
class HealthProbe:
    """``/healthz`` asked again and again until stopped: (sent, answered) of each answer."""

    client: httpx.AsyncClient
    answers: list[tuple[float, float]] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        while not self.stop.is_set():
            sent = time.monotonic()
            response = await self.client.get("/healthz")
            assert response.status_code == 204
            self.answers.append((sent, time.monotonic()))
            await asyncio.sleep(0.005)

    def within(self, window: Reading) -> list[float]:
        """The latency of each answer asked and given while the file was being read."""
        return [
            answered - sent
            for sent, answered in self.answers
            if window.started <= sent and answered <= window.ended
        ]


async def refused_while_healthz_answers(
    api: ServiceApi, service: str, agency: str, content: bytes, window: Reading
) -> None:
    probe = HealthProbe(api.client)
    probing = asyncio.create_task(probe.run())
    await asyncio.sleep(0.05)

    started = time.monotonic()
    refused = await upload(api, ROUTES[service], content, agency)
    took = time.monotonic() - started
    probe.stop.set()
    await probing

    latencies = probe.within(window)
    print(
        f"\n{service}: refused in {took:.2f} s (reading {window.ended - window.started:.2f} s);"
        f" /healthz answered {len(latencies)} times while the file was read, the slowest in"
        f" {max(latencies or [0]) * 1000:.0f} ms"
    )
    assert len(latencies) >= 3  # the event loop served /healthz while a thread read the file
    assert took < GUARD_S
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"] == [
        {
            "row": None,
            "column": None,
            "field": None,
            "code": "too_many_cells",
            "message": "Tệp có hơn 300000 ô (kể cả ô trống có định dạng), vượt quá giới hạn: "
            "đã dừng đọc ở dòng 15001.",
            "msg": "more than 300000 cells (reading stopped at row 15001)",
        }
    ]


async def test_the_registry_refuses_two_million_cells_and_keeps_answering(
    registry_api: RegistryApi, two_million_cells: bytes, reading_window: Reading
) -> None:
    await refused_while_healthz_answers(
        registry_api, "registry", "06", two_million_cells, reading_window
    )


async def test_awards_refuses_two_million_cells_and_keeps_answering(
    awards_api: AwardsApi, two_million_cells: bytes, reading_window: Reading
) -> None:
    await refused_while_healthz_answers(
        awards_api, "awards", "01", two_million_cells, reading_window
    )


async def memory_of_refusing(api: ServiceApi, service: str, agency: str, content: bytes) -> None:
    small = package(rows_of([(1, [(1, "a")]), (2, [(1, "b")])]))
    await upload(api, ROUTES[service], small, agency)  # every module imported, caches warm

    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        refused = await upload(api, ROUTES[service], content, agency)
        after, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    print(
        f"\n{service}: memory allocated refusing the file: peak {(peak - before) / MIB:.1f} MB,"
        f" kept {(after - before) / MIB:.2f} MB"
    )
    assert peak - before < 32 * MIB  # openpyxl's full mode took 600 MB and more
    assert after - before < 4 * MIB
    assert refused.json()["errors"][0]["code"] == "too_many_cells"


async def test_the_registry_refuses_two_million_cells_in_little_memory(
    registry_api: RegistryApi, two_million_cells: bytes
) -> None:
    await memory_of_refusing(registry_api, "registry", "06", two_million_cells)


async def test_awards_refuses_two_million_cells_in_little_memory(
    awards_api: AwardsApi, two_million_cells: bytes
) -> None:
    await memory_of_refusing(awards_api, "awards", "01", two_million_cells)


async def test_a_zip_bomb_is_refused_by_both_services(
    registry_api: RegistryApi, awards_api: AwardsApi
) -> None:
    bomb = package([b" " * MIB] * 100)  # 100 MB of spaces zipped to 100 kB

    refusals = [
        await upload(registry_api, ROUTES["registry"], bomb),
        await upload(awards_api, ROUTES["awards"], bomb, "01"),
    ]

    for refused in refusals:
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["code"] == "unpacked_too_large"
        assert refused.json()["errors"][0]["message"] == (
            "Tệp XLSX khi giải nén có 101 MB, vượt quá giới hạn 48 MB."
        )


def template_at_the_limits(rows: list[list[str]]) -> bytes:
    """A registration template formatted down to row 20,000 and 15 columns across, with a
    note in column 60 of its header: every limit reached exactly, none exceeded."""
    limits = DEFAULT_LIMITS
    header = [(column, text) for column, text in enumerate(HEADER, start=1)]
    header.append((limits.columns, "Ghi chú"))
    table = [(1, header)]
    table += [(number, list(enumerate(row, start=1))) for number, row in enumerate(rows, 2)]
    used = limits.columns + len(HEADER) * len(rows)
    blank_rows = range(len(table) + 1, limits.rows + 1)
    widths = spread(limits.cells - used, len(blank_rows))

    def chunks() -> Iterator[bytes]:
        for number, cells in table:
            inner = "".join(cell(number, column, text) for column, text in cells if text)
            yield f'<row r="{number}">{inner}</row>'.encode()
        for number, width in zip(blank_rows, widths, strict=True):
            empty = "".join(f'<c r="{get_column_letter(c)}{number}"/>' for c in range(1, width + 1))
            yield f'<row r="{number}">{empty}</row>'.encode()

    return package(chunks())


def spread(total: int, parts: int) -> list[int]:
    share, extra = divmod(total, parts)
    return [share + 1] * extra + [share] * (parts - extra)


async def test_a_template_at_every_limit_is_imported(registry_api: RegistryApi) -> None:
    await add_directory(registry_api)
    rows = [
        ["1", "Đơn vị", "bk-p1", "Phòng Quản lý công nghiệp", "2021", "", "TTLĐTT"],
        ["2", "Cá nhân", "bk-m1", "Nông Thị Thảo", "2021", "", "LĐTT"],
        ["3", "Cá nhân", "bk-m2", "Hoàng Văn An", "2021", "", "LĐTT"],
    ]
    content = template_at_the_limits(rows)

    accepted = await upload(registry_api, ROUTES["registry"], content)

    assert accepted.status_code == 201, accepted.text
    assert [r["row"] for r in accepted.json()["registrations"]] == [2, 3, 4]
