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

from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.reporting.bootstrap import CONSUMER_NAME
from services.reporting.projections.all import AllProjections, default_projections
from services.reporting.projections.awards import AwardCountsProjection
from services.reporting.projections.dimensions import level_class
from services.reporting.rebuild.apply import apply_safely
from services.reporting.rebuild.award_sql import derive_award_tables
from services.reporting.rebuild.schema import REBUILD_SCHEMA, rebuild_options
from shared.database.engine import write_transaction
from shared.events import AnyEvent, AwardGranted, AwardRevoked, DecisionRevoked

AWARD_PAYLOADS: frozenset[type] = frozenset({AwardGranted, AwardRevoked, DecisionRevoked})
"""The payload types this path projects; every other event goes through the projections."""

STAGED = "award_events_staged"
_COLUMNS = (
    "seq",
    "event_id",
    "award_id",
    "revokes",
    "agency",
    "decision_id",
    "recipient_kind",
    "recipient_id",
    "award_code",
    "year_from",
    "year",
    "signed_on",
    "commendation_kind",
    "granting_level",
    "level_class",
)
_CREATE_STAGED = """
CREATE UNLOGGED TABLE {schema}.{staged} (
    seq bigint NOT NULL,
    event_id uuid NOT NULL,
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


@cache
def _level_class(award_code: str) -> str:
    return level_class(award_code).value


class BulkLoad:
    """The first read of a rebuild into its empty tables (PostgreSQL).

    Each batch is one transaction: its award events are staged, every other event is claimed
    and applied by the projections as usual (the directory first, so that :meth:`finish`
    knows the members). :meth:`finish` projects the staged award events.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._staged = StagedAwards(REBUILD_SCHEMA, CONSUMER_NAME)
        self._others = AllProjections(
            [p for p in default_projections() if not isinstance(p, AwardCountsProjection)]
        )

    async def start(self) -> None:
        async with write_transaction(self._engine) as connection:
            await self._staged.create(connection)

    async def apply(self, events: Sequence[AnyEvent]) -> int:
        """Stage or apply ``events``; the number of other events applied (not seen before)."""
        awards: list[AnyEvent] = []
        rest: list[AnyEvent] = []
        for event in events:
            (awards if type(event.payload) in AWARD_PAYLOADS else rest).append(event)
        naming = list({event.agency: event for event in awards}.values())
        async with write_transaction(self._engine) as connection:
            await connection.execution_options(**rebuild_options())
            applied = await apply_safely(connection, rest, self._others)
            await self._others.apply(connection, naming)  # the directory: agencies they name
            await self._staged.stage(connection, awards)
        return applied

    async def finish(self) -> int:
        """Project the staged award events; the number of distinct ones."""
        applied = await derive_award_tables(self._engine, REBUILD_SCHEMA, STAGED, CONSUMER_NAME)
        async with write_transaction(self._engine) as connection:
            await self._staged.drop(connection)
        return applied


class StagedAwards:
    """The award events of a rebuild, staged in ``schema`` and projected in one go."""

    def __init__(self, schema: str, consumer: str) -> None:
        self._schema = schema
        self._consumer = consumer
        self._seq = 0

    async def create(self, connection: AsyncConnection) -> None:
        await connection.execute(text(_CREATE_STAGED.format(schema=self._schema, staged=STAGED)))

    async def stage(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        """``COPY`` the award events of ``events`` (in arrival order) into the staging table."""
        rows = list(self._rows(events))
        if not rows:
            return
        driver: Any = (await connection.get_raw_connection()).driver_connection
        await driver.copy_records_to_table(
            STAGED, records=rows, columns=_COLUMNS, schema_name=self._schema
        )

    async def drop(self, connection: AsyncConnection) -> None:
        await connection.execute(text(f"DROP TABLE {self._schema}.{STAGED}"))

    def _rows(self, events: Iterable[AnyEvent]) -> Iterator[tuple[Any, ...]]:
        for event in events:
            payload = event.payload
            if isinstance(payload, AwardGranted):
                yield self._granted(event.event_id, event.agency, payload)
            elif isinstance(payload, AwardRevoked):
                yield self._revoked(event.event_id, payload.award_id)
            elif isinstance(payload, DecisionRevoked):
                for award_id in payload.award_ids:
                    yield self._revoked(event.event_id, award_id)

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _granted(self, event_id: UUID, agency: str, payload: AwardGranted) -> tuple[Any, ...]:
        # The enums are StrEnums: asyncpg writes them as the text they are.
        return (
            self._next_seq(),
            event_id,
            payload.award_id,
            False,
            agency,
            payload.decision_id,
            payload.recipient_kind,
            payload.recipient_id,
            payload.award_code,
            payload.achievement_year_from,
            payload.achievement_year_to,
            payload.decision_signed_on,
            payload.commendation_kind,
            payload.granting_level,
            _level_class(payload.award_code),
        )

    def _revoked(self, event_id: UUID, award_id: str) -> tuple[Any, ...]:
        return (self._next_seq(), event_id, award_id, True, *(None,) * 11)
