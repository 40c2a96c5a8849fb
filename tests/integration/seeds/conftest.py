"""The three services as processes on the session's PostgreSQL and Kafka, and the demo loader
run against them for one seed agency at a time (each agency loaded once per session)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Any

import httpx
import pytest

from shared.auth import Role
from tests.harness.infra import KafkaHarness, eventually, unique_hex
from tests.harness.processes import ServiceProcess
from tests.harness.service_api import bearer
from tooling.demo.loader import load

SECRET = "seed-tests-secret-of-at-least-thirty-two-bytes"
SERVICES = ("registry", "awards", "reporting")


class SeedApi:
    """GETs on the running services, as an officer of the agency (or the ministry's analyst)."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls
        self._loaded: set[str] = set()

    async def load(self, *agencies: str) -> None:
        """The demo's data of ``agencies`` (the small demo's), once per session."""
        wanted = set(agencies) - self._loaded
        if wanted:
            await load(self.urls, small=True, secret=SECRET, show_progress=False, only=wanted)
            self._loaded |= wanted

    async def get(
        self, service: str, path: str, caller: str, role: Role = "officer", **params: Any
    ) -> Any:
        """The answer (200) to ``caller``, an officer of that agency (or a ``role``)."""
        async with httpx.AsyncClient(timeout=20) as client:
            response = await client.get(
                self.urls[service] + path, params=params, headers=bearer(SECRET, caller, [role])
            )
        assert response.status_code == 200, f"{path}: {response.status_code} {response.text}"
        return response.json()

    async def items(self, service: str, path: str, agency: str, **params: Any) -> list[Any]:
        """Every item of a paged list of the agency's."""
        found: list[Any] = []
        while True:
            page = await self.get(
                service, path, agency, agency=agency, limit=200, offset=len(found), **params
            )
            found += page["items"]
            if len(found) >= page["total"] or not page["items"]:
                return found


INDIVIDUALS = "Cá nhân"
POSITION_GROUPS = (
    "Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên",
    "Lãnh đạo cấp vụ, sở, ngành và tương đương",
    "Doanh nhân",
    "Các cấp lãnh đạo khác từ phó phòng trở lên",
    "Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu "
    "(công nhân, nông dân,...)",
)
"""The rows of forms 0602.N and 0603.N that break "Cá nhân" down, as the circular words them."""
UNPLACED = "chưa xác định nhóm chức vụ"


async def individuals_by_position(
    seed_api: SeedApi, form: str, agency: str, years: range
) -> tuple[int, tuple[int, ...]]:
    """The form's "Cá nhân" and its position groups (column Tổng số), over the forms of
    ``years`` (each its reporting period); fails if a form leaves an individual unplaced."""
    individuals, groups = 0, [0] * len(POSITION_GROUPS)
    for year in years:
        told = await seed_api.get(
            "reporting", f"/v1/forms/{form}", agency, agency=agency, year=year
        )
        assert not [n for n in told["notes"] if UNPLACED in n], (form, year, told["notes"])
        totals = {row["label"]: row["values"]["total"] for row in told["rows"] if row["code"]}
        individuals += totals[INDIVIDUALS]
        groups = [n + totals[label] for n, label in zip(groups, POSITION_GROUPS, strict=True)]
    return individuals, tuple(groups)


async def settled(
    check: Callable[[], Awaitable[None]], within_s: float = 120.0, what: str = "figures"
) -> None:
    """``check`` passes (reporting follows the topics: its figures arrive over seconds)."""

    async def passes() -> bool:
        await check()
        return True

    await eventually(passes, timeout=within_s, interval=1.0, message=f"{what} differ")


def figures_differ(found: Iterable[tuple[str, object, object]]) -> list[str]:
    """The article's sentences whose figure the API tells otherwise (sentence, told, expected)."""
    return [
        f"{sentence!r}: API {told!r}, article {expected!r}"
        for sentence, told, expected in found
        if told != expected
    ]


@pytest.fixture(scope="session")
async def seed_api(
    kafka_harness: KafkaHarness, make_postgres_database: Any
) -> AsyncIterator[SeedApi]:
    prefix = f"t{unique_hex()}"
    plan = await kafka_harness.grant(
        kafka_harness.plan(
            prefix, awards_group=f"{prefix}-awards", reporting_group=f"{prefix}-reporting"
        )
    )
    common = {
        "kafka_bootstrap_servers": kafka_harness.bootstrap,
        "topic_prefix": prefix,
        "jwt_secret": SECRET,
    }
    groups = {"awards": plan.awards_group, "reporting": plan.reporting_group}
    started: dict[str, ServiceProcess] = {}
    try:
        for name in SERVICES:
            settings = {
                **common,
                **kafka_harness.service_settings(getattr(plan.users, name)),
                "database_url": await make_postgres_database(),
            }
            if name in groups:
                settings["consumer_group"] = groups[name]
            started[name] = ServiceProcess(name, settings)
            await started[name].start()
        yield SeedApi({name: service.url for name, service in started.items()})
    finally:
        for service in started.values():
            service.stop()
