"""HTTP request and response models of campaigns (kept apart from events and storage)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.events.vocabulary import (
    AgencyCode,
    CampaignForm,
    CampaignScope,
    EntityId,
    LaunchingLevel,
    ReviewStage,
)

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class CampaignCreate(BaseModel):
    """A campaign to launch (phát động phong trào thi đua)."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="Launching agency; must be the caller's agency.")
    title: Title = Field(description="Vietnamese title.")
    form: CampaignForm = Field(description="regular (thường xuyên) or thematic (chuyên đề).")
    scope: CampaignScope = Field(description="national, sector_local, bloc or unit.")
    launching_level: LaunchingLevel = Field(description="central, ministry_province or unit.")
    start_date: date
    end_date: date | None = Field(default=None, description="None for an open-ended campaign.")
    criteria: str = Field(default="", max_length=20000, description="Criteria and targets.")
    parent_campaign_id: EntityId | None = Field(
        default=None,
        description="Higher-level campaign this one responds to (of any agency); it must be "
        "known to the registry.",
    )
    registration_required: bool = Field(
        default=False, description="Whether participants must register to be eligible."
    )


class CampaignAccepted(BaseModel):
    """The campaign was launched, reviewed or closed: its id, new version and the events."""

    campaign_id: str
    version: int = Field(description="Stream version; send it back as If-Match to update.")
    event_ids: list[UUID]


class CampaignReviewCreate(BaseModel):
    """A review of a campaign: sơ kết (interim, any number) or tổng kết (final, at most once)."""

    model_config = ConfigDict(extra="forbid")

    stage: ReviewStage = Field(description="interim (sơ kết) or final (tổng kết).")
    review_date: date = Field(
        description="Date of the review conference; not before the campaign's start_date."
    )
    summary: str = Field(default="", max_length=20000, description="Summary, free text.")


class CampaignClose(BaseModel):
    """The end of a campaign: after it, no registrations or reviews."""

    model_config = ConfigDict(extra="forbid")

    closed_on: date = Field(description="Not before the start_date nor the last review.")


class CampaignReviewPublic(BaseModel):
    """One review of a campaign."""

    stage: ReviewStage
    review_date: date
    summary: str
    version: int = Field(description="Stream version of the review's event.")


class CampaignPublic(BaseModel):
    """A campaign as the registry knows it now."""

    campaign_id: str
    agency: str
    title: str
    form: CampaignForm
    scope: CampaignScope
    launching_level: LaunchingLevel
    start_date: date
    end_date: date | None
    criteria: str
    parent_campaign_id: str | None
    registration_required: bool
    status: str = Field(description="launched, reviewed_interim, reviewed_final or closed.")
    closed_on: date | None
    version: int = Field(description="Stream version; send it as If-Match to change it.")
