"""HTTP request and response models of campaigns (kept apart from events and storage).

The read views of campaigns and their reviews are the read model's own
(``services.registry.readmodel.campaign_views``), re-exported here.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.registry.readmodel.campaign_views import CampaignPublic, CampaignReviewPublic
from shared.events.vocabulary import (
    AgencyCode,
    BusinessDate,
    CampaignForm,
    CampaignScope,
    EntityId,
    FreeText,
    LaunchingLevel,
    Name,
    ReviewStage,
)

__all__ = [
    "CampaignAccepted",
    "CampaignClose",
    "CampaignCreate",
    "CampaignPublic",
    "CampaignReviewCreate",
    "CampaignReviewPublic",
    "Title",
]

Title = Annotated[Name, Field(max_length=500)]


class CampaignCreate(BaseModel):
    """A campaign to launch (phát động phong trào thi đua)."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="Launching agency; must be the caller's agency.")
    title: Title = Field(description="Vietnamese title.")
    form: CampaignForm = Field(description="regular (thường xuyên) or thematic (chuyên đề).")
    scope: CampaignScope = Field(description="national, sector_local, bloc or unit.")
    launching_level: LaunchingLevel = Field(description="central, ministry_province or unit.")
    start_date: BusinessDate = Field(description="First day of the campaign.")
    end_date: BusinessDate | None = Field(
        default=None, description="None for an open-ended campaign."
    )
    criteria: FreeText = Field(default="", description="Criteria and targets.")
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
    review_date: BusinessDate = Field(
        description="Date of the review conference; not before the campaign's start_date."
    )
    summary: FreeText = Field(default="", description="Summary, free text.")


class CampaignClose(BaseModel):
    """The end of a campaign: after it, no registrations or reviews."""

    model_config = ConfigDict(extra="forbid")

    closed_on: BusinessDate = Field(description="Not before the start_date nor the last review.")
