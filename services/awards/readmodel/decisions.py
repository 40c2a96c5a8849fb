"""Read model of decisions, their awards and revocations, kept in the command's transaction.

``decisions.number_key`` is unique: a concurrent request recording the same authority's
number fails on it, and the application answers 409 after looking again.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.domain.decisions import number_key
from services.awards.readmodel.appliers import Appliers
from services.awards.readmodel.metadata import metadata
from shared.database.row_inserts import insert_rows
from shared.envelope import EventPayload
from shared.events import AwardGranted, AwardRevoked, DecisionIssued, DecisionRevoked
from shared.eventstore import RecordedEvent

decisions = Table(
    "decisions",
    metadata,
    Column("decision_id", String(128), primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("number", String(100), nullable=False),
    Column("number_key", String(64), nullable=False, unique=True),
    Column("issuing_authority", Text, nullable=False),
    Column("authority_level", String(32), nullable=False),
    Column("commendation_kind", String(32), nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("proposal_id", String(128), nullable=True),
    Column("override_justification", Text, nullable=True),
    Column("imported", Boolean, nullable=False),
    Column("status", String(32), nullable=False),
    Column("award_count", Integer, nullable=False),
    Column("revoked_count", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_decisions_agency_signed", "agency", "signed_on"),
)

decision_awards = Table(
    "decision_awards",
    metadata,
    Column("award_id", String(128), primary_key=True),
    Column("decision_id", String(128), nullable=False),
    Column("agency", String(64), nullable=False),
    Column("position", Integer, nullable=False),
    Column("recipient_kind", String(16), nullable=False),
    Column("recipient_id", String(128), nullable=False),
    Column("award_code", String(64), nullable=False),
    Column("commendation_kind", String(32), nullable=False),
    Column("granting_level", String(32), nullable=False),
    Column("year_from", Integer, nullable=False),
    Column("year_to", Integer, nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("revoked", Boolean, nullable=False),
    Column("revoked_on", Date, nullable=True),
    Column("revocation_reason", Text, nullable=True),
    Index("ix_decision_awards_recipient", "agency", "recipient_kind", "recipient_id"),
    Index("ix_decision_awards_decision", "decision_id", "position"),
)

decision_revocations = Table(
    "decision_revocations",
    metadata,
    Column("decision_id", String(128), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("whole_decision", Boolean, nullable=False),
    Column("award_ids", JSON, nullable=False),
    Column("reason", Text, nullable=False),
    Column("revoked_on", Date, nullable=False),
    Column("revoking_decision_number", String(100), nullable=True),
)


def _issued_row(event: RecordedEvent, p: DecisionIssued, version: int) -> dict[str, object]:
    return {
        "decision_id": p.decision_id,
        "agency": event.agency,
        "number": p.number,
        "number_key": number_key(event.agency, p.issuing_authority, p.number),
        "issuing_authority": p.issuing_authority,
        "authority_level": p.authority_level.value,
        "commendation_kind": p.commendation_kind.value,
        "signed_on": p.signed_on,
        "proposal_id": p.proposal_id,
        "override_justification": p.override_justification,
        "imported": p.imported,
        "status": "issued",
        "award_count": len(p.award_ids),
        "revoked_count": 0,
        "version": version,
    }


def _award_row(event: RecordedEvent, p: AwardGranted) -> dict[str, object]:
    return {
        "award_id": p.award_id,
        "decision_id": p.decision_id,
        "agency": event.agency,
        "position": event.stream_version - 2,  # version 1 is DecisionIssued
        "recipient_kind": p.recipient_kind.value,
        "recipient_id": p.recipient_id,
        "award_code": p.award_code,
        "commendation_kind": p.commendation_kind.value,
        "granting_level": p.granting_level.value,
        "year_from": p.achievement_year_from,
        "year_to": p.achievement_year_to,
        "signed_on": p.decision_signed_on,
        "revoked": False,
    }


async def _issued(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, DecisionIssued)
    await connection.execute(insert(decisions).values(_issued_row(event, p, event.stream_version)))


async def _granted(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, AwardGranted)
    await connection.execute(insert(decision_awards).values(_award_row(event, p)))
    await _set_version(connection, p.decision_id, event.stream_version)


Issuing = Sequence[tuple[RecordedEvent, DecisionIssued | AwardGranted]]


def whole_decisions(events: Issuing) -> bool:
    """Whether every award of ``events`` comes with its decision's DecisionIssued (what
    issuing a decision appends): then :func:`record_issued` may write them together."""
    issued = {p.decision_id for _, p in events if isinstance(p, DecisionIssued)}
    return all(p.decision_id in issued for _, p in events)


async def record_issued(connection: AsyncConnection, events: Issuing) -> None:
    """New decisions with their awards (see :func:`whole_decisions`), one statement per
    table: each decision at the version of its last event, as applying them one by one
    leaves it."""
    versions: dict[str, int] = {}
    for event, p in events:
        versions[p.decision_id] = max(versions.get(p.decision_id, 0), event.stream_version)
    issued = [
        _issued_row(e, p, versions[p.decision_id])
        for e, p in events
        if isinstance(p, DecisionIssued)
    ]
    granted = [_award_row(e, p) for e, p in events if isinstance(p, AwardGranted)]
    await insert_rows(connection, decisions, issued)
    await insert_rows(connection, decision_awards, granted)


async def _award_revoked(
    connection: AsyncConnection, event: RecordedEvent, p: EventPayload
) -> None:
    assert isinstance(p, AwardRevoked)
    await _revoke(connection, event, p, [p.award_id])
    revoked = await connection.scalar(
        select(func.count())
        .select_from(decision_awards)
        .where(decision_awards.c.decision_id == p.decision_id, decision_awards.c.revoked)
    )
    total = select(decisions.c.award_count).where(decisions.c.decision_id == p.decision_id)
    status = "revoked" if revoked == await connection.scalar(total) else "partially_revoked"
    await _set_version(
        connection, p.decision_id, event.stream_version, status=status, revoked_count=revoked
    )


async def _decision_revoked(
    connection: AsyncConnection, event: RecordedEvent, p: EventPayload
) -> None:
    assert isinstance(p, DecisionRevoked)
    await _revoke(connection, event, p, list(p.award_ids))
    await _set_version(
        connection,
        p.decision_id,
        event.stream_version,
        status="revoked",
        revoked_count=decisions.c.award_count,
    )


async def _revoke(
    connection: AsyncConnection,
    event: RecordedEvent,
    p: AwardRevoked | DecisionRevoked,
    award_ids: list[str],
) -> None:
    """Mark awards revoked (one revoked earlier keeps its first revocation) and record the
    revocation itself."""
    await connection.execute(
        update(decision_awards)
        .where(
            decision_awards.c.decision_id == p.decision_id,
            decision_awards.c.award_id.in_(award_ids),
            decision_awards.c.revoked.is_(False),
        )
        .values(revoked=True, revoked_on=p.revoked_on, revocation_reason=p.reason)
    )
    await connection.execute(
        insert(decision_revocations).values(
            decision_id=p.decision_id,
            version=event.stream_version,
            whole_decision=isinstance(p, DecisionRevoked),
            award_ids=award_ids,
            reason=p.reason,
            revoked_on=p.revoked_on,
            revoking_decision_number=p.revoking_decision_number,
        )
    )


async def _set_version(
    connection: AsyncConnection, decision_id: str, version: int, **values: object
) -> None:
    await connection.execute(
        update(decisions)
        .where(decisions.c.decision_id == decision_id)
        .values(version=version, **values)
    )


APPLIERS: Appliers = {
    "DecisionIssued": _issued,
    "AwardGranted": _granted,
    "AwardRevoked": _award_revoked,
    "DecisionRevoked": _decision_revoked,
}
