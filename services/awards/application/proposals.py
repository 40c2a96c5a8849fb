"""Proposal commands: submit, review, forward, return, resubmit.

The application hands the domain what the proposal's own stream cannot tell: whether a
decision has named it, and the date of its latest step. Nominee ids are not checked against
the registry: the awards service only keeps a view of registry facts, and a proposal may name
people that view has not received yet.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.awards.commands.proposals import (
    ForwardProposal,
    ReturnProposal,
    ReviewProposal,
    SubmitProposal,
)
from services.awards.domain import proposals
from services.awards.domain.proposals import Proposal, ProposalFacts
from services.awards.readmodel.proposal_queries import ProposalView, proposal_state
from services.awards.readmodel.proposals import DECIDED, proposal_status
from shared.application import business_time
from shared.application.commands import Command, CommandRunner, Decide, Outcome, SideWrite
from shared.application.idempotency import IdempotencyRequest
from shared.domain_errors import IllegalTransition
from shared.envelope import EventPayload
from shared.eventstore import AppendContext
from shared.vietnam_time import today_in_vietnam

Transition = Callable[[Proposal, ProposalFacts], list[EventPayload]]


def proposal_stream(proposal_id: str) -> str:
    return f"proposal-{proposal_id}"


def today() -> date:
    """Today in Vietnam: the business date of a command that names none."""
    return today_in_vietnam()


def new_proposal_id() -> str:
    return str(uuid.uuid4())


async def find_proposal(engine: AsyncEngine, proposal_id: str) -> ProposalView | None:
    """The proposal's state, None if there is none.

    Reads on a connection of its own, closed before the command writes (SQLite takes its
    write lock at BEGIN, so an open read would block the command's transaction).
    """
    async with engine.connect() as connection:
        return await proposal_state(connection, proposal_id)


def facts_of(view: ProposalView) -> ProposalFacts:
    return ProposalFacts(decided=view.decided, last_step_on=view.last_step_on)


def refuse_if_decided(proposal_id: str) -> SideWrite:
    """Re-check, inside the command's transaction, that no decision named the proposal since
    the facts were read: a decision is final and wins the race."""

    async def check(connection: AsyncConnection) -> None:
        if await proposal_status(connection, proposal_id) == DECIDED:
            raise IllegalTransition(
                "a decision has named the proposal meanwhile", current_state=DECIDED
            )

    return check


async def submit_proposal(
    runner: CommandRunner,
    command: SubmitProposal,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return proposals.decide_submit(proposals.fold(history), command)

    return await runner.run(
        _command(command.proposal_id, decide, context, command.submitted_on, idempotency)
    )


async def resubmit_proposal(
    runner: CommandRunner,
    command: SubmitProposal,
    view: ProposalView,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    def resubmit(state: Proposal, facts: ProposalFacts) -> list[EventPayload]:
        return proposals.decide_resubmit(state, command, facts)

    on = command.submitted_on
    return await _transition(runner, view, resubmit, on, context, expected_version, idempotency)


async def review_proposal(
    runner: CommandRunner,
    command: ReviewProposal,
    view: ProposalView,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    def review(state: Proposal, facts: ProposalFacts) -> list[EventPayload]:
        return proposals.decide_review(state, command, facts)

    on = command.reviewed_on
    return await _transition(runner, view, review, on, context, expected_version, idempotency)


async def forward_proposal(
    runner: CommandRunner,
    command: ForwardProposal,
    view: ProposalView,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    def forward(state: Proposal, facts: ProposalFacts) -> list[EventPayload]:
        return proposals.decide_forward(state, command, facts)

    on = command.forwarded_on
    return await _transition(runner, view, forward, on, context, expected_version, idempotency)


async def return_proposal(
    runner: CommandRunner,
    command: ReturnProposal,
    view: ProposalView,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    def return_(state: Proposal, facts: ProposalFacts) -> list[EventPayload]:
        return proposals.decide_return(state, command, facts)

    on = command.returned_on
    return await _transition(runner, view, return_, on, context, expected_version, idempotency)


async def _transition(
    runner: CommandRunner,
    view: ProposalView,
    transition: Transition,
    on: date,
    context: AppendContext,
    expected_version: int | None,
    idempotency: IdempotencyRequest | None,
) -> Outcome:
    facts = facts_of(view)

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return transition(proposals.fold(history), facts)

    command = _command(view.proposal_id, decide, context, on, idempotency, expected_version)
    return await runner.run(replace(command, side_write=refuse_if_decided(view.proposal_id)))


def _command(
    proposal_id: str,
    decide: Decide,
    context: AppendContext,
    on: date,
    idempotency: IdempotencyRequest | None,
    expected_version: int | None = None,
) -> Command:
    return Command(
        stream_id=proposal_stream(proposal_id),
        resource_id=proposal_id,
        decide=decide,
        context=context,
        occurred_at=business_time(on),
        expected_version=expected_version,
        idempotency=idempotency,
    )
