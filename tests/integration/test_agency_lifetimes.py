"""A ceased agency records nothing dated after its end: the shared lifetimes table, kept from
the registry's events, and the command runner's guard, on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import MetaData, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.application.commands import Command, CommandRunner
from shared.database import create_engine
from shared.envelope import EventPayload
from shared.events import AgencyCeased, AgencyContinued, AgencyRegistered, RatingRecorded
from shared.events.vocabulary import AgencyKind, ProvinceList, Rating
from shared.eventstore import AppendContext, RecordedEvent, SqlEventStore
from shared.eventstore.tables import events
from shared.lifetimes import AgencyCeasedError, LifetimeGuard, apply_lifetimes, lifetimes_table
from tests.harness.event_store import create_store_tables
from tests.harness.statements import statements_sent

pytestmark = pytest.mark.integration

metadata = MetaData()
lifetimes = lifetimes_table(metadata)
BASIS = "Nghị quyết 202/2025/QH15"


class NoProjection:
    async def apply(self, connection: AsyncConnection, events: Sequence[RecordedEvent]) -> None:
        return None


def registered(
    code: str, name: str, province: str, list_: ProvinceList
) -> tuple[str, EventPayload]:
    return code, AgencyRegistered(
        agency_code=code,
        name=name,
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        province_code=province,
        province_list=list_,
    )


HISTORY: list[tuple[str, EventPayload]] = [
    registered("06", "Sở Công Thương Bắc Kạn", "06", "63"),
    registered("SCT34-19", "Sở Công Thương Thái Nguyên", "19", "34"),
    registered("01", "Sở Công Thương Hà Nội", "01", "63"),
    ("06", AgencyCeased(ceased_on=date(2025, 6, 30), successor_code="SCT34-19", legal_basis=BASIS)),
    (
        "01",
        AgencyContinued(
            on=date(2025, 7, 1), province_code="01", province_list="34", legal_basis=BASIS
        ),
    ),
]


@pytest.fixture
async def engine(make_postgres_database: Any) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(await make_postgres_database())
    await create_store_tables(engine)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
        await apply_lifetimes(connection, lifetimes, HISTORY)
        await apply_lifetimes(connection, lifetimes, HISTORY)  # a replay writes the same rows
    yield engine
    await engine.dispose()


def rating(agency: str, year: int, **options: Any) -> Command:
    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return [RatingRecorded(member_id="m-1", year=year, rating=Rating.HTXSNV)]

    return Command(
        stream_id=f"rating-m-1-{year}-{uuid.uuid4()}",
        resource_id="m-1",
        decide=decide,
        context=AppendContext(agency=agency, actor="officer", correlation_id=uuid.uuid4()),
        occurred_at=datetime(year, 12, 30, 17, tzinfo=UTC),  # 31/12 in Vietnam
        **options,
    )


@pytest.fixture
def runner(engine: AsyncEngine) -> CommandRunner:
    return CommandRunner(engine, SqlEventStore(engine), NoProjection(), LifetimeGuard(lifetimes))


async def test_a_command_dated_after_the_end_is_refused_naming_the_successor(
    runner: CommandRunner,
) -> None:
    with pytest.raises(AgencyCeasedError) as refused:
        await runner.run(rating("06", 2025))

    assert refused.value.message == (
        "Sở Công Thương Bắc Kạn đã chấm dứt hoạt động từ ngày 01/07/2025; việc phát sinh từ "
        "ngày này do Sở Công Thương Thái Nguyên (mã SCT34-19) ghi nhận."
    )
    assert refused.value.details == {
        "current_state": "ceased",
        "ceased_on": "2025-06-30",
        "successor_code": "SCT34-19",
    }


async def test_the_past_stays_correctable_and_the_others_are_untouched(
    runner: CommandRunner, engine: AsyncEngine
) -> None:
    await runner.run(rating("06", 2024))  # a correction of a year it lived through
    await runner.run(rating("SCT34-19", 2025))
    await runner.run(rating("01", 2026))  # continued, not ceased
    await runner.run(rating("BCT-VP", 2026))  # no lifetime row at all
    await runner.run(rating("06", 2026, bound_by_lifetime=False))  # e.g. an erasure

    async with engine.connect() as connection:
        rows = await connection.execute(select(lifetimes.c.agency, lifetimes.c.name))
        names = {str(agency): name for agency, name in rows}
    assert names["06"] == "Sở Công Thương Bắc Kạn"


async def test_a_batch_with_one_command_after_the_end_writes_nothing(
    runner: CommandRunner, engine: AsyncEngine
) -> None:
    with pytest.raises(AgencyCeasedError):
        await runner.run_batch([rating("06", 2024), rating("06", 2026)])

    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(events)) == 0


async def test_a_command_reads_the_days_its_agencies_ceased_with_its_streams(
    runner: CommandRunner, engine: AsyncEngine
) -> None:
    with statements_sent(engine) as statements:
        await runner.run(rating("06", 2024))
        await runner.run_batch([rating("06", 2024), rating("01", 2026)])

    reads = [s for s in statements if s.startswith("SELECT")]
    assert len(reads) == 2  # one per command and batch: streams, lock and days ceased
    assert all("agency_lifetimes" in s and "pg_advisory_xact_lock_shared" in s for s in reads)
