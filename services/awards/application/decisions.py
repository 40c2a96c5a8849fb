"""Decision commands: issue (with the eligibility engine's enforcement) and revoke.

The application looks up what the decision's stream cannot know — is the number taken, the
referenced proposal, the agency's facts and policy — on a short connection of its own, closed
before the command writes (SQLite takes its write lock at BEGIN).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.awards.commands.decisions import IssueDecision, RevokeAwards
from services.awards.domain import decisions
from services.awards.domain.decisions import IssueFacts, ProposalFacts
from services.awards.domain.eligibility import (
    NO_TIGHTENING,
    AgencyPolicy,
    Facts,
    ProposedAward,
    Violation,
    check_decision_awards,
)
from services.awards.localview.facts_loader import load_facts
from services.awards.localview.policies import agency_policy
from services.awards.readmodel import decision_queries
from services.awards.readmodel.proposal_queries import proposal_state
from shared.application import business_time
from shared.application.commands import Command, CommandRunner, Outcome
from shared.application.idempotency import IdempotencyRequest
from shared.envelope import EventPayload
from shared.eventstore import AppendContext

T = TypeVar("T")


def decision_stream(decision_id: str) -> str:
    return f"decision-{decision_id}"


@dataclass(frozen=True)
class Issued:
    """A recorded decision: the outcome, its award ids in order, and the engine's warnings."""

    outcome: Outcome
    award_ids: list[str]
    warnings: tuple[Violation, ...]


async def agency_of_decision(engine: AsyncEngine, decision_id: str) -> str | None:
    """The decision's agency, None if there is no such decision (own short connection)."""
    async with engine.connect() as connection:
        return await decision_queries.decision_agency(connection, decision_id)


def proposed_awards(command: IssueDecision) -> list[ProposedAward]:
    """The decision's awards as the eligibility engine reads them."""
    kind = command.commendation_kind
    return [
        ProposedAward(
            line.recipient_kind,
            line.recipient_id,
            line.award_code,
            line.year_from,
            line.year_to,
            kind=kind,
        )
        for line in command.awards
    ]


def indexed_violations(
    command: IssueDecision, violations: Sequence[Violation]
) -> list[tuple[int, Violation]]:
    """Each violation with the position of its award in the command (the engine reports them
    in the awards' order, at most one per award, so equal awards get their own positions)."""
    proposed, found, start = proposed_awards(command), [], 0
    for violation in violations:
        index = next(i for i in range(start, len(proposed)) if proposed[i] == violation.award)
        found.append((index, violation))
        start = index + 1
    return found


def assess(
    command: IssueDecision, facts: Facts, policy: AgencyPolicy = NO_TIGHTENING
) -> tuple[Violation, ...]:
    """The engine's findings on the decision's awards, as of its signing day.

    Awards the decision itself granted are left out of ``facts``: a repeated request must not
    find its own awards "already awarded".
    """
    own = without_decision(facts, command.decision_id)
    found = check_decision_awards(
        own, proposed_awards(command), agency_policy=policy, as_of=command.signed_on
    )
    return tuple(found)


def without_decision(facts: Facts, decision_id: str) -> Facts:
    """``facts`` without the awards of one decision."""
    awards = {
        recipient: kept
        for recipient, granted in facts.awards.items()
        if (kept := tuple(a for a in granted if a.decision_id != decision_id))
    }
    return dataclasses.replace(facts, awards=MappingProxyType(awards))


async def issue_facts(connection: AsyncConnection, command: IssueDecision) -> IssueFacts:
    """Everything the domain needs to decide on ``command``, from the read model and the
    local view; the engine is only consulted once the award lines fit the catalogue."""
    key = decisions.number_key(command.agency, command.issuing_authority, command.number)
    taken = await decision_queries.decision_with_number(connection, key)
    proposal = None
    if command.proposal_id is not None:
        found = await proposal_state(connection, command.proposal_id)
        if found is not None:
            proposal = ProposalFacts(found.agency, found.status, found.level)
    violations: tuple[Violation, ...] = ()
    if not decisions.line_refusals(command):
        facts = await load_facts(connection, command.agency)
        policy = await agency_policy(connection, command.agency)
        violations = assess(command, facts, policy)
    number_taken_by = None if taken == command.decision_id else taken
    return IssueFacts(number_taken_by, proposal, violations)


def issue_command(
    command: IssueDecision,
    facts: IssueFacts,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Command:
    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return decisions.decide_issue(decisions.fold(history), command, facts)

    return Command(
        stream_id=decision_stream(command.decision_id),
        resource_id=command.decision_id,
        decide=decide,
        context=context,
        occurred_at=business_time(command.signed_on),
        idempotency=idempotency,
    )


async def retry_once_on_race(attempt: Callable[[], Awaitable[T]]) -> T:
    """Run ``attempt``; once more if a concurrent writer took the same decision number
    meanwhile (the read model's unique key): the second attempt sees it and answers 409."""
    try:
        return await attempt()
    except IntegrityError:
        return await attempt()


async def issue_decision(
    runner: CommandRunner,
    engine: AsyncEngine,
    command: IssueDecision,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Issued:
    """Record the decision (DecisionIssued + one AwardGranted per award, one append).

    Raises ``DecisionRefused`` when awards break the rules and neither ``imported`` nor an
    override justification says to record them anyway; unverified awards only warn.
    """

    async def attempt() -> Issued:
        async with engine.connect() as connection:
            facts = await issue_facts(connection, command)
        outcome = await runner.run(issue_command(command, facts, context, idempotency))
        if outcome.replayed:
            return await _replayed(engine, command, outcome)
        return Issued(outcome, [line.award_id for line in command.awards], facts.violations)

    return await retry_once_on_race(attempt)


async def _replayed(engine: AsyncEngine, command: IssueDecision, outcome: Outcome) -> Issued:
    """A repeated request: the first request's ids, and the warnings it had (judged without
    the awards it recorded)."""
    first = command.model_copy(update={"decision_id": outcome.resource_id})
    async with engine.connect() as connection:
        listed = await decision_queries.decision_award_list(connection, outcome.resource_id)
        facts = await load_facts(connection, command.agency)
        policy = await agency_policy(connection, command.agency)
    warnings = assess(first, facts, policy)
    return Issued(outcome, [award.award_id for award in listed], warnings)


async def revoke_awards(
    runner: CommandRunner,
    command: RevokeAwards,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    """AwardRevoked per listed award, or DecisionRevoked for the whole decision."""

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return decisions.decide_revoke(decisions.fold(history), command)

    return await runner.run(
        Command(
            stream_id=decision_stream(command.decision_id),
            resource_id=command.decision_id,
            decide=decide,
            context=context,
            occurred_at=business_time(command.revoked_on),
            expected_version=expected_version,
            idempotency=idempotency,
        )
    )
