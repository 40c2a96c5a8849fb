"""A write of one statement outside a transaction: no BEGIN or COMMIT around it, and still
committed when it ends (PostgreSQL makes each such statement a transaction of its own)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.database.engine import one_statement_write, write_transaction
from tests.integration.test_connection_for_reads import engine

pytestmark = pytest.mark.integration

__all__ = ["engine"]

_BUMP = text("UPDATE one_statement_counter SET n = n + 1 RETURNING pg_current_xact_id()::text")


@pytest.fixture
async def counter(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    async with write_transaction(engine) as connection:
        await connection.execute(text("CREATE TABLE one_statement_counter (n int NOT NULL)"))
        await connection.execute(text("INSERT INTO one_statement_counter VALUES (0)"))
    yield engine
    async with write_transaction(engine) as connection:
        await connection.execute(text("DROP TABLE one_statement_counter"))


async def _value(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(text("SELECT n FROM one_statement_counter")))


async def _two_bumps(connection: AsyncConnection) -> tuple[str, str]:
    first = await connection.scalar(_BUMP)
    second = await connection.scalar(_BUMP)
    return str(first), str(second)


async def test_the_write_is_committed_when_the_block_ends(counter: AsyncEngine) -> None:
    async with one_statement_write(counter) as connection:
        result = await connection.execute(_BUMP)
        assert result.rowcount == 1

    assert await _value(counter) == 1


async def test_each_statement_is_a_transaction_of_its_own(counter: AsyncEngine) -> None:
    async with one_statement_write(counter) as connection:
        first, second = await _two_bumps(connection)
    async with write_transaction(counter) as connection:
        same, again = await _two_bumps(connection)

    assert first != second  # no BEGIN: each statement got a transaction id of its own
    assert same == again
    assert await _value(counter) == 4
