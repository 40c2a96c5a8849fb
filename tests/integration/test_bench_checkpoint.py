"""The HTTP benchmark's checkpoint before each load (``benchmarks.common.checkpoint``)."""

from __future__ import annotations

import asyncpg  # type: ignore[import-untyped]
import pytest

from benchmarks.common import checkpoint
from tests.harness.infra import asyncpg_dsn

pytestmark = pytest.mark.integration


async def requested_checkpoints(url: str) -> int:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return int(await connection.fetchval("SELECT num_requested FROM pg_stat_checkpointer"))
    finally:
        await connection.close()


async def test_a_checkpoint_is_asked_of_the_server(postgres_database_url: str) -> None:
    before = await requested_checkpoints(postgres_database_url)

    await checkpoint(postgres_database_url)

    assert await requested_checkpoints(postgres_database_url) > before
