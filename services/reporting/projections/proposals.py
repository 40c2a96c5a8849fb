"""Proposals (hồ sơ đề nghị khen thưởng) per agency × submission date × state, and their
nominees by kind and award code.

States: ``open`` (submitted or reviewed, awaiting this authority), ``forwarded`` (awaiting a
higher authority), ``returned``, ``decided`` (a ``DecisionIssued`` names the proposal). A
decision is final: a ``ProposalForwarded`` or ``ProposalReturned`` processed after it (the
decision travels on another stream, so it may arrive first) does not reopen the proposal.
Pending = open + forwarded; their age is computed at query time from the submission date.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, ClassVar

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.deltas import Contribution, Counters, Deltas
from services.reporting.projections.tables import (
    proposal_counts,
    proposal_facts,
    proposal_nominee_counts,
)
from services.reporting.projections.upsert import put_rows
from shared.database.rows_by_key import rows_where_in
from shared.events import (
    AnyEvent,
    DecisionIssued,
    ProposalForwarded,
    ProposalReturned,
    ProposalSubmitted,
)
from shared.vietnam_time import business_date

PROPOSALS = Counters(proposal_counts, "proposals")
NOMINEES = Counters(proposal_nominee_counts, "nominees")
OPEN, FORWARDED, RETURNED, DECIDED = "open", "forwarded", "returned", "decided"
PENDING = (OPEN, FORWARDED)


@dataclass(frozen=True)
class ProposalSubmission:
    agency: str
    submitted_on: date
    nominees: tuple[tuple[str, str], ...]
    """(nominee kind, award code) per nominee."""


@dataclass(frozen=True)
class ProposalFact:
    proposal_id: str
    state: str
    submission: ProposalSubmission | None = None

    def contribution(self) -> Contribution:
        s = self.submission
        if s is None:
            return []
        counted: Contribution = [(PROPOSALS, (s.agency, s.submitted_on, self.state))]
        counted += [
            (NOMINEES, (s.agency, s.submitted_on, self.state, kind, code))
            for kind, code in s.nominees
        ]
        return counted

    def to_row(self) -> dict[str, Any]:
        s = self.submission
        return {
            "proposal_id": self.proposal_id,
            "state": self.state,
            "submitted": s is not None,
            "agency": s.agency if s else None,
            "submitted_on": s.submitted_on if s else None,
            "nominees": " ".join(f"{kind}:{code}" for kind, code in s.nominees) if s else None,
        }

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> ProposalFact:
        submission = None
        if row["submitted"]:
            pairs = (pair.split(":", 1) for pair in row["nominees"].split())
            submission = ProposalSubmission(
                row["agency"], row["submitted_on"], tuple((kind, code) for kind, code in pairs)
            )
        return cls(row["proposal_id"], row["state"], submission)


class ProposalCountsProjection:
    """Folds proposals and decisions into ``proposal_facts`` and the proposal counters."""

    payload_types: ClassVar[frozenset[type]] = frozenset(
        {ProposalSubmitted, ProposalForwarded, ProposalReturned, DecisionIssued}
    )

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        ids = [i for i in (_proposal_id(event) for event in events) if i is not None]
        if not ids:
            return
        rows = await rows_where_in(connection, proposal_facts, "proposal_id", ids)
        facts = {row.proposal_id: ProposalFact.from_row(row._mapping) for row in rows}
        deltas = Deltas()
        changed: dict[str, ProposalFact] = {}
        for event in events:
            for fact in _evolve(facts, event):
                before = facts.get(fact.proposal_id)
                deltas.replace(before.contribution() if before else [], fact.contribution())
                facts[fact.proposal_id] = changed[fact.proposal_id] = fact
        await put_rows(connection, proposal_facts, [f.to_row() for f in changed.values()])
        await deltas.write(connection)


def _proposal_id(event: AnyEvent) -> str | None:
    payload = event.payload
    if isinstance(payload, ProposalSubmitted | ProposalForwarded | ProposalReturned):
        return payload.proposal_id
    if isinstance(payload, DecisionIssued):
        return payload.proposal_id
    return None


def _evolve(facts: Mapping[str, ProposalFact], event: AnyEvent) -> Iterator[ProposalFact]:
    payload = event.payload
    if isinstance(payload, ProposalSubmitted):
        submission = ProposalSubmission(
            agency=event.agency,
            submitted_on=business_date(event.occurred_at),
            nominees=tuple((n.nominee_kind.value, n.award_code) for n in payload.nominees),
        )
        earlier = facts.get(payload.proposal_id)
        state = DECIDED if earlier and earlier.state == DECIDED else OPEN
        yield ProposalFact(payload.proposal_id, state, submission)
        return
    state, proposal_id = _outcome(event)
    if proposal_id is None:
        return
    fact = facts.get(proposal_id)
    if fact is None:
        yield ProposalFact(proposal_id, state)
    elif fact.state != DECIDED:
        yield replace(fact, state=state)


def _outcome(event: AnyEvent) -> tuple[str, str | None]:
    payload = event.payload
    if isinstance(payload, DecisionIssued):
        return DECIDED, payload.proposal_id
    if isinstance(payload, ProposalForwarded):
        return FORWARDED, payload.proposal_id
    if isinstance(payload, ProposalReturned):
        return RETURNED, payload.proposal_id
    return OPEN, None
