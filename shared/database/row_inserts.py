"""New rows inserted in one statement, the rows as one JSON parameter (upserts of projection
rows: ``services.reporting.projections.upsert``; reads by key: :mod:`.rows_by_key`).

``executemany`` binds and executes each row: SQLAlchemy processes each row's parameters and
PostgreSQL runs an execution per row (10,000 of them for 50 imports of 200 registrations,
two tables). A multi-row ``VALUES`` has a parameter per cell, rendered and planned again for
each number of rows. Here one statement text per table and columns, prepared once, reads the
rows from one JSON text (:mod:`shared.database.json_rows`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.database.compiled_once import CompiledOnce
from shared.database.json_rows import json_rows, rows_parameter, table_columns


def insert_from_rows(table: Table, columns: Sequence[str]) -> postgresql.Insert:
    """``INSERT INTO table (columns) SELECT … FROM`` the rows parameter (to extend: an
    ``ON CONFLICT``, a ``RETURNING``)."""
    records = json_rows(table_columns(table, columns))
    selected = select(*[records.c[name] for name in columns])
    return postgresql.insert(table).from_select(list(columns), selected)


@cache
def _inserting(table: Table, columns: tuple[str, ...]) -> CompiledOnce:
    return CompiledOnce(insert_from_rows(table, columns))


async def insert_rows(
    connection: AsyncConnection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Insert ``rows`` (each with the same columns) in one statement; none: nothing sent."""
    if not rows:
        return
    statement = _inserting(table, tuple(rows[0]))
    await connection.execute(statement.on(connection), rows_parameter(rows))
