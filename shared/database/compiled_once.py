"""Statements compiled to SQL once, for those SQLAlchemy would compile on every execution.

SQLAlchemy compiles a statement again unless its cache key says it compiled the same shape
before. In SQLAlchemy 2.0 the PostgreSQL ``INSERT … ON CONFLICT`` has no cache key
(sqlalchemy/sqlalchemy#10445, fixed in 2.1): every upsert was compiled anew, a third of the
reporting consumer's CPU and a tenth of every consumer's (the claim of its event ids). And the
key itself is computed, walking the whole statement, at every execution: for a command's read
of its stream with its lookups, building the statement and its key cost more CPU than
PostgreSQL spends answering it.

:class:`CompiledOnce` compiles such a statement once into SQL text; a ``text()`` construct is
cached by its text, so executing it costs what executing any cached statement costs. Build the
statement with parameters that have no value (``bindparam(name, type_=…)``) and pass the
values when executing it; constants the statement holds keep their values. Build one per
shape (a table and its columns), e.g. under ``functools.cache``.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import ClauseElement, SelectBase, TextClause, TextualSelect, bindparam, column, text
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.engine.interfaces import BindTyping
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.compiler import SQLCompiler

_NAMED = PGDialect(paramstyle="named")  # type: ignore[no-untyped-call]
"""PostgreSQL's SQL with ``:name`` parameters, which ``text()`` reads back."""
# Without casts after them (``:id::UUID`` is not read as a parameter): the driver's dialect
# renders its own when it compiles the text, from the parameters' types.
_NAMED.bind_typing = BindTyping.NONE

SchemaMap = Mapping[str | None, str | None]


class CompiledOnce:
    """A statement as SQL text, compiled once for each schema translation it runs under (the
    reporting rebuild writes the same tables in a schema of its own: the text names it)."""

    def __init__(self, statement: ClauseElement) -> None:
        self._statement = statement
        self._texts: dict[tuple[tuple[str, str], ...], TextClause | TextualSelect] = {}

    def on(self, connection: AsyncConnection) -> TextClause | TextualSelect:
        """The text to execute on ``connection``, whose execution options may translate the
        tables' schema (``schema_translate_map``)."""
        sync = connection.sync_connection
        options = sync.get_execution_options() if sync is not None else {}
        translate: SchemaMap = options.get("schema_translate_map") or {}
        key = tuple(sorted((str(k), str(v)) for k, v in translate.items()))
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = as_text(self._statement, translate)
        return found


def as_text(
    statement: ClauseElement, translate: SchemaMap | None = None
) -> TextClause | TextualSelect:
    """``statement`` as SQL text (its tables' schema translated by ``translate``), its
    parameters typed as in the statement: those without a value are required when it is
    executed, the others default to the value they hold. A query's columns keep their types."""
    compiled = statement.compile(
        dialect=_NAMED,
        schema_translate_map=dict(translate) if translate else None,
        render_schema_translate=bool(translate),
    )
    assert isinstance(compiled, SQLCompiler)
    if compiled.post_compile_params or compiled.literal_execute_params:
        raise ValueError("an expanding parameter (IN of a list) is rendered per execution")
    parameters = [
        bindparam(name, type_=bind.type, required=True)
        if bind.required
        else bindparam(name, bind.value, type_=bind.type)
        for bind, name in compiled.bind_names.items()
    ]
    found = text(compiled.string).bindparams(*parameters)
    if not isinstance(statement, SelectBase):
        return found
    # Typed as the query's columns, a JSON column is read back as data, not as its text.
    return found.columns(*[column(str(c.key), c.type) for c in statement.selected_columns])
