"""Tables of the local view: the facts the eligibility engine folds, agencies' policies and
agencies' lifetimes (:mod:`shared.lifetimes`).

``eligibility_facts`` keeps one row per event the engine folds, whoever produced it: the
registry's events (from its topic, via the idempotent consumer) and the service's own award
events (inline, in the decision's transaction). Each row holds the whole envelope as JSON, so
the facts are rebuilt by parsing and folding, exactly as the engine's tests do; the subject
columns only index it. Events about members or units the view has not met yet are stored all
the same: Kafka orders events per stream, not across streams.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    Uuid,
    select,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.readmodel.metadata import metadata
from shared.database.compiled_once import CompiledOnce
from shared.database.json_rows import json_rows, rows_parameter, table_columns
from shared.database.types import UtcDateTime
from shared.envelope import EventPayload
from shared.events import (
    AwardGranted,
    DisciplineHoldLifted,
    DisciplineHoldPlaced,
    MemberAdded,
    MemberMoved,
    MemberTransferred,
    RatingRecorded,
    RegistrationSubmitted,
    UnitAdded,
    UnitRatingRecorded,
    UnitTransferred,
)
from shared.events.vocabulary import RecipientKind, SubjectKind
from shared.lifetimes import lifetimes_table

WRITING_TRANSACTION = "(pg_current_xact_id()::text)::bigint"
"""The id of the transaction writing a row, as a number (64 bits: no wraparound)."""

facts = Table(
    "eligibility_facts",
    metadata,
    Column("event_id", Uuid, primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("stream_id", String(200), nullable=False),
    Column("stream_version", Integer, nullable=False),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Column("member_id", String(128), nullable=True),
    Column("unit_id", String(128), nullable=True),
    Column("event", JSON().with_variant(JSONB(), "postgresql"), nullable=False),
    Column(
        "written_by",
        BigInteger,
        nullable=False,
        server_default=text(WRITING_TRANSACTION),
        comment="The transaction that wrote the row (0: written before this was kept).",
    ),
    Index("ix_eligibility_facts_agency_stream", "agency", "stream_id", "stream_version"),
    # The rows written since a read (facts_loader): a few, however long the agency's history.
    Index("ix_eligibility_facts_agency_written", "agency", "written_by"),
    Index("ix_eligibility_facts_member", "member_id"),
    Index("ix_eligibility_facts_unit", "unit_id"),
    # A decision's few rows of one type (mergers, transfers in, registration), not all its agency's.
    Index("ix_eligibility_facts_type_agency", "event_type", "agency"),
)

agency_policies = Table(
    "agency_policies",
    metadata,
    Column("agency", String(64), primary_key=True),
    Column("cstdcs_cap_share", String(16), nullable=True),  # a Decimal, exact as text
    Column("require_prior_award", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("updated_by", String(200), nullable=False),
)
"""Per-agency tightening of the national rules (configuration, not events)."""

lifetimes = lifetimes_table(metadata)
"""When each agency ceased and who continues it: decisions and proposals dated after an
agency's end are refused (kept from the registry's events by the consumer)."""

Subjects = tuple[str | None, str | None]
"""(member id, unit id) an event is about, where it names one."""


def _subject(kind: SubjectKind | RecipientKind, subject_id: str) -> Subjects:
    if kind.value == "member":
        return subject_id, None
    return (None, subject_id) if kind.value == "unit" else (None, None)


def subjects_of(payload: EventPayload) -> Subjects:
    """The member and unit a payload is about; initiatives (several authors) name none."""
    match payload:
        case MemberAdded(member_id=member, unit_id=unit):
            return member, unit
        case MemberMoved(member_id=member, to_unit_id=unit):
            return member, unit
        case MemberTransferred(member_id=member, to_unit_id=unit):
            return member, unit
        case RatingRecorded(member_id=member):
            return member, None
        case UnitAdded(unit_id=unit) | UnitRatingRecorded(unit_id=unit):
            return None, unit
        case UnitTransferred(unit_id=unit):
            return None, unit
        case DisciplineHoldPlaced() | DisciplineHoldLifted():
            return _subject(payload.subject_kind, payload.subject_id)
        case RegistrationSubmitted():
            return _subject(payload.registrant_kind, payload.registrant_id)
        case AwardGranted():
            return _subject(payload.recipient_kind, payload.recipient_id)
    return None, None


def fact_row(envelope: Mapping[str, Any], payload: EventPayload) -> dict[str, Any]:
    """The row of one event; ``envelope`` is its JSON form (``model_dump(mode="json")``)."""
    member_id, unit_id = subjects_of(payload)
    return {
        "event_id": UUID(str(envelope["event_id"])),
        "agency": envelope["agency"],
        "event_type": envelope["event_type"],
        "stream_id": envelope["stream_id"],
        "stream_version": envelope["stream_version"],
        "occurred_at": datetime.fromisoformat(str(envelope["occurred_at"])),
        "member_id": member_id,
        "unit_id": unit_id,
        "event": dict(envelope),
    }


async def store_facts(connection: AsyncConnection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert the rows (one statement, the rows as one parameter); one already stored (same
    event id) is left as it is."""
    if not rows:
        return
    await connection.execute(_STORE_FACTS.on(connection), rows_parameter(rows))


_ROW_COLUMNS = (
    "event_id",
    "agency",
    "event_type",
    "stream_id",
    "stream_version",
    "occurred_at",
    "member_id",
    "unit_id",
    "event",
)
"""The columns of :func:`fact_row` (``written_by`` is the database's)."""


def _store_facts() -> CompiledOnce:
    given = json_rows(table_columns(facts, _ROW_COLUMNS))
    statement = postgresql.insert(facts).from_select(
        _ROW_COLUMNS, select(*(given.c[name] for name in _ROW_COLUMNS))
    )
    return CompiledOnce(statement.on_conflict_do_nothing(index_elements=["event_id"]))


_STORE_FACTS = _store_facts()
