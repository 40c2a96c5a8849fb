"""Debian's Chromium driven by Playwright (from PyPI; its own browser downloads are never
used), with every request routed: any host but the service under test is refused and noted.

A missing browser fails the tests that need it, saying how to install it (``scripts/test``
installs it when it is missing), as a missing engine does: nothing is skipped.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import BrowserContext, Route, async_playwright

CHROMIUM = os.environ.get("TDKT_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's Chromium, or a failed test naming what to install."""
    if not Path(CHROMIUM).is_file():
        raise pytest.fail.Exception(
            f"Chromium unavailable: {CHROMIUM} does not exist. Install Debian's package "
            "(`apt-get install -y chromium`; scripts/test does it when it is missing) or set "
            "TDKT_TEST_CHROMIUM to a Chromium binary.",
            pytrace=False,
        )
    return CHROMIUM


@dataclass
class ClosedNetwork:
    """Lets requests to ``origin`` through and refuses (and notes) every other one."""

    origin: str
    refused: list[str] = field(default_factory=list)

    async def route(self, route: Route) -> None:
        url = route.request.url
        scheme, netloc = urlsplit(url)[:2]
        if f"{scheme}://{netloc}" == self.origin or scheme in {"data", "blob"}:
            await route.continue_()
        else:
            self.refused.append(url)
            await route.abort("blockedbyclient")


@asynccontextmanager
async def closed_browser(
    origin: str, user_data_dir: Path, viewport: tuple[int, int] = (1366, 768)
) -> AsyncIterator[tuple[BrowserContext, ClosedNetwork]]:
    """A fresh Chromium profile in ``user_data_dir`` whose only reachable origin is ``origin``."""
    network = ClosedNetwork(origin.rstrip("/"))
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(user_data_dir),
            executable_path=chromium_path(),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": viewport[0], "height": viewport[1]},
            locale="vi-VN",
            accept_downloads=True,
        )
        try:
            await context.route("**/*", network.route)
            yield context, network
        finally:
            await context.close()
