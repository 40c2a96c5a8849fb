"""Reads of the campaigns read model."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel.campaign_views import CampaignPublic, CampaignReviewPublic
from services.registry.readmodel.campaigns import campaign_reviews, campaigns
from shared.http.pagination import Page


def _active_in(year: int) -> ColumnElement[bool]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    return and_(
        campaigns.c.start_date <= last,
        or_(campaigns.c.end_date.is_(None), campaigns.c.end_date >= first),
    )


async def list_campaigns(
    connection: AsyncConnection, agency: str, year: int | None, limit: int, offset: int
) -> Page[CampaignPublic]:
    condition: ColumnElement[bool] = campaigns.c.agency == agency
    if year is not None:
        condition = and_(condition, _active_in(year))
    total = await connection.scalar(select(func.count()).select_from(campaigns).where(condition))
    rows = await connection.execute(
        select(campaigns)
        .where(condition)
        .order_by(campaigns.c.start_date, campaigns.c.campaign_id)
        .limit(limit)
        .offset(offset)
    )
    items = [CampaignPublic.model_validate(row._mapping) for row in rows]
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)


async def get_campaign(connection: AsyncConnection, campaign_id: str) -> CampaignPublic | None:
    row = (
        await connection.execute(select(campaigns).where(campaigns.c.campaign_id == campaign_id))
    ).first()
    return None if row is None else CampaignPublic.model_validate(row._mapping)


async def list_reviews(connection: AsyncConnection, campaign_id: str) -> list[CampaignReviewPublic]:
    """The campaign's reviews in the order they were recorded."""
    rows = await connection.execute(
        select(campaign_reviews)
        .where(campaign_reviews.c.campaign_id == campaign_id)
        .order_by(campaign_reviews.c.version)
    )
    return [CampaignReviewPublic.model_validate(row._mapping) for row in rows]
