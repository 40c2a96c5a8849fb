"""Batched writes and reads of projection rows, one statement each (PostgreSQL and SQLite)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

_IN_CHUNK = 500
"""Ids per ``IN (...)`` list: well under SQLite's and asyncpg's parameter limits."""


def _insert(connection: AsyncConnection, table: Table) -> Any:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


async def add_counts(
    connection: AsyncConnection,
    table: Table,
    key_columns: Sequence[str],
    count_column: str,
    deltas: Counter[tuple[Hashable, ...]],
) -> None:
    """``count += delta`` for every key, inserting missing rows."""
    rows = [
        {**dict(zip(key_columns, key, strict=True)), count_column: delta}
        for key, delta in deltas.items()
        if delta
    ]
    if not rows:
        return
    statement = _insert(connection, table)
    statement = statement.on_conflict_do_update(
        index_elements=list(key_columns),
        set_={count_column: table.c[count_column] + statement.excluded[count_column]},
    )
    await connection.execute(statement, rows)


async def put_rows(
    connection: AsyncConnection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    keep_existing: Sequence[str] = (),
) -> None:
    """Insert or replace whole rows by primary key (every row has the same columns).

    Columns named in ``keep_existing`` keep their stored value when the new one is NULL.
    """
    if not rows:
        return
    keys = [column.name for column in table.primary_key.columns]
    statement = _insert(connection, table)
    updates: dict[str, ColumnElement[Any]] = {}
    for name in rows[0]:
        if name in keys:
            continue
        new = statement.excluded[name]
        updates[name] = func.coalesce(new, table.c[name]) if name in keep_existing else new
    statement = statement.on_conflict_do_update(index_elements=keys, set_=updates)
    await connection.execute(statement, [dict(row) for row in rows])


async def rows_where_in(
    connection: AsyncConnection,
    table: Table,
    column: str,
    values: Iterable[Hashable],
    *conditions: ColumnElement[bool],
) -> list[Row[Any]]:
    """Every row of ``table`` whose ``column`` is one of ``values`` (queried in chunks)."""
    wanted = list(dict.fromkeys(values))
    found: list[Row[Any]] = []
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        query = select(table).where(table.c[column].in_(chunk), *conditions)
        found.extend((await connection.execute(query)).all())
    return found
