"""Adding pre-aggregated deltas to counter rows in one statement (PostgreSQL and SQLite)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection


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
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=list(key_columns),
        set_={count_column: table.c[count_column] + statement.excluded[count_column]},
    )
    await connection.execute(statement, rows)
