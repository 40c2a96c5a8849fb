"""Proposal routes (hồ sơ đề nghị khen thưởng): parse, build a command, call one handler, map."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from services.awards.api.dependencies import AwardsDep, ReadConnection
from services.awards.api.proposals_schemas import (
    ProposalAccepted,
    ProposalContent,
    ProposalCreate,
    ProposalDetail,
    ProposalForward,
    ProposalListItem,
    ProposalResubmission,
    ProposalReturn,
    ProposalReviewCreate,
    ProposalSummary,
)
from services.awards.api.tenancy import acting_agency, refusing_other_agencies, require_readable
from services.awards.application import proposals as transitions
from services.awards.commands.proposals import (
    Ballot,
    ForwardProposal,
    ReturnProposal,
    ReviewProposal,
    SubmitProposal,
)
from services.awards.readmodel import proposal_queries
from services.awards.readmodel.proposal_queries import ProposalFilter
from shared.application.transitions import run_transition
from shared.auth import CurrentPrincipal, require_agency
from shared.events.awards import Nominee
from shared.events.vocabulary import AgencyCode, GrantingLevel, Year
from shared.http.accepted import AcceptedResponse
from shared.http.commands import CommandRequestDep, ConditionalCommandRequestDep, etag
from shared.http.pagination import Limit, Offset, Page
from shared.http.problems import NotFoundProblem

router = APIRouter(prefix="/v1/proposals", tags=["proposals"])

Status = Literal["submitted", "reviewed", "forwarded", "returned", "decided"]

accepted = AcceptedResponse(ProposalAccepted, "proposal_id", "/v1/proposals")


def _submission(proposal_id: str, agency: str, body: ProposalContent) -> SubmitProposal:
    return SubmitProposal(
        proposal_id=proposal_id,
        agency=agency,
        nominees=tuple(Nominee.model_validate(n.model_dump()) for n in body.nominees),
        commendation_kind=body.commendation_kind,
        campaign_id=body.campaign_id,
        addressed_to=body.addressed_to,
        submitted_on=body.submitted_on or transitions.today(),
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Submit a proposal")
async def submit(
    body: ProposalCreate, request: CommandRequestDep, awards: AwardsDep, response: Response
) -> ProposalAccepted:
    """Submit a dossier proposing awards for nominees; emits **ProposalSubmitted**.

    422 naming `body.nominees.<i>.award_code` (unknown, or not for that nominee: individual
    awards for a member, collective ones for a unit or the agency), `body.nominees.<i>` (a
    repeated nominee and award), `body.nominees.<i>.nominee_id` (an agency nominee that is not
    the proposing agency), `body.nominees.<i>.achievement_year`/`period_to` (after the year
    of submission) or `body.addressed_to` (an award granted below that level).

    **Whose nominees.** An agency proposes its own units and members and itself, and names
    its own campaigns, the ministry's, or those it answered with a campaign of its own; a
    ministry-level agency (`ministry_unit`) also proposes those of every agency at ministry
    level or above. Otherwise 422 of type `urn:tdkt:problem:other-agency` naming each
    `body.nominees.<i>.nominee_id` or `body.campaign_id` (its `agency`, the message in
    Vietnamese). Nominees and campaigns the service has not heard of from the registry yet
    are accepted.
    """
    require_agency(request.principal, body.agency)
    command = _submission(transitions.new_proposal_id(), body.agency, body)
    terms = request.terms(body.agency, "submit-proposal", body)
    with refusing_other_agencies():
        outcome = await run_transition(awards.commands, transitions.SUBMIT_PROPOSAL, command, terms)
    return accepted(response, outcome)


@router.get("", summary="List an agency's proposals")
async def list_proposals(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: Annotated[AgencyCode, Query(description="The proposing agency.")],
    status: Annotated[Status | None, Query(description="In this state now.")] = None,
    level: Annotated[GrantingLevel | None, Query(description="At this level now.")] = None,
    year: Annotated[Year | None, Query(description="First submitted that year.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ProposalListItem]:
    """An agency's proposals by first submission, each with its age in days. An agency reads
    its own and, after a merger, those of the agencies it continues (to take over their open
    work: it reviews, forwards, returns, resubmits and decides them in its own name)."""
    await require_readable(principal, connection, agency)
    where = ProposalFilter(agency, status, None if level is None else level.value, year)
    today = transitions.today()
    return await proposal_queries.list_proposals(connection, where, limit, offset, today)


@router.get("/summary", summary="An agency's proposals by state")
async def summary(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: Annotated[AgencyCode, Query(description="The proposing agency.")],
    year: Annotated[Year | None, Query(description="First submitted that year.")] = None,
) -> ProposalSummary:
    """How many proposals are in each state now, how many are pending (awaiting an authority:
    submitted, reviewed or forwarded) and the median age of those in days."""
    await require_readable(principal, connection, agency)
    return await proposal_queries.proposal_summary(connection, agency, year, transitions.today())


@router.get("/{proposal_id}", summary="One proposal")
async def get_proposal(
    proposal_id: str, principal: CurrentPrincipal, connection: ReadConnection, response: Response
) -> ProposalDetail:
    """A proposal with its nominees, council votes and the levels it went through; the `ETag`
    is its version (for `If-Match`). Readable by its agency and by the agency continuing it."""
    found = await proposal_queries.get_proposal(connection, proposal_id, transitions.today())
    if found is None:
        raise NotFoundProblem(f"no proposal {proposal_id}")
    await require_readable(principal, connection, found.agency)
    response.headers["ETag"] = etag(found.version)
    return found


@router.post(
    "/{proposal_id}/reviews", status_code=status.HTTP_201_CREATED, summary="Record a review"
)
async def review(
    proposal_id: str,
    body: ProposalReviewCreate,
    request: ConditionalCommandRequestDep,
    awards: AwardsDep,
    response: Response,
) -> ProposalAccepted:
    """Record the vote of the council of the proposal's current level; emits
    **ProposalReviewed** with `approved` computed per nominee (more than half of all ballots).

    422 naming `body.votes` (a nominee still proposed is not voted on), `body.votes.<i>` (not
    proposed at this level, voted twice, or no ballots) or `body.reviewed_on` (before the
    latest step). 409 with the current state unless submitted or forwarded (once per level),
    or if `If-Match` is stale.

    **After a merger** the successor reviews, forwards, returns, resubmits (and decides) its
    predecessors' proposals in its own name from its first day (403 for a step dated before
    it); the proposal stays the predecessor's. The ceased predecessor is refused (409).
    """
    found = await transitions.agency_of_proposal(awards.engine, proposal_id)
    resource, day = f"proposal {proposal_id}", body.reviewed_on
    agency = await acting_agency(request, awards.engine, found, resource, day)
    ballots = tuple(Ballot.model_validate(vote.model_dump()) for vote in body.votes)
    command = ReviewProposal(proposal_id=proposal_id, reviewed_on=body.reviewed_on, ballots=ballots)
    terms = request.terms(agency, "review", proposal_id, body)
    outcome = await run_transition(awards.commands, transitions.REVIEW_PROPOSAL, command, terms)
    return accepted(response, outcome)


@router.post("/{proposal_id}/forward", summary="Forward a proposal to a higher authority")
async def forward(
    proposal_id: str,
    body: ProposalForward,
    request: ConditionalCommandRequestDep,
    awards: AwardsDep,
    response: Response,
) -> ProposalAccepted:
    """Send a reviewed proposal upward; emits **ProposalForwarded**. Only the nominees the
    council approved go on; the higher level reviews them again, then decides or forwards.

    422 naming `body.to_level` (not above the current level, or above every approved award's
    granting level) or `body.forwarded_on`. 409 with the current state unless reviewed, if
    the council approved nobody, or if `If-Match` is stale.
    """
    found = await transitions.agency_of_proposal(awards.engine, proposal_id)
    on = body.forwarded_on or transitions.today()
    agency = await acting_agency(request, awards.engine, found, f"proposal {proposal_id}", on)
    command = ForwardProposal(proposal_id=proposal_id, to_level=body.to_level, forwarded_on=on)
    terms = request.terms(agency, "forward", proposal_id, body)
    outcome = await run_transition(awards.commands, transitions.FORWARD_PROPOSAL, command, terms)
    return accepted(response, outcome)


@router.post("/{proposal_id}/return", summary="Return a proposal for completion")
async def return_(
    proposal_id: str,
    body: ProposalReturn,
    request: ConditionalCommandRequestDep,
    awards: AwardsDep,
    response: Response,
) -> ProposalAccepted:
    """Return a proposal awaiting an authority (at any level) with a reason; emits
    **ProposalReturned**. 409 with the current state if returned or decided already, or if
    `If-Match` is stale."""
    found = await transitions.agency_of_proposal(awards.engine, proposal_id)
    on = body.returned_on or transitions.today()
    agency = await acting_agency(request, awards.engine, found, f"proposal {proposal_id}", on)
    command = ReturnProposal(proposal_id=proposal_id, reason=body.reason, returned_on=on)
    terms = request.terms(agency, "return", proposal_id, body)
    outcome = await run_transition(awards.commands, transitions.RETURN_PROPOSAL, command, terms)
    return accepted(response, outcome)


@router.post("/{proposal_id}/resubmit", summary="Resubmit a returned proposal")
async def resubmit(
    proposal_id: str,
    body: ProposalResubmission,
    request: ConditionalCommandRequestDep,
    awards: AwardsDep,
    response: Response,
) -> ProposalAccepted:
    """Send a returned proposal again, completed; emits **ProposalSubmitted** again on the same
    stream (back to *submitted* at `addressed_to`). 422 as for a new proposal; 409 with the
    current state unless returned, or if `If-Match` is stale."""
    found = await transitions.agency_of_proposal(awards.engine, proposal_id)
    on = body.submitted_on or transitions.today()
    agency = await acting_agency(request, awards.engine, found, f"proposal {proposal_id}", on)
    command = _submission(proposal_id, agency, body)
    terms = request.terms(agency, "resubmit", proposal_id, body)
    with refusing_other_agencies():
        outcome = await run_transition(
            awards.commands, transitions.RESUBMIT_PROPOSAL, command, terms
        )
    return accepted(response, outcome)
