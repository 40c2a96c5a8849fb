"""Read model of campaigns: one row per campaign, its reviews, kept in the command's transaction."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel.appliers import Appliers
from services.registry.readmodel.metadata import metadata
from shared.envelope import EventPayload
from shared.events import CampaignClosed, CampaignLaunched, CampaignReviewed
from shared.eventstore import RecordedEvent

campaigns = Table(
    "campaigns",
    metadata,
    Column("campaign_id", String(128), primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("title", String(500), nullable=False),
    Column("form", String(16), nullable=False),
    Column("scope", String(16), nullable=False),
    Column("launching_level", String(32), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=True),
    Column("criteria", Text, nullable=False),
    Column("parent_campaign_id", String(128), nullable=True),
    Column("registration_required", Boolean, nullable=False),
    Column("status", String(16), nullable=False),
    Column("closed_on", Date, nullable=True),
    Column("version", Integer, nullable=False),
    Index("ix_campaigns_agency_start", "agency", "start_date"),
)

campaign_reviews = Table(
    "campaign_reviews",
    metadata,
    Column("campaign_id", String(128), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("stage", String(16), nullable=False),
    Column("review_date", Date, nullable=False),
    Column("summary", Text, nullable=False),
)


_INSERT_CAMPAIGN = insert(campaigns)
_INSERT_REVIEW = insert(campaign_reviews)


async def _launched(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, CampaignLaunched)
    # The values as parameters of the one statement: built and hashed once, not per command.
    row = {
        "campaign_id": p.campaign_id,
        "agency": event.agency,
        "title": p.title,
        "form": p.form.value,
        "scope": p.scope.value,
        "launching_level": p.launching_level.value,
        "start_date": p.start_date,
        "end_date": p.end_date,
        "criteria": p.criteria,
        "parent_campaign_id": p.parent_campaign_id,
        "registration_required": p.registration_required,
        "status": "launched",
        "version": event.stream_version,
    }
    await connection.execute(_INSERT_CAMPAIGN, row)


async def _reviewed(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, CampaignReviewed)
    row = {
        "campaign_id": p.campaign_id,
        "version": event.stream_version,
        "stage": p.stage.value,
        "review_date": p.review_date,
        "summary": p.summary,
    }
    await connection.execute(_INSERT_REVIEW, row)
    await _set(connection, p.campaign_id, event.stream_version, status=f"reviewed_{p.stage.value}")


async def _closed(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, CampaignClosed)
    await _set(
        connection, p.campaign_id, event.stream_version, status="closed", closed_on=p.closed_on
    )


async def _set(
    connection: AsyncConnection, campaign_id: str, version: int, **values: object
) -> None:
    await connection.execute(
        update(campaigns)
        .where(campaigns.c.campaign_id == campaign_id)
        .values(version=version, **values)
    )


APPLIERS: Appliers = {
    "CampaignLaunched": _launched,
    "CampaignReviewed": _reviewed,
    "CampaignClosed": _closed,
}


async def campaign_agency(connection: AsyncConnection, campaign_id: str) -> str | None:
    """The agency that launched the campaign, or None if there is no such campaign."""
    query = select(campaigns.c.agency).where(campaigns.c.campaign_id == campaign_id)
    agency = await connection.scalar(query)
    return None if agency is None else str(agency)
