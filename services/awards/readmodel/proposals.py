"""Read model of proposals: one row per proposal, its nominees, its steps and council votes.

A resubmission (a new ProposalSubmitted on the same stream) rewrites the row's content and
its nominees; steps and votes are kept as history. A decision naming the proposal (a
DecisionIssued on a decision stream) marks it decided, and decided is final: no later event
of the proposal's stream changes its status again.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    case,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.readmodel.appliers import Appliers
from services.awards.readmodel.metadata import metadata
from shared.envelope import EventPayload
from shared.events.awards import (
    DecisionIssued,
    ProposalForwarded,
    ProposalReturned,
    ProposalReviewed,
    ProposalSubmitted,
)
from shared.eventstore import RecordedEvent
from shared.vietnam_time import business_date

DECIDED = "decided"

proposals = Table(
    "proposals",
    metadata,
    Column("proposal_id", String(128), primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("level", String(32), nullable=False, comment="Level the proposal is at now."),
    Column("addressed_to", String(32), nullable=False, comment="Level of the latest submission."),
    Column("commendation_kind", String(16), nullable=False),
    Column("campaign_id", String(128), nullable=True),
    Column("submitted_on", Date, nullable=False, comment="First submission: its age starts."),
    Column("submission_year", Integer, nullable=False),
    Column("last_submitted_on", Date, nullable=False),
    Column("last_step_on", Date, nullable=False),
    Column("return_reason", Text, nullable=True),
    Column("nominee_count", Integer, nullable=False),
    Column("decided_on", Date, nullable=True),
    Column("decision_id", String(128), nullable=True),
    Column("decision_number", String(100), nullable=True),
    Column("version", Integer, nullable=False),
    Index("ix_proposals_agency_year_status", "agency", "submission_year", "status"),
)

proposal_nominees = Table(
    "proposal_nominees",
    metadata,
    Column("proposal_id", String(128), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("nominee_kind", String(16), nullable=False),
    Column("nominee_id", String(128), nullable=False),
    Column("award_code", String(64), nullable=False),
    Column("achievement_year", Integer, nullable=True),
    Column("period_from", Integer, nullable=True),
    Column("period_to", Integer, nullable=True),
    Column("in_play", Boolean, nullable=False, comment="Still proposed at the current level."),
    Column("approved", Boolean, nullable=True, comment="Vote of the current level's council."),
)

proposal_steps = Table(
    "proposal_steps",
    metadata,
    Column("proposal_id", String(128), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("step", String(16), nullable=False),
    Column("level", String(32), nullable=False),
    Column("step_on", Date, nullable=False),
    Column("reason", Text, nullable=True),
)

proposal_votes = Table(
    "proposal_votes",
    metadata,
    Column("proposal_id", String(128), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("nominee_id", String(128), nullable=False),
    Column("award_code", String(64), nullable=False),
    Column("votes_for", Integer, nullable=False),
    Column("votes_against", Integer, nullable=False),
    Column("abstentions", Integer, nullable=False),
    Column("approved", Boolean, nullable=False),
)


async def _submitted(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, ProposalSubmitted)
    on = business_date(event.occurred_at)
    values: dict[str, object] = {
        "level": p.addressed_to.value,
        "addressed_to": p.addressed_to.value,
        "commendation_kind": p.commendation_kind.value,
        "campaign_id": p.campaign_id,
        "last_submitted_on": on,
        "return_reason": None,
        "nominee_count": len(p.nominees),
    }
    first_time = event.stream_version == 1  # later submissions are resubmissions
    if first_time:
        first = {"agency": event.agency, "submitted_on": on, "submission_year": on.year}
        await connection.execute(
            insert(proposals).values(
                proposal_id=p.proposal_id,
                status="submitted",
                last_step_on=on,
                version=1,
                **first,
                **values,
            )
        )
    else:
        await _set(connection, event, "submitted", **values)
    await _replace_nominees(connection, p)
    step = "submitted" if first_time else "resubmitted"
    await _step(connection, event, step, p.addressed_to.value)


async def _replace_nominees(connection: AsyncConnection, p: ProposalSubmitted) -> None:
    table = proposal_nominees
    await connection.execute(delete(table).where(table.c.proposal_id == p.proposal_id))
    rows = [
        {
            "proposal_id": p.proposal_id,
            "position": position,
            "in_play": True,
            "approved": None,
            **nominee.model_dump(mode="json"),
        }
        for position, nominee in enumerate(p.nominees)
    ]
    await connection.execute(insert(table), rows)


async def _reviewed(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, ProposalReviewed)
    level = await _set(connection, event, "reviewed")
    table = proposal_nominees.c
    for vote in p.votes:
        await connection.execute(
            update(proposal_nominees)
            .where(
                table.proposal_id == p.proposal_id,
                table.nominee_id == vote.nominee_id,
                table.award_code == vote.award_code,
                table.in_play.is_(True),
            )
            .values(approved=vote.approved)
        )
    votes = [
        {"proposal_id": p.proposal_id, "version": event.stream_version, "position": position}
        | vote.model_dump()
        for position, vote in enumerate(p.votes)
    ]
    await connection.execute(insert(proposal_votes), votes)
    await _step(connection, event, "reviewed", level)


async def _forwarded(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, ProposalForwarded)
    await _set(connection, event, "forwarded", level=p.to_level.value)
    table = proposal_nominees.c
    await connection.execute(
        update(proposal_nominees)
        .where(table.proposal_id == p.proposal_id)
        .values(in_play=table.in_play & (table.approved.is_(True)), approved=None)
    )
    await _step(connection, event, "forwarded", p.to_level.value)


async def _returned(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, ProposalReturned)
    level = await _set(connection, event, "returned", return_reason=p.reason)
    await _step(connection, event, "returned", level, reason=p.reason)


async def _decided(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    """A decision naming a known proposal decides it (the decision's version is not its own)."""
    assert isinstance(p, DecisionIssued)
    if p.proposal_id is None:
        return
    await connection.execute(
        update(proposals)
        .where(proposals.c.proposal_id == p.proposal_id)
        .values(
            status=DECIDED,
            decided_on=p.signed_on,
            decision_id=p.decision_id,
            decision_number=p.number,
        )
    )


async def _set(
    connection: AsyncConnection, event: RecordedEvent, status: str, **values: object
) -> str:
    """Move the proposal's row on (a decided one keeps its status); returns its level."""
    columns = proposals.c
    proposal_id = event.payload["proposal_id"]
    await connection.execute(
        update(proposals)
        .where(columns.proposal_id == proposal_id)
        .values(
            status=case((columns.status == DECIDED, DECIDED), else_=status),
            last_step_on=business_date(event.occurred_at),
            version=event.stream_version,
            **values,
        )
    )
    level = await connection.scalar(select(columns.level).where(columns.proposal_id == proposal_id))
    return str(level)


async def _step(
    connection: AsyncConnection,
    event: RecordedEvent,
    step: str,
    level: str,
    reason: str | None = None,
) -> None:
    await connection.execute(
        insert(proposal_steps).values(
            proposal_id=event.payload["proposal_id"],
            version=event.stream_version,
            step=step,
            level=level,
            step_on=business_date(event.occurred_at),
            reason=reason,
        )
    )


APPLIERS: Appliers = {
    "ProposalSubmitted": _submitted,
    "ProposalReviewed": _reviewed,
    "ProposalForwarded": _forwarded,
    "ProposalReturned": _returned,
    "DecisionIssued": _decided,
}


async def proposal_status(connection: AsyncConnection, proposal_id: str) -> str | None:
    """The proposal's status as the read model has it now, None if there is none."""
    query = select(proposals.c.status).where(proposals.c.proposal_id == proposal_id)
    found = await connection.scalar(query)
    return None if found is None else str(found)
