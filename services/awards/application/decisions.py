"""Decision commands: issue (with the eligibility engine's enforcement) and revoke.

The application looks up what the decision's stream cannot know — is the number taken, the
referenced proposal, whose the recipients are, the facts and policy the awards are judged by —
on a short connection of its own, closed before the command writes (SQLite takes its write
lock at BEGIN).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from types import MappingProxyType

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
from services.awards.domain.tenancy import NO_DIRECTORY, Directory, Named
from services.awards.localview.directory import directory_of
from services.awards.localview.facts_loader import load_facts_of
from services.awards.localview.policies import agency_policy
from services.awards.readmodel import decision_queries
from services.awards.readmodel.proposal_queries import proposal_state
from shared.application.commands import CommandRunner, Outcome
from shared.application.transitions import (
    CommandTerms,
    Transition,
    no_facts,
    retry_once_on_race,
)
from shared.database.engine import connection_for_reads
from shared.vietnam_time import business_time


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
    async with connection_for_reads(engine) as connection:
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
    command: IssueDecision,
    facts: Facts,
    policy: AgencyPolicy = NO_TIGHTENING,
    proposal: ProposalFacts | None = None,
    directory: Directory = NO_DIRECTORY,
    *,
    held_by: Collection[str] | None = None,
) -> tuple[Violation, ...]:
    """The engine's findings on the decision's awards, as of its signing day, under the rules
    in force when its dossier was filed (:func:`~services.awards.domain.decisions.filed_on`).

    Awards the decision itself granted are left out of ``facts``: a repeated request must not
    find its own awards "already awarded". ``held_by``, when the caller knows it, is every
    decision id ``facts``' awards hold: a decision not among them is judged on ``facts`` as
    they are, without looking through every award for its own.
    """
    if held_by is not None and command.decision_id not in held_by:
        own = facts
    else:
        own = without_decision(facts, command.decision_id)
    found = check_decision_awards(
        own,
        proposed_awards(command),
        agency_policy=policy,
        as_of=command.signed_on,
        filed_on=decisions.filed_on(command, proposal, directory),
    )
    return tuple(found)


def without_decision(facts: Facts, decision_id: str) -> Facts:
    """``facts`` without the awards of one decision (``facts`` itself when it has none, as
    for every new decision: looking costs far less than copying)."""
    if not any(a.decision_id == decision_id for held in facts.awards.values() for a in held):
        return facts
    awards = {
        recipient: kept
        for recipient, granted in facts.awards.items()
        if (kept := tuple(a for a in granted if a.decision_id != decision_id))
    }
    return dataclasses.replace(facts, awards=MappingProxyType(awards))


def recipients_of(command: IssueDecision) -> list[Named]:
    """The units, members, agencies, households and enterprises the decision names."""
    return [(line.recipient_kind, line.recipient_id) for line in command.awards]


async def judged_facts(
    connection: AsyncConnection, command: IssueDecision, directory: Directory
) -> Facts:
    """The facts the decision's awards are judged by: the recording agency's and those of
    the agencies its recipients belong to (a ministry's award is checked against what the
    recipient's own agency recorded)."""
    agencies = {command.agency, *directory.agencies_of(recipients_of(command))}
    return await load_facts_of(connection, agencies, directory.mergers)


async def proposal_facts(
    connection: AsyncConnection, proposal_id: str | None
) -> ProposalFacts | None:
    """The proposal a decision names, as the read model sees it (None if none or unknown)."""
    found = None if proposal_id is None else await proposal_state(connection, proposal_id)
    if found is None:
        return None
    return ProposalFacts(found.agency, found.status, found.level, found.last_submitted_on)


async def issue_facts(connection: AsyncConnection, command: IssueDecision) -> IssueFacts:
    """Everything the domain needs to decide on ``command``, from the read model and the
    local view; the engine is only consulted once the award lines fit the catalogue and
    name no recipient of another agency."""
    key = decisions.number_key(command.agency, command.issuing_authority, command.number)
    taken = await decision_queries.decision_with_number(connection, key)
    proposal = await proposal_facts(connection, command.proposal_id)
    directory = await directory_of(connection, command.agency, recipients_of(command))
    violations: tuple[Violation, ...] = ()
    if not decisions.line_refusals(command) and not decisions.foreign_recipients(
        command, directory
    ):
        facts = await judged_facts(connection, command, directory)
        policy = await agency_policy(connection, command.agency)
        # Its awards are in the facts only if it was recorded, and then under its number (the
        # read model's, written with them): a new decision is judged without looking for them.
        held_by = None if taken == command.decision_id else frozenset[str]()
        violations = assess(command, facts, policy, proposal, directory, held_by=held_by)
    number_taken_by = None if taken == command.decision_id else taken
    return IssueFacts(number_taken_by, proposal, violations, directory)


async def _issue_facts(engine: AsyncEngine, command: IssueDecision) -> IssueFacts:
    async with connection_for_reads(engine) as connection:
        return await issue_facts(connection, command)


ISSUE_DECISION = Transition(
    IssueDecision,
    stream=lambda c: decision_stream(c.decision_id),
    resource=lambda c: c.decision_id,
    occurred_at=lambda c: business_time(c.signed_on),
    look_up=_issue_facts,
    decide=lambda history, c, facts: decisions.decide_issue(decisions.fold(history), c, facts),
)

REVOKE_AWARDS = Transition(
    RevokeAwards,
    stream=lambda c: decision_stream(c.decision_id),
    resource=lambda c: c.decision_id,
    occurred_at=lambda c: business_time(c.revoked_on),
    look_up=no_facts,
    # AwardRevoked per listed award, or DecisionRevoked for the whole decision.
    decide=lambda history, c, _: decisions.decide_revoke(decisions.fold(history), c),
)


async def issue_decision(
    runner: CommandRunner, command: IssueDecision, terms: CommandTerms
) -> Issued:
    """Record the decision (DecisionIssued + one AwardGranted per award, one append).

    Raises ``NamesAnotherAgency`` when a recipient belongs to an agency the recording agency
    may not commend, and ``DecisionRefused`` when awards break the rules and neither
    ``imported`` nor an override justification says to record them anyway; unverified awards
    only warn. Once
    more if a concurrent writer took the same decision number meanwhile (the read model's
    unique key): the second attempt sees it and answers 409.
    """

    async def attempt() -> Issued:
        facts = await ISSUE_DECISION.look_up(runner.engine, command)
        outcome = await runner.run(ISSUE_DECISION.command(command, facts, terms))
        if outcome.replayed:
            return await _replayed(runner.engine, command, outcome)
        return Issued(outcome, [line.award_id for line in command.awards], facts.violations)

    return await retry_once_on_race(attempt)


async def _replayed(engine: AsyncEngine, command: IssueDecision, outcome: Outcome) -> Issued:
    """A repeated request: the first request's ids, and the warnings it had (judged without
    the awards it recorded)."""
    first = command.model_copy(update={"decision_id": outcome.resource_id})
    async with connection_for_reads(engine) as connection:
        listed = await decision_queries.decision_award_list(connection, outcome.resource_id)
        directory = await directory_of(connection, command.agency, recipients_of(command))
        facts = await judged_facts(connection, command, directory)
        policy = await agency_policy(connection, command.agency)
        proposal = await proposal_facts(connection, command.proposal_id)
    warnings = assess(first, facts, policy, proposal, directory)
    return Issued(outcome, [award.award_id for award in listed], warnings)
