"""Batched writes and reads of projection rows, one statement each.

The rows (or the keys looked up) travel as one JSON parameter, opened by
``json_to_recordset``: one round trip and one plan whatever the batch size. A list of values
(``executemany``) costs a round trip per row; a long ``IN (…)`` list gets a generic plan that
scans the table once PostgreSQL has prepared it a few times; array parameters cost asyncpg
an ABC ``isinstance`` per element (half the catch-up's Python time), where orjson writes the
whole batch in one call.

Each statement is built once per shape (table, columns) with the rows as a parameter without
a value; the upserts are compiled to SQL once (:mod:`shared.database.compiled_once`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any

import orjson
from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    Table,
    Text,
    and_,
    bindparam,
    func,
    select,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy import column as typed_column
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.selectable import TableValuedAlias

from shared.database.compiled_once import CompiledOnce

ROWS = "rows"
"""The parameter every statement here takes: the rows (or keys) as one JSON document."""


def _document(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The parameters of a statement here: ``rows`` as one JSON text."""
    # Column names are SQLAlchemy's quoted_name, a str subclass orjson takes only with this.
    document = orjson.dumps(list(rows), default=dict, option=orjson.OPT_NON_STR_KEYS).decode()
    return {ROWS: document}


def _json_records(table: Table, columns: Sequence[str]) -> TableValuedAlias:
    """``json_to_recordset(:rows) AS r(a type, …)``: the rows parameter, typed as ``table``'s
    ``columns``."""
    parameter = sql_cast(bindparam(ROWS, type_=Text), postgresql.JSON)
    typed = [typed_column(name, table.c[name].type) for name in columns]
    return func.json_to_recordset(parameter).table_valued(*typed).render_derived(with_types=True)


def _insert(table: Table, columns: Sequence[str]) -> postgresql.Insert:
    """An INSERT of the rows parameter's ``columns``."""
    records = _json_records(table, columns)
    selected = select(*[records.c[name] for name in columns])
    return postgresql.insert(table).from_select(columns, selected)


@cache
def _adding(table: Table, key_columns: tuple[str, ...], count_column: str) -> CompiledOnce:
    statement = _insert(table, (*key_columns, count_column))
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
    await connection.execute(statement.on(connection), _document(rows))


@cache
def _putting(
    table: Table, columns: tuple[str, ...], keep_existing: tuple[str, ...]
) -> CompiledOnce:
    keys = [column.name for column in table.primary_key.columns]
    statement = _insert(table, columns)
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
    await connection.execute(statement.on(connection), _document(rows))


async def rows_where_in(
    connection: AsyncConnection,
    table: Table,
    column: str,
    values: Iterable[Hashable],
    *conditions: ColumnElement[bool],
) -> list[Row[Any]]:
    """Every row of ``table`` whose ``column`` is one of ``values``."""
    wanted = list(dict.fromkeys(values))
    if not wanted:
        return []
    return await rows_matching(connection, table, [column], [(v,) for v in wanted], *conditions)


@cache
def _matching(table: Table, columns: tuple[str, ...]) -> Select[Any]:
    given = _json_records(table, columns)
    matches = and_(*(table.c[name] == given.c[name] for name in columns))
    return select(table).join(given, matches)


async def rows_matching(
    connection: AsyncConnection,
    table: Table,
    columns: Sequence[str],
    keys: Iterable[tuple[Hashable, ...]],
    *conditions: ColumnElement[bool],
) -> list[Row[Any]]:
    """Every row of ``table`` whose ``columns`` equal one of ``keys`` (one value per column)."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return []
    query = _matching(table, tuple(columns))
    if conditions:
        query = query.where(*conditions)
    documents = (dict(zip(columns, key, strict=True)) for key in wanted)
    return list((await connection.execute(query, _document(documents))).all())
