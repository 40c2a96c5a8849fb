"""Batched writes of projection rows, one statement each (reads by key:
:mod:`shared.database.rows_by_key`).

The rows travel as one JSON parameter (:mod:`shared.database.json_rows`): one round trip and
one plan whatever the batch size.

Each statement is built once per shape (table, columns) with the rows as a parameter without
a value; the upserts are compiled to SQL once (:mod:`shared.database.compiled_once`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    func,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.database.compiled_once import CompiledOnce
from shared.database.json_rows import rows_parameter
from shared.database.row_inserts import insert_from_rows


@cache
def _adding(table: Table, key_columns: tuple[str, ...], count_column: str) -> CompiledOnce:
    statement = insert_from_rows(table, (*key_columns, count_column))
    statement = statement.on_conflict_do_update(
        index_elements=list(key_columns),
        set_={count_column: table.c[count_column] + statement.excluded[count_column]},
    )
    return CompiledOnce(statement)


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
    statement = _adding(table, tuple(key_columns), count_column)
    await connection.execute(statement.on(connection), rows_parameter(rows))


@cache
def _putting(
    table: Table, columns: tuple[str, ...], keep_existing: tuple[str, ...]
) -> CompiledOnce:
    keys = [column.name for column in table.primary_key.columns]
    statement = insert_from_rows(table, columns)
    updates: dict[str, ColumnElement[Any]] = {}
    for name in columns:
        if name in keys:
            continue
        new = statement.excluded[name]
        updates[name] = func.coalesce(new, table.c[name]) if name in keep_existing else new
    return CompiledOnce(statement.on_conflict_do_update(index_elements=keys, set_=updates))


async def put_rows(
    connection: AsyncConnection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    keep_existing: Sequence[str] = (),
) -> None:
    """Insert or replace whole rows by primary key (every row has the same columns).

    Columns named in ``keep_existing`` keep their stored value when the new one is NULL. One
    row per key: a statement may not update a row twice (callers build rows in a dict by key).
    """
    if not rows:
        return
    statement = _putting(table, tuple(rows[0]), tuple(keep_existing))
    await connection.execute(statement.on(connection), rows_parameter(rows))
