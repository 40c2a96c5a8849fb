"""Rows looked up by key, the keys as one JSON parameter joined on their columns.

One statement text whatever the number of keys: PostgreSQL prepares it once and, after its
first executions, keeps a generic plan that probes the key's index per key. A tuple ``IN`` of
many keys is as many parameters, expanded by SQLAlchemy and planned again at each of a
connection's first executions (``docs/ARCHITECTURE.md``: id sets as one parameter).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, Table, and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.database.json_rows import json_rows, rows_parameter, table_columns


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
    given = json_rows(table_columns(table, columns))
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
    return list((await connection.execute(query, rows_parameter(documents))).all())
