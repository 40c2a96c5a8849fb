"""Eligibility routes: verdicts with reasons from the local view, and agencies' policies."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.awards.api.dependencies import AwardsDep, ReadConnection
from services.awards.api.eligibility_schemas import (
    AgencyPolicyPublic,
    AgencyPolicyUpdate,
    NextTitlesPublic,
    VerdictPublic,
)
from services.awards.domain.eligibility import AgencyPolicy
from services.awards.localview.eligibility_queries import (
    EligibilityQuestion,
    next_titles_of,
    verdict_on,
)
from services.awards.localview.facts_loader import agency_of_member, knows_member
from services.awards.localview.policies import policy_record, set_policy
from shared.auth import CurrentPrincipal, Principal, require_agency, require_role
from shared.events.vocabulary import AgencyCode, BusinessDate, RecipientKind
from shared.http.commands import IfMatchHeader, etag, expected_version
from shared.http.problems import NotFoundProblem, ValidationProblem
from shared.reference.awards import (
    UnknownAwardCode,
    get_award,
    is_collective,
    is_for_enterprise,
    is_individual,
)

router = APIRouter(tags=["eligibility"])

AgencyQuery = Annotated[AgencyCode, Query(description="Agency whose facts and policy apply.")]
YearQuery = Annotated[int, Query(ge=1945, le=2100, description="Achievement year.")]


def _award_code(code: str, kind: RecipientKind) -> str:
    """The code, if the catalogue has it and it may go to ``kind`` (422 naming it if not)."""
    try:
        get_award(code)
    except UnknownAwardCode as error:
        raise _bad_code(str(error), "unknown_award_code") from None
    if kind is RecipientKind.MEMBER and not is_individual(code):
        raise _bad_code(f"{code} is not awarded to individuals", "collective_award")
    if kind in (RecipientKind.UNIT, RecipientKind.AGENCY) and not is_collective(code):
        raise _bad_code(f"{code} is not awarded to collectives", "individual_award")
    if kind is RecipientKind.ENTERPRISE and not is_for_enterprise(code):
        raise _bad_code(f"{code} is not awarded to enterprises", "not_for_enterprise")
    return code


def _bad_code(message: str, kind: str) -> ValidationProblem:
    return ValidationProblem([{"loc": ("query", "award_code"), "msg": message, "type": kind}])


@router.get("/v1/eligibility", summary="Does a recipient qualify for an award?")
async def eligibility(
    principal: CurrentPrincipal,
    connection: ReadConnection,
    agency: AgencyQuery,
    recipient_kind: Annotated[
        RecipientKind, Query(description="member, unit, agency, household or enterprise.")
    ],
    recipient_id: Annotated[str, Query(min_length=1, max_length=128, description="Its id.")],
    award_code: Annotated[str, Query(max_length=64, description="Award, e.g. CSTDCS.")],
    year: YearQuery,
    campaign_id: Annotated[
        str | None, Query(description="Campaign whose registration rule applies.")
    ] = None,
    as_of: Annotated[
        BusinessDate | None,
        Query(
            description="Day of the decision, for discipline holds; also the day the dossier "
            "is filed, which chooses the rules (default: 31 December of `year`)."
        ),
    ] = None,
) -> VerdictPublic:
    """**eligible**, **not_eligible** or **unknown**, with the rule applied and every reason.

    Judged from the registry's events this service has consumed (ratings, recognised
    initiatives, memberships, discipline holds, registrations) and the standing awards under
    the rule in force on the day the dossier is filed (`as_of`, else 31 December of `year`),
    tightened by the agency's policy. A multi-year award
    (e.g. CSTĐ cấp bộ: 3 years) is judged for the period ending in `year`. 422 naming
    `query.award_code` for a code not in the catalogue or not for this kind of recipient.
    """
    require_agency(principal, agency, access="read")
    question = EligibilityQuestion(
        agency=agency,
        recipient_kind=recipient_kind,
        recipient_id=recipient_id,
        award_code=_award_code(award_code, recipient_kind),
        year=year,
        campaign_id=campaign_id,
        as_of=as_of,
    )
    return VerdictPublic.of(agency, await verdict_on(connection, question))


@router.get("/v1/members/{member_id}/next-titles", summary="A member's next titles")
async def member_next_titles(
    member_id: str,
    principal: CurrentPrincipal,
    connection: ReadConnection,
    year: YearQuery,
    agency: Annotated[
        AgencyCode | None, Query(description="The member's agency (found if left out).")
    ] = None,
) -> NextTitlesPublic:
    """Verdicts on each individual title and form the member may aim for in `year`, lowest
    first: LĐTT, CSTĐCS, Bằng khen and CSTĐ of the ministry (and of the province for a
    provincial department's members), Bằng khen Thủ tướng, CSTĐ toàn quốc, Huân chương Lao
    động hạng Ba. 404 if no fact of the agency names the member.
    """
    agency = await _member_agency(principal, connection, member_id, agency)
    verdicts = await next_titles_of(connection, agency, member_id, year)
    return NextTitlesPublic(
        agency=agency,
        member_id=member_id,
        year=year,
        verdicts=[VerdictPublic.of(agency, verdict) for verdict in verdicts],
    )


async def _member_agency(
    principal: Principal, connection: ReadConnection, member_id: str, agency: str | None
) -> str:
    if agency is None:
        agency = await agency_of_member(connection, member_id)
        if agency is None:
            raise NotFoundProblem(f"no facts about member {member_id}")
        require_agency(principal, agency, access="read")
        return agency
    require_agency(principal, agency, access="read")
    if not await knows_member(connection, agency, member_id):
        raise NotFoundProblem(f"no facts about member {member_id} in agency {agency}")
    return agency


@router.get("/v1/agencies/{agency}/policy", summary="An agency's eligibility policy")
async def get_policy(
    agency: AgencyCode, principal: CurrentPrincipal, connection: ReadConnection, response: Response
) -> AgencyPolicyPublic:
    """How the agency tightens the national rules; version 0 (never set) is no tightening."""
    require_agency(principal, agency, access="read")
    record = await policy_record(connection, agency)
    response.headers["ETag"] = etag(record.version)
    return AgencyPolicyPublic.of(record)


@router.put("/v1/agencies/{agency}/policy", summary="Set an agency's eligibility policy")
async def put_policy(
    agency: AgencyCode,
    body: AgencyPolicyUpdate,
    principal: CurrentPrincipal,
    awards: AwardsDep,
    response: Response,
    if_match: IfMatchHeader = None,
) -> AgencyPolicyPublic:
    """Replace the agency's policy (configuration of this service: no event is published).

    For the agency's own officers and admins. Changing a policy already set needs `If-Match`
    with its version (409 with the current version otherwise); sending the policy in force
    again changes nothing. Takes effect on the next eligibility check and decision.
    """
    require_agency(principal, agency)
    require_role(principal, "officer", "admin")
    policy = AgencyPolicy(
        cstdcs_cap_share=body.cstdcs_cap_share, require_prior_award=body.require_prior_award
    )
    record = await set_policy(
        awards.engine,
        agency,
        policy,
        expected_version=expected_version(if_match),
        actor=principal.subject,
    )
    response.headers["ETag"] = etag(record.version)
    return AgencyPolicyPublic.of(record)
