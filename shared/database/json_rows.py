"""Many rows as one parameter: a JSON array, opened in SQL by ``json_to_recordset``.

One round trip and one plan whatever the number of rows. ``executemany`` costs a bind and an
execution per row and SQLAlchemy's processing of each row's parameters; a long ``IN (…)``
list gets a generic plan that scans the table once PostgreSQL has prepared it a few times;
array parameters cost asyncpg an ABC ``isinstance`` per element, where orjson writes the
whole batch in one call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

import orjson
from sqlalchemy import Table, Text, bindparam, func
from sqlalchemy import cast as sql_cast
from sqlalchemy import column as typed_column
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.selectable import TableValuedAlias
from sqlalchemy.types import TypeEngine

ROWS = "rows"
"""The parameter's name, unless a statement needs two."""

Columns = Iterable[tuple[str, TypeEngine[Any]]]


def json_rows(columns: Columns, parameter: str = ROWS) -> TableValuedAlias:
    """``json_to_recordset(:rows) AS r(a type, …)``: the rows of the parameter, each member
    read as its column's type."""
    document = sql_cast(bindparam(parameter, type_=Text), postgresql.JSON)
    typed = [typed_column(name, type_) for name, type_ in columns]
    return func.json_to_recordset(document).table_valued(*typed).render_derived(with_types=True)


def table_columns(table: Table, names: Iterable[str]) -> Columns:
    """``names`` with the types ``table`` gives them."""
    return [(name, table.c[name].type) for name in names]


def rows_parameter(rows: Iterable[Mapping[str, Any]], parameter: str = ROWS) -> dict[str, str]:
    """The parameter of :func:`json_rows`: ``rows`` as one JSON text.

    A datetime without a time zone is refused, as the columns of
    :class:`~shared.database.types.UtcDateTime` refuse it: its text would be read in the
    session's time zone."""
    # Column names are SQLAlchemy's quoted_name, a str subclass orjson takes only with this.
    options = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
    try:
        document = orjson.dumps(list(rows), default=_json_value, option=options)
    except orjson.JSONEncodeError as error:  # orjson wraps what the default raised
        if isinstance(error.__cause__, ValueError):
            raise error.__cause__ from None
        raise
    return {parameter: document.decode()}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime) and value.utcoffset() is None:
        raise ValueError("naive datetime given to a UTC column")
    if isinstance(value, date | time):  # passed through to the check above: dates, times too
        return value.isoformat()
    return dict(value)
