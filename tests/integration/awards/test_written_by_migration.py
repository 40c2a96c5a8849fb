"""Revision 0005 of the awards database: each local-view row records the transaction that
wrote it (how a decision finds the rows written since its agency's facts were last read);
rows written before the revision record 0."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.awards.localview.tables import facts, store_facts
from tests.integration.awards.test_lifetimes_migration import engine, registered, upgrade

__all__ = ["engine"]  # the fixture


async def test_rows_record_their_writing_transaction_and_older_rows_zero(
    engine: AsyncEngine,
) -> None:
    await upgrade(engine, "0004")
    async with engine.begin() as connection:
        await connection.execute(facts.insert(), [registered("24", "Sở Công Thương Bắc Giang")])

    await upgrade(engine, "head")
    async with engine.begin() as connection:
        await store_facts(connection, [registered("01", "Sở Công Thương Hà Nội")])
        writing = (await connection.execute(select(func.pg_current_xact_id()))).scalar_one()

    async with engine.connect() as connection:
        rows = dict((await connection.execute(select(facts.c.agency, facts.c.written_by))).all())
    assert rows == {"24": 0, "01": int(str(writing))}
