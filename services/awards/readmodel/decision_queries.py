"""Reads of decisions, awards and a recipient's award history (hồ sơ thành tích)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.localview.history_scope import history_scope
from services.awards.readmodel.decision_views import (
    AwardPublic,
    AwardTotal,
    DecisionPublic,
    DecisionSummary,
    HistoryYear,
    RecipientHistory,
    RevocationPublic,
    TransferPublic,
)
from services.awards.readmodel.decisions import decision_awards, decision_revocations, decisions
from shared.events.vocabulary import GrantingLevel, RecipientKind
from shared.http.pagination import Page
from shared.reference.awards import AWARDS


async def decision_agency(connection: AsyncConnection, decision_id: str) -> str | None:
    """The agency that recorded the decision, or None if there is no such decision."""
    query = select(decisions.c.agency).where(decisions.c.decision_id == decision_id)
    agency = await connection.scalar(query)
    return None if agency is None else str(agency)


async def decision_with_number(connection: AsyncConnection, key: str) -> str | None:
    """The decision recorded under a number key (see ``domain.decisions.number_key``)."""
    query = select(decisions.c.decision_id).where(decisions.c.number_key == key)
    found = await connection.scalar(query)
    return None if found is None else str(found)


async def decisions_with_numbers(
    connection: AsyncConnection, keys: Collection[str]
) -> dict[str, str]:
    """The decisions recorded under any of the number keys (one statement): id by key."""
    if not keys:
        return {}
    query = select(decisions.c.number_key, decisions.c.decision_id).where(
        decisions.c.number_key.in_(sorted(keys))
    )
    return {str(key): str(found) for key, found in await connection.execute(query)}


async def list_decisions(
    connection: AsyncConnection,
    agency: str,
    year: int | None,
    authority_level: GrantingLevel | None,
    page: tuple[int, int],
) -> Page[DecisionSummary]:
    """An agency's decisions by signing date; ``page`` is (limit, offset)."""
    condition: ColumnElement[bool] = decisions.c.agency == agency
    if year is not None:
        first, last = date(year, 1, 1), date(year, 12, 31)
        condition = and_(condition, decisions.c.signed_on.between(first, last))
    if authority_level is not None:
        condition = and_(condition, decisions.c.authority_level == authority_level.value)
    total = await connection.scalar(select(func.count()).select_from(decisions).where(condition))
    limit, offset = page
    rows = await connection.execute(
        select(decisions)
        .where(condition)
        .order_by(decisions.c.signed_on, decisions.c.number, decisions.c.decision_id)
        .limit(limit)
        .offset(offset)
    )
    items = [DecisionSummary.model_validate(row._mapping) for row in rows]
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)


async def get_decision(connection: AsyncConnection, decision_id: str) -> DecisionPublic | None:
    """The decision with its awards in order and its revocations as recorded."""
    row = (
        await connection.execute(select(decisions).where(decisions.c.decision_id == decision_id))
    ).first()
    if row is None:
        return None
    awards = await decision_award_list(connection, decision_id)
    revocations = await connection.execute(
        select(decision_revocations)
        .where(decision_revocations.c.decision_id == decision_id)
        .order_by(decision_revocations.c.version)
    )
    return DecisionPublic(
        **row._mapping,
        awards=awards,
        revocations=[RevocationPublic.model_validate(r._mapping) for r in revocations],
    )


async def decision_award_list(connection: AsyncConnection, decision_id: str) -> list[AwardPublic]:
    """The decision's awards in the order it lists them."""
    rows = await connection.execute(
        select(decision_awards)
        .where(decision_awards.c.decision_id == decision_id)
        .order_by(decision_awards.c.position)
    )
    return [_award(row._mapping) for row in rows]


def _award(values: Any) -> AwardPublic:
    code = values["award_code"]
    known = AWARDS.get(code)
    return AwardPublic(**values, award_name=known.name_vi if known is not None else code)


async def recipient_history(
    connection: AsyncConnection, agency: str, kind: RecipientKind, recipient_id: str
) -> RecipientHistory:
    """Every award of a recipient recorded by ``agency``, by the agencies it continues and by
    those the recipient was transferred from, by achievement year; revoked ones are listed but
    left out of the totals."""
    scope = await history_scope(connection, agency, kind, recipient_id)
    rows = await connection.execute(
        select(decision_awards)
        .where(
            decision_awards.c.agency.in_(scope.agencies),
            decision_awards.c.recipient_kind == kind.value,
            decision_awards.c.recipient_id == recipient_id,
        )
        .order_by(
            decision_awards.c.year_to, decision_awards.c.signed_on, decision_awards.c.award_code
        )
    )
    awards = [_award(row._mapping) for row in rows]
    by_year: defaultdict[int, list[AwardPublic]] = defaultdict(list)
    for award in awards:
        by_year[award.year_to].append(award)
    standing = [a for a in awards if not a.revoked]
    return RecipientHistory(
        agency=agency,
        recipient_kind=kind,
        recipient_id=recipient_id,
        agencies=list(scope.agencies),
        transfers=[TransferPublic(**asdict(t)) for t in scope.transfers],
        standing=len(standing),
        revoked=len(awards) - len(standing),
        totals=_totals(standing),
        years=[HistoryYear(year=y, awards=found) for y, found in by_year.items()],
    )


def _totals(standing: list[AwardPublic]) -> list[AwardTotal]:
    by_code: defaultdict[str, list[AwardPublic]] = defaultdict(list)
    for award in standing:
        by_code[award.award_code].append(award)
    return [
        AwardTotal(
            award_code=code,
            award_name=found[0].award_name,
            count=len(found),
            years=[a.year_to for a in found],
        )
        for code, found in sorted(by_code.items())
    ]
