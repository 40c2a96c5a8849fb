"""Several small queries read in one statement, on a connection without a transaction.

An answer that needs a dozen small reads pays, per statement, a round trip and the driver's
and SQLAlchemy's work: far more than PostgreSQL spends on the statement itself. Here each
query becomes a scalar subquery that aggregates its rows into one JSON array of arrays
(``json_agg``), and all of them travel as the columns of one row: one round trip, one
snapshot, rows parsed by orjson (the engine's JSON deserializer).

Build a :class:`Together` once, over bind parameters: building and hashing a statement of a
dozen subqueries costs more than running it.

JSON gives numbers and strings: a date comes back as its ISO text (:func:`json_date`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import CompoundSelect, Select, func, literal_column, select
from sqlalchemy.dialects.postgresql import JSON
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

Query = Select[Any] | CompoundSelect[Any]
Rows = list[list[Any]]
"""A query's rows, each the list of its columns' values (JSON types)."""

_EMPTY: ColumnElement[Any] = literal_column("'[]'::json")


def json_rows(query: Query) -> ColumnElement[Any]:
    """``query``'s rows as one JSON array of arrays (an empty array when it has none)."""
    rows = query.subquery()
    aggregated = func.coalesce(func.json_agg(func.json_build_array(*rows.c)), _EMPTY, type_=JSON)
    return select(aggregated).select_from(rows).scalar_subquery()


class Together:
    """``queries`` as one statement of one row, a column per query (build it once)."""

    def __init__(self, queries: Mapping[str, Query]) -> None:
        self._names = list(queries)
        self._statement = select(*(json_rows(query).label(name) for name, query in queries.items()))

    async def read(
        self, connection: AsyncConnection, parameters: dict[str, Any]
    ) -> dict[str, Rows]:
        """Every query's rows, by name."""
        row = (await connection.execute(self._statement, parameters)).one()
        return {name: list(rows) for name, rows in zip(self._names, row, strict=True)}


def json_date(value: str | date) -> date:
    """A date read through JSON (ISO text), or already a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value
