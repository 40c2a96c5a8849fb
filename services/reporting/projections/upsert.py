"""Batched writes and reads of projection rows, one statement each.

The rows (or the keys looked up) travel as one JSON parameter, opened by
``json_to_recordset``: one round trip and one plan whatever the batch size. A list of values
(``executemany``) costs a round trip per row; a long ``IN (…)`` list gets a generic plan that
scans the table once PostgreSQL has prepared it a few times; array parameters cost asyncpg
an ABC ``isinstance`` per element (half the catch-up's Python time), where orjson writes the
whole batch in one call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import orjson
from sqlalchemy import (
    ColumnElement,
    Row,
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


def _insert(
    connection: AsyncConnection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> tuple[Any, list[dict[str, Any]] | None]:
    """An INSERT of ``rows`` and its parameters (None: the rows are in the statement)."""
    columns = list(rows[0])
    records = _json_records(table, columns, rows)
    selected = select(*[records.c[name] for name in columns])
    return postgresql.insert(table).from_select(columns, selected), None


def _json_records(
    table: Table, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> TableValuedAlias:
    """``json_to_recordset(:rows) AS r(a type, …)``: ``rows`` as one JSON parameter, typed as
    ``table``'s ``columns``."""
    # Column names are SQLAlchemy's quoted_name, a str subclass orjson takes only with this.
    document = orjson.dumps(list(rows), default=dict, option=orjson.OPT_NON_STR_KEYS).decode()
    parameter = sql_cast(bindparam(f"{table.name}_rows", document, type_=Text), postgresql.JSON)
    typed = [typed_column(name, table.c[name].type) for name in columns]
    return func.json_to_recordset(parameter).table_valued(*typed).render_derived(with_types=True)


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
    statement, parameters = _insert(connection, table, rows)
    statement = statement.on_conflict_do_update(
        index_elements=list(key_columns),
        set_={count_column: table.c[count_column] + statement.excluded[count_column]},
    )
    await connection.execute(statement, parameters)


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
    keys = [column.name for column in table.primary_key.columns]
    statement, parameters = _insert(connection, table, rows)
    updates: dict[str, ColumnElement[Any]] = {}
    for name in rows[0]:
        if name in keys:
            continue
        new = statement.excluded[name]
        updates[name] = func.coalesce(new, table.c[name]) if name in keep_existing else new
    statement = statement.on_conflict_do_update(index_elements=keys, set_=updates)
    await connection.execute(statement, parameters)


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
    documents = [dict(zip(columns, key, strict=True)) for key in wanted]
    given = _json_records(table, columns, documents)
    matches = and_(*(table.c[name] == given.c[name] for name in columns))
    query = select(table).join(given, matches).where(*conditions)
    return list((await connection.execute(query)).all())
