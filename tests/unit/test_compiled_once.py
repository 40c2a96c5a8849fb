"""``as_text`` (what ``CompiledOnce`` executes): an upsert SQLAlchemy 2.0 would compile on
every execution, as SQL text it caches, rendering on the driver the statement's own SQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, Uuid, bindparam, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.ext.asyncio import create_async_engine

from shared.database.compiled_once import as_text

counts = Table(
    "counts",
    MetaData(),
    Column("event_id", Uuid, primary_key=True),
    Column("code", String(16), primary_key=True),
    Column("total", Integer, nullable=False),
)

ASYNCPG = create_async_engine("postgresql+asyncpg://").dialect


def upsert() -> postgresql.Insert:
    statement = postgresql.insert(counts)
    return statement.on_conflict_do_update(
        index_elements=["event_id", "code"],
        set_={"total": counts.c.total + statement.excluded.total},
    )


def test_the_driver_gets_the_statements_own_sql() -> None:
    once = as_text(upsert())

    assert once.compile(dialect=ASYNCPG).string == upsert().compile(dialect=ASYNCPG).string
    assert "$1::UUID" in once.compile(dialect=ASYNCPG).string


def test_the_text_has_a_cache_key_where_the_upsert_has_none() -> None:
    assert upsert()._generate_cache_key() is None  # sqlalchemy#10445: compiled every time
    assert as_text(upsert())._generate_cache_key() is not None


def test_a_parameter_without_a_value_is_required_and_a_constant_keeps_its_value() -> None:
    selected = select(bindparam("code", type_=String), func.upper(bindparam("x", "hex", Text)))
    once = as_text(
        postgresql.insert(counts).from_select(["code", "total"], selected).on_conflict_do_nothing()
    )
    compiled = once.compile(dialect=ASYNCPG)

    assert compiled.construct_params({"code": "LDTT"}) == {"code": "LDTT", "x": "hex"}
    with pytest.raises(InvalidRequestError, match="code"):
        compiled.construct_params({})


def test_an_expanding_parameter_is_refused() -> None:
    query = select(counts.c.total).where(counts.c.code.in_(["a", "b"]))

    with pytest.raises(ValueError, match="expanding"):
        as_text(query)


def test_a_schema_translation_is_written_into_the_text() -> None:
    rebuilt = as_text(upsert(), {None: "reporting_rebuild"}).compile(dialect=ASYNCPG).string

    assert rebuilt.startswith("INSERT INTO reporting_rebuild.counts ")
    assert "reporting_rebuild.counts.total" in rebuilt
