"""Decision routes: record a decision, revoke its awards, list and read decisions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.awards.api.decisions_schemas import (
    AwardAccepted,
    DecisionAccepted,
    DecisionCreate,
    DecisionPublic,
    DecisionSummary,
    ReasonPublic,
    RevocationAccepted,
    RevocationCreate,
    ViolationPublic,
)
from services.awards.api.dependencies import AwardsDep, ReadConnection
from services.awards.api.tenancy import acting_agency, other_agency_problem, require_readable
from services.awards.application.decisions import (
    REVOKE_AWARDS,
    agency_of_decision,
    indexed_violations,
    issue_decision,
)
from services.awards.commands.decisions import AwardLine, IssueDecision, RevokeAwards
from services.awards.domain.decisions import DecisionRefused
from services.awards.domain.eligibility import Violation
from services.awards.domain.tenancy import NamesAnotherAgency
from services.awards.readmodel import decision_queries
from shared.application.transitions import run_transition
from shared.auth import CurrentPrincipal, require_agency
from shared.events.vocabulary import AgencyCode, GrantingLevel
from shared.http.accepted import AcceptedResponse
from shared.http.commands import CommandRequestDep, ConditionalCommandRequestDep, etag
from shared.http.pagination import Limit, Offset, Page
from shared.http.problems import NotFoundProblem, ProblemError

router = APIRouter(prefix="/v1/decisions", tags=["decisions"])

decision_accepted = AcceptedResponse(DecisionAccepted, "decision_id", "/v1/decisions")
revocation_accepted = AcceptedResponse(RevocationAccepted, "decision_id", "/v1/decisions")


def command_of(body: DecisionCreate) -> IssueDecision:
    """The command of a request, with new ids for the decision and each award."""
    lines = tuple(
        AwardLine(
            award_id=str(uuid.uuid4()),
            recipient_kind=award.recipient_kind,
            recipient_id=award.recipient_id,
            award_code=award.award_code,
            year_from=award.years[0],
            year_to=award.years[1],
        )
        for award in body.awards
    )
    values = body.model_dump(exclude={"awards"})
    return IssueDecision(decision_id=str(uuid.uuid4()), awards=lines, **values)


def violations_public(
    command: IssueDecision, violations: Sequence[Violation]
) -> list[ViolationPublic]:
    return [
        ViolationPublic(
            index=index,
            recipient_kind=v.award.recipient_kind,
            recipient_id=v.award.recipient_id,
            award_code=v.award.award_code,
            kind=v.kind,
            verdict=v.verdict.status,
            rule=v.verdict.rule,
            reasons=[
                ReasonPublic(met=c.met, reason_code=c.reason_code, reason_vi=c.reason_vi)
                for c in v.reasons
            ],
        )
        for index, v in indexed_violations(command, violations)
    ]


def _refused(command: IssueDecision, refused: DecisionRefused) -> ProblemError:
    found = violations_public(command, refused.violations)
    errors = [
        {
            "field": f"body.awards.{v.index}",
            "msg": "; ".join(r.reason_vi for r in v.reasons),
            "type": v.kind.value,
        }
        for v in found
    ]
    extra = {"errors": errors, "violations": [v.model_dump(mode="json") for v in found]}
    return ProblemError(
        refused.message,
        status=422,
        title="Unprocessable Content",
        type="urn:tdkt:problem:ineligible",
        extra=extra,
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Record a decision")
async def issue(
    body: DecisionCreate, request: CommandRequestDep, awards: AwardsDep, response: Response
) -> DecisionAccepted:
    """Record a signed decision; emits **DecisionIssued** then one **AwardGranted** per award
    (one append on `decision-<id>`).

    422 naming the field if an award code is unknown, does not fit the recipient kind, or is
    beyond the authority level's power (Art 80–83), or if a referenced proposal is not the
    agency's (nor, after a merger, of an agency it continues). 409 if the authority's
    `number` is already recorded for the agency (`current` names that decision) or the
    proposal is not in the `reviewed` state.

    **Whose recipients.** An agency records awards of its own units and members and of
    itself; a ministry-level agency (`ministry_unit`) also those of every agency's at
    ministry level or above. A recipient the registry places in another agency is refused:
    422 of type `urn:tdkt:problem:other-agency` naming each `body.awards.<i>.recipient_id`
    (its `agency`, the message in Vietnamese). Recipients the service has not heard of from
    the registry yet are accepted, with an `unverified` warning.

    **Enforcement.** Every award is judged by the eligibility engine from the agency's facts
    as of `signed_on`. Awards already granted for the same achievement, held by discipline,
    or not eligible refuse the decision: 422 of type `urn:tdkt:problem:ineligible` listing
    `violations` (award `index`, code, kind and the reasons in Vietnamese). With an
    `override_justification` the decision is recorded, the justification is kept in
    DecisionIssued and the violations come back as `warnings`. Awards the engine cannot
    verify (a missing rating, no rule for the year…) are warnings, never refusals.
    """
    require_agency(request.principal, body.agency)
    command = command_of(body)
    terms = request.terms(body.agency, "issue-decision", body)
    try:
        issued = await issue_decision(awards.commands, command, terms)
    except DecisionRefused as refused:
        raise _refused(command, refused) from None
    except NamesAnotherAgency as foreign:
        raise other_agency_problem(foreign) from None
    return decision_accepted(
        response,
        issued.outcome,
        awards=[AwardAccepted(index=i, award_id=a) for i, a in enumerate(issued.award_ids)],
        warnings=violations_public(command, issued.warnings),
    )


@router.post(
    "/{decision_id}/revocations",
    status_code=status.HTTP_201_CREATED,
    summary="Revoke awards of a decision, or all of it",
)
async def revoke(
    decision_id: str,
    body: RevocationCreate,
    request: ConditionalCommandRequestDep,
    awards: AwardsDep,
    response: Response,
) -> RevocationAccepted:
    """Revoke (hủy bỏ, Chapter VII) listed awards — one **AwardRevoked** each — or, with
    `all=true`, the whole decision — **DecisionRevoked**. Revoked awards stop counting
    everywhere: histories, totals, streaks and eligibility chains.

    409 with the current state if the decision or a listed award is already revoked, or if
    `If-Match` is not the current version; 422 for awards not of this decision or a
    `revoked_on` before the signing date.

    **After a merger** the successor revokes its predecessors' decisions in its own name
    (from its first day; 403 before); the awards stay the predecessor's.
    """
    found = await agency_of_decision(awards.engine, decision_id)
    resource, day = f"decision {decision_id}", body.revoked_on
    agency = await acting_agency(request, awards.engine, found, resource, day)
    award_ids = None if body.award_ids is None else tuple(body.award_ids)
    command = RevokeAwards(
        decision_id=decision_id,
        award_ids=award_ids,
        **body.model_dump(exclude={"award_ids", "all"}),
    )
    terms = request.terms(agency, "revoke", decision_id, body)
    outcome = await run_transition(awards.commands, REVOKE_AWARDS, command, terms)
    return revocation_accepted(response, outcome, located=False)


@router.get("", summary="List an agency's decisions")
async def list_decisions(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: Annotated[AgencyCode, Query(description="Recording agency.")],
    year: Annotated[int | None, Query(ge=1945, le=2100, description="Signed that year.")] = None,
    authority_level: Annotated[
        GrantingLevel | None, Query(description="Level of the issuing authority.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[DecisionSummary]:
    """An agency's decisions by signing date, optionally of one signing year and level. An
    agency reads its own and, after a merger, those of the agencies it continues."""
    await require_readable(principal, connection, agency)
    return await decision_queries.list_decisions(
        connection, agency, year, authority_level, (limit, offset)
    )


@router.get("/{decision_id}", summary="One decision")
async def get_decision(
    decision_id: str, principal: CurrentPrincipal, connection: ReadConnection, response: Response
) -> DecisionPublic:
    """A decision with its awards (revoked ones marked) and its revocations; the `ETag` is
    its version (for `If-Match`). Readable by its agency and by the agency continuing it."""
    found = await decision_queries.get_decision(connection, decision_id)
    if found is None:
        raise NotFoundProblem(f"no decision {decision_id}")
    await require_readable(principal, connection, found.agency)
    response.headers["ETag"] = etag(found.version)
    return found
