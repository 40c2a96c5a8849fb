"""The rebuild's set-based path for award events (PostgreSQL).

Award events are nearly all of a history, and projecting them one batch at a time costs
several indexed rows per event (the claim of its id, its ``award_facts`` row, its recipient's
year), each found and written through its indexes. A rebuild starts from empty tables and
reads every event before it serves anything, so it can do better: it stages the award events
of the whole history with ``COPY`` into an unlogged table, then derives every award table
from them in SQL (:mod:`services.reporting.rebuild.award_sql`).

A property test (``tests/integration/reporting/test_bulk_rebuild_property.py``) checks that
the tables equal the incremental projection's for generated histories.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.reporting.bootstrap import CONSUMER_NAME
from services.reporting.projections.all import AllProjections, default_projections
from services.reporting.projections.awards import AwardCountsProjection
from services.reporting.projections.directory import record_agencies
from services.reporting.rebuild.award_sql import derive_award_tables
from services.reporting.rebuild.schema import REBUILD_SCHEMA, rebuild_options
from services.reporting.rebuild.staging_rows import STAGED_COLUMNS, ParsedBatch
from shared.consumer import (
    DeadLetterSink,
    IdempotentConsumer,
    IncomingRecord,
    RetryPolicy,
    Screen,
)
from shared.database.engine import write_transaction
from shared.events import AnyEvent, parse_event

STAGED = "award_events_staged"
_CREATE_STAGED = """
CREATE UNLOGGED TABLE {schema}.{staged} (
    seq bigint NOT NULL,
    event_id uuid NOT NULL,
    content_hash bytea NOT NULL,
    award_id text NOT NULL,
    revokes boolean NOT NULL,
    agency text,
    decision_id text,
    recipient_kind text,
    recipient_id text,
    award_code text,
    year_from integer,
    year integer,
    signed_on date,
    commendation_kind text,
    granting_level text,
    level_class text
)
"""


class BulkLoad:
    """The first read of a rebuild into its empty tables (PostgreSQL).

    Each batch is one transaction: its award events are staged, every other event goes
    through the service's consumer core as usual, the projections but the awards' (the
    directory first, so that :meth:`finish` knows the members); one that can never be applied
    goes to ``skipped`` (the live consumer dead-lettered it), as does one ``screen`` refuses
    (the parser screens the award events with the same). :meth:`finish` projects the staged
    award events.
    """

    def __init__(
        self, engine: AsyncEngine, skipped: DeadLetterSink, screen: Screen[AnyEvent]
    ) -> None:
        self._engine = engine
        self._others = IdempotentConsumer(
            name=CONSUMER_NAME,
            engine=engine,
            parse=parse_event,
            event_id_of=lambda event: event.event_id,
            handler=AllProjections(
                [p for p in default_projections() if not isinstance(p, AwardCountsProjection)]
            ),
            dead_letters=skipped,
            retry=RetryPolicy(unknown_error_attempts=1),
            screen=screen,
        )

    async def start(self) -> None:
        async with write_transaction(self._engine) as connection:
            await connection.execute(
                text(_CREATE_STAGED.format(schema=REBUILD_SCHEMA, staged=STAGED))
            )

    async def apply(self, batch: ParsedBatch, others: Sequence[IncomingRecord]) -> int:
        """Stage ``batch``'s award events, apply ``others`` (its other records); the number of
        other events applied (not seen before)."""
        before = self._others.applied_total
        async with write_transaction(self._engine) as connection:
            await connection.execution_options(**rebuild_options())
            # A rebuild that crashes is run again from the start: no need to wait for the disk.
            await connection.execute(text("SET LOCAL synchronous_commit = off"))
            await self._others.process_within(connection, others)
            await record_agencies(connection, batch.agencies)
            await _copy(connection, batch.copy_data)
        return self._others.applied_total - before

    async def finish(self) -> int:
        """Project the staged award events; the number of distinct ones."""
        applied = await derive_award_tables(self._engine, REBUILD_SCHEMA, STAGED, CONSUMER_NAME)
        async with write_transaction(self._engine) as connection:
            await connection.execute(text(f"DROP TABLE {REBUILD_SCHEMA}.{STAGED}"))
        return applied


async def _copy(connection: AsyncConnection, data: bytes) -> None:
    if not data:
        return
    driver: Any = (await connection.get_raw_connection()).driver_connection
    await driver.copy_to_table(
        STAGED,
        source=io.BytesIO(data),
        columns=STAGED_COLUMNS,
        schema_name=REBUILD_SCHEMA,
        format="text",
    )
