"""Agencies' policies: the national rules by default, versioned changes, safe retries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from services.awards.domain.eligibility import NO_TIGHTENING, AgencyPolicy
from services.awards.localview.policies import agency_policy, policy_record, set_policy
from services.awards.readmodel.metadata import metadata
from shared.database import create_engine
from shared.domain_errors import IllegalTransition

HA_NOI = "01"
CAP_15 = AgencyPolicy(cstdcs_cap_share=Decimal("0.15"))
CAP_10 = AgencyPolicy(cstdcs_cap_share=Decimal("0.1"))


@pytest.fixture
async def engine(postgres_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_database_url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


async def policy_of(engine: AsyncEngine, agency: str = HA_NOI) -> AgencyPolicy:
    async with engine.connect() as connection:
        return await agency_policy(connection, agency)


async def test_an_agency_without_a_policy_follows_the_national_rules(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        record = await policy_record(connection, HA_NOI)

    assert (record.policy, record.version) == (NO_TIGHTENING, 0)


async def test_a_first_policy_needs_no_version(engine: AsyncEngine) -> None:
    record = await set_policy(engine, HA_NOI, CAP_15, expected_version=None, actor="user-01")

    assert (record.version, record.updated_by) == (1, "user-01")
    assert await policy_of(engine) == CAP_15
    assert await policy_of(engine, "06") == NO_TIGHTENING


async def test_changing_a_policy_needs_its_version(engine: AsyncEngine) -> None:
    await set_policy(engine, HA_NOI, CAP_15, expected_version=None, actor="user-01")

    with pytest.raises(IllegalTransition) as refused:
        await set_policy(engine, HA_NOI, CAP_10, expected_version=None, actor="user-01")
    changed = await set_policy(engine, HA_NOI, CAP_10, expected_version=1, actor="user-01")

    assert refused.value.details == {"version": 1}
    assert changed.version == 2
    assert await policy_of(engine) == CAP_10


async def test_a_stale_version_is_refused(engine: AsyncEngine) -> None:
    await set_policy(engine, HA_NOI, CAP_15, expected_version=None, actor="user-01")
    await set_policy(engine, HA_NOI, CAP_10, expected_version=1, actor="user-01")

    with pytest.raises(IllegalTransition):
        await set_policy(engine, HA_NOI, NO_TIGHTENING, expected_version=1, actor="user-01")

    assert await policy_of(engine) == CAP_10


async def test_sending_the_policy_in_force_again_changes_nothing(engine: AsyncEngine) -> None:
    await set_policy(engine, HA_NOI, CAP_15, expected_version=None, actor="user-01")

    again = await set_policy(engine, HA_NOI, CAP_15, expected_version=0, actor="user-01")

    assert again.version == 1
