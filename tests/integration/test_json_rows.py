"""Many rows as one JSON parameter: PostgreSQL reads each member as its column's type, and
one statement reads one row or a thousand."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Date, Integer, MetaData, String, Table, event, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database.json_rows import json_rows, rows_parameter, table_columns
from shared.database.row_inserts import insert_rows
from shared.database.types import UtcDateTime
from tests.integration.test_connection_for_reads import engine

pytestmark = pytest.mark.integration

rows_table = Table(
    "rows_table",
    MetaData(),
    Column("name", String(40)),
    Column("count", Integer),
    Column("at", UtcDateTime()),
    Column("doc", JSONB),
    Column("day", Date),
)
COLUMNS = ("name", "count", "at", "doc", "day")
__all__ = ["engine"]  # the fixture: an engine on a new database


async def test_each_member_is_read_as_its_columns_type(engine: AsyncEngine) -> None:
    at = datetime(2025, 7, 1, 8, 30, tzinfo=UTC)
    in_hanoi = at.astimezone(timezone(timedelta(hours=7)))
    rows = [
        {
            "name": 'Sở Công Thương "Hà Nội"',
            "count": 3,
            "at": in_hanoi,
            "doc": {"id": uuid.UUID(int=7)},
            "day": date(2025, 7, 1),
        },
        {"name": None, "count": None, "at": None, "doc": None, "day": None},
    ]
    given = json_rows(table_columns(rows_table, COLUMNS))

    async with engine.connect() as connection:
        read = (await connection.execute(select(given), rows_parameter(rows))).all()

    assert [tuple(row) for row in read] == [
        ('Sở Công Thương "Hà Nội"', 3, at, {"id": str(uuid.UUID(int=7))}, date(2025, 7, 1)),
        (None, None, None, None, None),
    ]


async def test_one_statement_reads_one_row_or_a_thousand_in_order(engine: AsyncEngine) -> None:
    given = json_rows(table_columns(rows_table, ("count",)))
    query = select(given.c["count"])

    async with engine.connect() as connection:
        one = (await connection.execute(query, rows_parameter([{"count": 1}]))).scalars().all()
        many = [{"count": n} for n in range(1000)]
        counted = (await connection.execute(query, rows_parameter(many))).scalars().all()

    assert one == [1]
    assert counted == list(range(1000))


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        rows_parameter([{"at": datetime(2025, 7, 1, 8, 30)}])


async def test_insert_rows_writes_every_row_in_one_statement(engine: AsyncEngine) -> None:
    rows = [
        {"name": f"Sở Công Thương {n}", "count": n, "day": date(2025, 7, 1 + n % 28)}
        for n in range(300)
    ]
    statements: list[str] = []
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: rows_table.create(sync))
        listen = connection.sync_connection
        assert listen is not None
        event.listen(listen, "before_cursor_execute", lambda *a: statements.append(a[2]))
        await insert_rows(connection, rows_table, rows)
        await insert_rows(connection, rows_table, [])
        stored = (await connection.execute(select(*rows_table.c["name", "count", "day"]))).all()

    assert sorted(tuple(row) for row in stored) == sorted(
        (row["name"], row["count"], row["day"]) for row in rows
    )
    assert [statement.split()[0] for statement in statements] == ["INSERT", "SELECT"]
