"""The award tables of a rebuild, derived in SQL from its staged award events (PostgreSQL).

The statements state the rules of :mod:`services.reporting.projections.awards`:

- an award's first grant counts (a repeated grant of the same award id adds nothing) unless
  an ``AwardRevoked`` or ``DecisionRevoked`` names the award, before or after its grant;
- a member's award records the position group the member held when it was granted: the
  rule of :mod:`services.reporting.projections.position_history`, in its SQL form, over the
  ``member_positions`` the directory projection filled during the read;
- the counters, the recipients' years and their first years are sums over the live awards.

The tables are filled without their indexes, which are built afterwards (one sort each rather
than one index descent per row). Two connections share the work, so that PostgreSQL uses both
cores: one records the event ids, sums the counters and builds the indexes; the other derives
the facts, the recipients' years and their first years. Every statement commits on its own
(autocommit), so neither holds a lock the other waits for.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.reporting.projections.dimensions import NOT_APPLICABLE, UNKNOWN
from services.reporting.projections.position_history import position_group_sql
from services.reporting.projections.tables import (
    award_counts,
    award_facts,
    award_recipient_firsts,
    award_recipients_by_year,
    award_totals,
)
from shared.consumer.tables import processed_events
from shared.events import RecipientKind

_PROCESSED = """
INSERT INTO {schema}.processed_events (consumer, event_id, processed_at, content_hash)
SELECT DISTINCT ON (event_id) :consumer, event_id, now(), content_hash
FROM {schema}.{staged} ORDER BY event_id, seq
"""

_FACTS = """
INSERT INTO {schema}.award_facts (
    award_id, granted, revoked, agency, decision_id, recipient_kind, recipient_id,
    award_code, year_from, year, signed_on, commendation_kind, granting_level,
    level_class, position_group)
SELECT COALESCE(g.award_id, r.award_id), g.award_id IS NOT NULL, r.award_id IS NOT NULL,
       g.agency, g.decision_id, g.recipient_kind, g.recipient_id, g.award_code,
       g.year_from, g.year, g.signed_on, g.commendation_kind, g.granting_level,
       g.level_class,
       CASE WHEN g.award_id IS NULL THEN NULL
            WHEN g.recipient_kind = :member THEN {member_group}
            ELSE :not_applicable END
FROM (SELECT staged.* FROM {schema}.{staged} AS staged
      JOIN (SELECT min(seq) AS seq FROM {schema}.{staged}
            WHERE NOT revokes GROUP BY award_id) AS first_grant USING (seq)
      WHERE NOT staged.revokes) AS g
FULL JOIN (SELECT award_id FROM {schema}.{staged} WHERE revokes GROUP BY award_id) AS r
    ON r.award_id = g.award_id
"""

_COUNTS = """
INSERT INTO {schema}.award_counts (
    agency, year, decision_year, award_code, recipient_kind, position_group,
    commendation_kind, granting_level, level_class, awards)
SELECT agency, year, CAST(EXTRACT(YEAR FROM signed_on) AS integer), award_code,
       recipient_kind, position_group, commendation_kind, granting_level, level_class,
       count(*)
FROM {schema}.award_facts WHERE granted AND NOT revoked
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
"""

_TOTALS = """
INSERT INTO {schema}.award_totals (agency, year, award_code, recipient_kind, awards)
SELECT agency, year, award_code, recipient_kind, sum(awards)
FROM {schema}.award_counts GROUP BY 1, 2, 3, 4
"""

_RECIPIENTS = """
INSERT INTO {schema}.award_recipients_by_year (
    agency, year, award_code, recipient_kind, recipient_id, awards)
SELECT agency, year, award_code, recipient_kind, recipient_id, count(*)
FROM {schema}.award_facts WHERE granted AND NOT revoked
GROUP BY 1, 2, 3, 4, 5
"""

_FIRSTS = """
INSERT INTO {schema}.award_recipient_firsts (
    agency, award_code, recipient_kind, year, previous_year, recipients)
SELECT agency, award_code, recipient_kind, year, previous_year, count(*)
FROM (
    SELECT agency, award_code, recipient_kind, year,
           COALESCE(LAG(year) OVER (
               PARTITION BY agency, award_code, recipient_kind, recipient_id
               ORDER BY year), 0) AS previous_year
    FROM {schema}.award_recipients_by_year
) AS held
GROUP BY 1, 2, 3, 4, 5
"""

AWARD_TABLES: tuple[Table, ...] = (
    award_facts,
    award_counts,
    award_totals,
    award_recipients_by_year,
    award_recipient_firsts,
)
"""The tables derived here; they must be empty before (the rebuild's first read leaves them
so: the awards projection does not run during it)."""

_SESSION = (
    "SET work_mem = '256MB'",
    "SET maintenance_work_mem = '512MB'",
    "SET synchronous_commit = off",  # a rebuild that fails is run again from the start
)


@dataclass(frozen=True)
class _Stage:
    schema: str
    staged: str
    consumer: str

    def sql(self, template: str) -> str:
        member_group = position_group_sql(self.schema, "g.recipient_id", "g.signed_on")
        return template.format(schema=self.schema, staged=self.staged, member_group=member_group)

    def relation(self, table: Table) -> str:
        return f"{self.schema}.{table.name}"


async def derive_award_tables(engine: AsyncEngine, schema: str, staged: str, consumer: str) -> int:
    """Fill the award tables and ``processed_events`` from ``staged``; the number of distinct
    staged events."""
    stage = _Stage(schema, staged, consumer)
    async with _autocommit(engine) as connection:
        for table in AWARD_TABLES:
            await _require_empty(connection, stage.relation(table))
        indexes = {
            table: await _drop_indexes(connection, stage.relation(table))
            for table in (processed_events, *AWARD_TABLES)
        }
    facts_ready, recipients_ready = asyncio.Event(), asyncio.Event()

    async def event_ids_counters_and_indexes() -> int:
        async with _autocommit(engine) as connection:
            applied = await _execute(connection, stage.sql(_PROCESSED), stage)
            await _run(connection, indexes[processed_events])
            await facts_ready.wait()
            await _run(connection, indexes[award_facts])
            for template, table in ((_COUNTS, award_counts), (_TOTALS, award_totals)):
                await _execute(connection, stage.sql(template), stage)
                await _run(connection, indexes[table])
            await recipients_ready.wait()
            await _run(connection, indexes[award_recipients_by_year])
            return applied

    async def facts_and_recipients() -> None:
        async with _autocommit(engine) as connection:
            await _execute(connection, stage.sql(_FACTS), stage)
            facts_ready.set()
            await _execute(connection, stage.sql(_RECIPIENTS), stage)
            recipients_ready.set()
            await _execute(connection, stage.sql(_FIRSTS), stage)
            await _run(connection, indexes[award_recipient_firsts])

    async with asyncio.TaskGroup() as group:
        counted = group.create_task(event_ids_counters_and_indexes())
        group.create_task(facts_and_recipients())
    return counted.result()


@asynccontextmanager
async def _autocommit(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection with the session's settings, given back to the pool without them (or
    discarded, if a statement failed and left it in doubt)."""
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        for setting in _SESSION:
            await autocommit.execute(text(setting))
        try:
            yield autocommit
        except BaseException:
            await autocommit.invalidate()
            raise
        await autocommit.execute(text("RESET ALL"))


async def _execute(connection: AsyncConnection, sql: str, stage: _Stage) -> int:
    values = {
        "consumer": stage.consumer,
        "member": RecipientKind.MEMBER.value,
        "unknown": UNKNOWN,
        "not_applicable": NOT_APPLICABLE,
    }
    used = {name: value for name, value in values.items() if f":{name}" in sql}
    return int((await connection.execute(text(sql), used)).rowcount)


async def _run(connection: AsyncConnection, statements: Sequence[str]) -> None:
    for statement in statements:
        await connection.execute(text(statement))


async def _require_empty(connection: AsyncConnection, relation: str) -> None:
    if (await connection.execute(text(f"SELECT EXISTS (SELECT 1 FROM {relation})"))).scalar_one():
        raise RuntimeError(f"rebuild: {relation} must be empty before the award events")


async def _drop_indexes(connection: AsyncConnection, relation: str) -> list[str]:
    """Drop the primary key and indexes of ``relation``; the statements that rebuild them.

    A primary key comes back as a unique index (a ``SHARE`` lock: the other connection may
    read the table meanwhile) then attached as the constraint.
    """
    found = await connection.execute(
        text(
            "SELECT index.relname, pg_get_indexdef(i.indexrelid), constraint_.conname "
            "FROM pg_index AS i JOIN pg_class AS index ON index.oid = i.indexrelid "
            "LEFT JOIN pg_constraint AS constraint_ ON constraint_.conindid = i.indexrelid "
            "AND constraint_.contype = 'p' "
            "WHERE i.indrelid = CAST(:relation AS regclass)"
        ),
        {"relation": relation},
    )
    schema = relation.split(".")[0]
    rebuild: list[str] = []
    for index, definition, constraint in found.all():
        if constraint:
            await connection.execute(text(f'ALTER TABLE {relation} DROP CONSTRAINT "{constraint}"'))
            rebuild.append(definition)
            rebuild.append(
                f'ALTER TABLE {relation} ADD CONSTRAINT "{constraint}" '
                f'PRIMARY KEY USING INDEX "{index}"'
            )
        else:
            await connection.execute(text(f'DROP INDEX {schema}."{index}"'))
            rebuild.append(definition)
    return rebuild
