"""Revision 0003 of the awards database: the agencies the local view already knew are in
``agency_lifetimes`` with their names (the refusal of a ceased agency's command shows them)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.awards.localview.tables import fact_row, facts, lifetimes
from shared.database import create_engine
from shared.database.migrations import migration_config, run_alembic
from shared.envelope import EventEnvelope
from shared.events import AgencyRegistered, new_event
from tests.harness.schemas import schema_of

pytestmark = pytest.mark.integration


@pytest.fixture
async def engine(postgres_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_database_url, pool_size=2)
    yield engine
    await engine.dispose()


async def upgrade(engine: AsyncEngine, revision: str) -> None:
    def to_revision(config: Config) -> None:
        command.upgrade(config, revision)

    await run_alembic(engine, migration_config(schema_of("awards")), to_revision)


def registered(code: str, name: str) -> dict[str, object]:
    payload = AgencyRegistered(
        agency_code=code,
        name=name,
        kind="provincial_department",
        province_code=code,
        province_list="63",
    )
    event = new_event(payload, occurred_at=datetime(2016, 1, 5, tzinfo=UTC))
    envelope = EventEnvelope(
        **event.model_dump(),
        agency=code,
        stream_id=f"agency-{code}",
        stream_version=1,
        recorded_at=datetime.now(UTC),
        actor="registry",
        correlation_id=uuid.uuid4(),
    )
    return fact_row(envelope.model_dump(mode="json"), payload)


async def test_the_agencies_known_before_are_filled_in_with_their_names(
    engine: AsyncEngine,
) -> None:
    await upgrade(engine, "0002")
    async with engine.begin() as connection:
        await connection.execute(
            facts.insert(),
            [
                registered("24", "Sở Công Thương Bắc Giang"),
                registered("01", "Sở Công Thương Hà Nội"),
            ],
        )

    await upgrade(engine, "head")

    async with engine.connect() as connection:
        rows = (await connection.execute(select(lifetimes).order_by(lifetimes.c.agency))).all()
    assert [(r.agency, r.name, r.ceased_on) for r in rows] == [
        ("01", "Sở Công Thương Hà Nội", None),
        ("24", "Sở Công Thương Bắc Giang", None),
    ]
