"""Reads of the proposals read model: the state a command needs, lists, one proposal, summary."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.readmodel.proposal_views import (
    NomineePublic,
    ProposalDetail,
    ProposalListItem,
    ProposalSummary,
    ReviewPublic,
    StepPublic,
    VotePublic,
)
from services.awards.readmodel.proposals import (
    DECIDED,
    proposal_nominees,
    proposal_steps,
    proposal_votes,
    proposals,
)
from shared.events.awards import Nominee
from shared.events.vocabulary import CommendationKind, GrantingLevel
from shared.http.pagination import Page
from shared.reference.awards import AWARDS

PENDING = ("submitted", "reviewed", "forwarded")
"""Statuses of a proposal awaiting an authority."""


@dataclass(frozen=True)
class ProposalView:
    """What a command about a proposal (or a decision naming it) needs to know of it.

    A decision may reference a proposal whose status is ``reviewed`` (its council voted at
    ``level``); ``approved_nominees`` are those that council approved.
    """

    proposal_id: str
    agency: str
    status: str
    level: GrantingLevel
    commendation_kind: CommendationKind
    campaign_id: str | None
    version: int
    last_step_on: date
    approved_nominees: tuple[Nominee, ...]
    last_submitted_on: date | None = None
    """Its latest (re)submission: the day its dossier was filed, which chooses the regime."""

    @property
    def decided(self) -> bool:
        return self.status == DECIDED


async def proposal_state(connection: AsyncConnection, proposal_id: str) -> ProposalView | None:
    """The proposal's agency, status, level and approved nominees; None if there is none."""
    found = await _row(connection, proposal_id)
    if found is None:
        return None
    columns = proposal_nominees.c
    rows = await connection.execute(
        select(proposal_nominees)
        .where(columns.proposal_id == proposal_id, columns.in_play, columns.approved.is_(True))
        .order_by(columns.position)
    )
    approved = tuple(Nominee.model_validate(_nominee_fields(row._mapping)) for row in rows)
    return ProposalView(
        proposal_id=proposal_id,
        agency=found["agency"],
        status=found["status"],
        level=GrantingLevel(found["level"]),
        commendation_kind=CommendationKind(found["commendation_kind"]),
        campaign_id=found["campaign_id"],
        version=found["version"],
        last_step_on=found["last_step_on"],
        approved_nominees=approved,
        last_submitted_on=found["last_submitted_on"],
    )


def _nominee_fields(row: Any) -> dict[str, Any]:
    fields = ("nominee_kind", "nominee_id", "award_code")
    years = ("achievement_year", "period_from", "period_to")
    return {key: row[key] for key in fields} | {
        key: row[key] for key in years if row[key] is not None
    }


@dataclass(frozen=True)
class ProposalFilter:
    """Which proposals a list or a summary covers (year: of the first submission)."""

    agency: str
    status: str | None = None
    level: str | None = None
    year: int | None = None

    def condition(self) -> ColumnElement[bool]:
        columns = proposals.c
        clauses = [columns.agency == self.agency]
        if self.status is not None:
            clauses.append(columns.status == self.status)
        if self.level is not None:
            clauses.append(columns.level == self.level)
        if self.year is not None:
            clauses.append(columns.submission_year == self.year)
        return and_(*clauses)


def age_days(row: Any, today: date) -> int:
    """From the first submission to the decision, or to today while undecided."""
    end: date = row["decided_on"] if row["decided_on"] is not None else today
    submitted_on: date = row["submitted_on"]
    return max(0, (end - submitted_on).days)


async def list_proposals(
    connection: AsyncConnection, where: ProposalFilter, limit: int, offset: int, today: date
) -> Page[ProposalListItem]:
    condition = where.condition()
    total = await connection.scalar(select(func.count()).select_from(proposals).where(condition))
    rows = await connection.execute(
        select(proposals)
        .where(condition)
        .order_by(proposals.c.submitted_on, proposals.c.proposal_id)
        .limit(limit)
        .offset(offset)
    )
    items = [_item(row._mapping, today) for row in rows]
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)


def _item(row: Any, today: date) -> ProposalListItem:
    return ProposalListItem.model_validate({**row, "age_days": age_days(row, today)})


async def get_proposal(
    connection: AsyncConnection, proposal_id: str, today: date
) -> ProposalDetail | None:
    """The proposal with its nominees, reviews and history; None if there is none."""
    found = await _row(connection, proposal_id)
    if found is None:
        return None
    return ProposalDetail.model_validate(
        {
            **_item(found, today).model_dump(),
            "nominees": await _nominees(connection, proposal_id),
            "reviews": await _reviews(connection, proposal_id),
            "history": await _history(connection, found),
        }
    )


async def _row(connection: AsyncConnection, proposal_id: str) -> dict[str, Any] | None:
    query = select(proposals).where(proposals.c.proposal_id == proposal_id)
    row = (await connection.execute(query)).first()
    return None if row is None else dict(row._mapping)


async def _nominees(connection: AsyncConnection, proposal_id: str) -> list[NomineePublic]:
    columns = proposal_nominees.c
    rows = await connection.execute(
        select(proposal_nominees)
        .where(columns.proposal_id == proposal_id)
        .order_by(columns.position)
    )
    return [_nominee(row._mapping) for row in rows]


def _nominee(row: Any) -> NomineePublic:
    award = AWARDS.get(row["award_code"])
    name = award.name_vi if award is not None else row["award_code"]
    return NomineePublic.model_validate({**row, "award_name_vi": name})


async def _reviews(connection: AsyncConnection, proposal_id: str) -> list[ReviewPublic]:
    steps = await _steps(connection, proposal_id)
    columns = proposal_votes.c
    rows = await connection.execute(
        select(proposal_votes)
        .where(columns.proposal_id == proposal_id)
        .order_by(columns.version, columns.position)
    )
    votes: dict[int, list[VotePublic]] = {}
    for row in rows:
        votes.setdefault(row.version, []).append(VotePublic.model_validate(row._mapping))
    return [
        ReviewPublic(
            version=step["version"],
            level=step["level"],
            reviewed_on=step["step_on"],
            votes=votes.get(step["version"], []),
        )
        for step in steps
        if step["step"] == "reviewed"
    ]


async def _steps(connection: AsyncConnection, proposal_id: str) -> list[dict[str, Any]]:
    columns = proposal_steps.c
    rows = await connection.execute(
        select(proposal_steps).where(columns.proposal_id == proposal_id).order_by(columns.version)
    )
    return [dict(row._mapping) for row in rows]


async def _history(connection: AsyncConnection, found: dict[str, Any]) -> list[StepPublic]:
    history = [
        StepPublic(
            step=step["step"],
            level=step["level"],
            on=step["step_on"],
            version=step["version"],
            reason=step["reason"],
        )
        for step in await _steps(connection, found["proposal_id"])
    ]
    if found["status"] == DECIDED:
        decided = StepPublic(
            step=DECIDED,
            level=found["level"],
            on=found["decided_on"],
            version=None,
            decision_id=found["decision_id"],
        )
        history.append(decided)
    return history


async def proposal_summary(
    connection: AsyncConnection, agency: str, year: int | None, today: date
) -> ProposalSummary:
    """Counts by current status and the median age of the pending proposals."""
    columns = proposals.c
    condition = ProposalFilter(agency=agency, year=year).condition()
    counted = await connection.execute(
        select(columns.status, func.count()).where(condition).group_by(columns.status)
    )
    counts = Counter({str(row[0]): int(row[1]) for row in counted})
    pending = await connection.execute(
        select(columns.submitted_on).where(condition, columns.status.in_(PENDING))
    )
    ages = [max(0, (today - row.submitted_on).days) for row in pending]
    return ProposalSummary(
        agency=agency,
        year=year,
        total=sum(counts.values()),
        submitted=counts["submitted"],
        reviewed=counts["reviewed"],
        forwarded=counts["forwarded"],
        returned=counts["returned"],
        decided=counts[DECIDED],
        pending=len(ages),
        median_pending_age_days=statistics.median(ages) if ages else None,
    )
