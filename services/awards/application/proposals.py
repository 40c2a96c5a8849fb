"""Proposal transitions: submit, review, forward, return, resubmit.

The application hands the domain what the proposal's own stream cannot tell: whether a
decision has named it, the date of its latest step, and, for a submission, whose its nominees
and its campaign are. Nominees the local view of the registry has not met yet are accepted (a
proposal may name people that view has not received yet); those it knows must belong to the
proposing agency, or to one a ministry-level proposer commends (``domain.tenancy``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import NamedTuple, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.awards.commands.proposals import (
    ForwardProposal,
    ReturnProposal,
    ReviewProposal,
    SubmitProposal,
)
from services.awards.domain import proposals
from services.awards.domain.proposals import Proposal, ProposalFacts
from services.awards.domain.tenancy import Directory
from services.awards.localview.directory import directory_of
from services.awards.readmodel.proposal_queries import ProposalView, proposal_state
from services.awards.readmodel.proposals import DECIDED, proposal_status
from shared.application.commands import SideWrite
from shared.application.transitions import Transition
from shared.database.engine import connection_for_reads
from shared.domain_errors import IllegalTransition
from shared.envelope import EventPayload
from shared.events.vocabulary import RecipientKind
from shared.vietnam_time import business_time, today_in_vietnam


class AboutAProposal(Protocol):
    """A command about one proposal."""

    @property
    def proposal_id(self) -> str: ...


C = TypeVar("C", bound=AboutAProposal)


def proposal_stream(proposal_id: str) -> str:
    return f"proposal-{proposal_id}"


def today() -> date:
    """Today in Vietnam: the business date of a command that names none."""
    return today_in_vietnam()


def new_proposal_id() -> str:
    return str(uuid.uuid4())


async def find_proposal(engine: AsyncEngine, proposal_id: str) -> ProposalView | None:
    """The proposal's state, None if there is none (own short connection)."""
    async with connection_for_reads(engine) as connection:
        return await proposal_state(connection, proposal_id)


async def agency_of_proposal(engine: AsyncEngine, proposal_id: str) -> str | None:
    """The proposal's agency, None if there is no such proposal."""
    found = await find_proposal(engine, proposal_id)
    return None if found is None else found.agency


async def proposal_facts(engine: AsyncEngine, command: C) -> ProposalFacts:
    """Whether a decision has named the proposal, and the date of its latest step."""
    found = await find_proposal(engine, command.proposal_id)
    if found is None:  # the stream's fold says there is no such proposal
        return ProposalFacts()
    return ProposalFacts(decided=found.decided, last_step_on=found.last_step_on)


async def submission_directory(engine: AsyncEngine, command: SubmitProposal) -> Directory:
    """Whose the submission's nominees and campaign are (own short connection)."""
    named = [(RecipientKind(n.nominee_kind.value), n.nominee_id) for n in command.nominees]
    campaigns = [] if command.campaign_id is None else [command.campaign_id]
    async with connection_for_reads(engine) as connection:
        return await directory_of(connection, command.agency, named, campaigns)


class Resubmission(NamedTuple):
    """What a resubmission is decided with: the proposal's facts and whose its nominees are."""

    proposal: ProposalFacts
    directory: Directory


async def resubmission_facts(engine: AsyncEngine, command: SubmitProposal) -> Resubmission:
    return Resubmission(
        await proposal_facts(engine, command), await submission_directory(engine, command)
    )


def refuse_if_decided(command: C) -> SideWrite:
    """Re-check, inside the command's transaction, that no decision named the proposal since
    the facts were read: a decision is final and wins the race."""

    async def check(connection: AsyncConnection) -> None:
        if await proposal_status(connection, command.proposal_id) == DECIDED:
            raise IllegalTransition(
                "a decision has named the proposal meanwhile", current_state=DECIDED
            )

    return check


def _step(
    command_type: type[C],
    on: Callable[[C], date],
    decide: Callable[[Proposal, C, ProposalFacts], list[EventPayload]],
) -> Transition[C, ProposalFacts]:
    """A step of an existing proposal: decided with its facts, refused if a decision named it
    meanwhile."""
    return Transition(
        command_type,
        stream=lambda c: proposal_stream(c.proposal_id),
        resource=lambda c: c.proposal_id,
        occurred_at=lambda c: business_time(on(c)),
        look_up=proposal_facts,
        decide=lambda history, c, facts: decide(proposals.fold(history), c, facts),
        side_write=refuse_if_decided,
    )


SUBMIT_PROPOSAL = Transition(
    SubmitProposal,
    stream=lambda c: proposal_stream(c.proposal_id),
    resource=lambda c: c.proposal_id,
    occurred_at=lambda c: business_time(c.submitted_on),
    look_up=submission_directory,
    decide=lambda history, c, directory: proposals.decide_submit(
        proposals.fold(history), c, directory
    ),
)

RESUBMIT_PROPOSAL = Transition(
    SubmitProposal,
    stream=lambda c: proposal_stream(c.proposal_id),
    resource=lambda c: c.proposal_id,
    occurred_at=lambda c: business_time(c.submitted_on),
    look_up=resubmission_facts,
    decide=lambda history, c, facts: proposals.decide_resubmit(
        proposals.fold(history), c, facts.proposal, facts.directory
    ),
    side_write=refuse_if_decided,
)
REVIEW_PROPOSAL = _step(ReviewProposal, lambda c: c.reviewed_on, proposals.decide_review)
FORWARD_PROPOSAL = _step(ForwardProposal, lambda c: c.forwarded_on, proposals.decide_forward)
RETURN_PROPOSAL = _step(ReturnProposal, lambda c: c.returned_on, proposals.decide_return)
