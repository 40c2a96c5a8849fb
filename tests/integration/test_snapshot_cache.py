"""Answers reused while the database is unchanged: computed once under one snapshot, again
after any commit, on request, and for another key; the last ``size`` kept."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database.engine import connection_for_reads, write_transaction
from shared.database.snapshot_cache import SnapshotCache
from tests.integration.test_connection_for_reads import engine

pytestmark = pytest.mark.integration
__all__ = ["engine"]  # the fixture: an engine on a new database


class Counting:
    """An answer that counts how often it was computed."""

    def __init__(self) -> None:
        self.computed = 0

    async def __call__(self) -> int:
        self.computed += 1
        return self.computed


async def snapshot(engine: AsyncEngine) -> str:
    async with connection_for_reads(engine) as connection:
        return str(await connection.scalar(text("SELECT pg_current_snapshot()::text")))


async def test_an_answer_is_reused_while_the_snapshot_is_the_same(engine: AsyncEngine) -> None:
    # Other tests write to the same server meanwhile: judge only the pairs of calls that no
    # commit anywhere separated (most of them on a quiet server, a few under heavy writes).
    reused = 0
    for _ in range(500):
        if reused == 3:
            break
        cache: SnapshotCache[int] = SnapshotCache(4)
        compute = Counting()
        before = await snapshot(engine)
        answers = [await cache.answer(engine, "k", compute) for _ in range(2)]
        if await snapshot(engine) == before:
            assert answers == [1, 1]
            assert compute.computed == 1
            reused += 1
    assert reused == 3


async def test_a_commit_a_request_or_another_key_computes_anew(engine: AsyncEngine) -> None:
    cache: SnapshotCache[int] = SnapshotCache(4)
    compute = Counting()
    await cache.answer(engine, "k", compute)
    async with write_transaction(engine) as connection:
        await connection.execute(text("CREATE TABLE changed (id int)"))

    assert await cache.answer(engine, "k", compute) == 2
    assert await cache.answer(engine, "k", compute, reuse=False) == 3
    assert await cache.answer(engine, "other", compute) == 4


async def test_only_the_last_answers_are_kept(engine: AsyncEngine) -> None:
    cache: SnapshotCache[str] = SnapshotCache(2)

    async def named(name: str) -> str:
        return await cache.answer(engine, name, lambda: _value(name))

    for name in ("a", "b", "c"):
        await named(name)

    assert len(cache._answers) == 2
    assert {key for _, key in cache._answers} == {"b", "c"}


async def _value(name: str) -> str:
    return name
