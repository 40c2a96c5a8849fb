"""Answering eligibility questions from the local view: facts and policy in, verdicts out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.domain.eligibility import Verdict, evaluate, next_titles
from services.awards.localview.facts_loader import load_facts
from services.awards.localview.policies import agency_policy
from shared.events.vocabulary import RecipientKind


@dataclass(frozen=True, slots=True)
class EligibilityQuestion:
    """Does this recipient of this agency qualify for this award for this year?"""

    agency: str
    recipient_kind: RecipientKind
    recipient_id: str
    award_code: str
    year: int
    campaign_id: str | None = None
    as_of: date | None = None


async def verdict_on(connection: AsyncConnection, question: EligibilityQuestion) -> Verdict:
    """The engine's verdict under the agency's policy (raises ``UnknownAwardCode``)."""
    facts = await load_facts(connection, question.agency)
    return evaluate(
        facts,
        question.recipient_kind,
        question.recipient_id,
        question.award_code,
        question.year,
        agency_policy=await agency_policy(connection, question.agency),
        campaign_id=question.campaign_id,
        as_of=question.as_of,
    )


async def next_titles_of(
    connection: AsyncConnection, agency: str, member_id: str, year: int
) -> list[Verdict]:
    """The member's verdicts for the individual titles and forms of ``year``, lowest first."""
    facts = await load_facts(connection, agency)
    policy = await agency_policy(connection, agency)
    return next_titles(facts, member_id, year, agency_policy=policy)
