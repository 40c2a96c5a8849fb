"""Look-ups read outside a transaction: no BEGIN or ROLLBACK is sent around their reads.

``now()`` is the start of the statement's transaction: inside one transaction two statements
see the same instant; outside any, each statement is its own transaction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.database import create_engine
from shared.database.engine import connection_for_reads

pytestmark = pytest.mark.integration


@pytest.fixture
async def engine(postgres_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_database_url, pool_size=1)
    try:
        yield engine
    finally:
        await engine.dispose()


async def _two_nows(connection: AsyncConnection) -> tuple[Any, Any]:
    first = await connection.scalar(select(func.now()))
    second = await connection.scalar(select(func.now()))
    return first, second


async def test_each_read_is_a_transaction_of_its_own(engine: AsyncEngine) -> None:
    async with connection_for_reads(engine) as connection:
        first, second = await _two_nows(connection)
    assert second > first


async def test_a_plain_connection_would_hold_one_transaction_across_its_reads(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        first, second = await _two_nows(connection)
    assert second == first


async def test_the_pool_gives_the_connection_back_in_a_transaction_again(
    engine: AsyncEngine,
) -> None:
    """One pooled connection, used for reads, then by a write transaction: the write is one
    transaction, as if the connection had never read outside one."""
    async with connection_for_reads(engine) as connection:
        await connection.scalar(select(1))
    async with engine.begin() as connection:
        first, second = await _two_nows(connection)
    assert second == first
