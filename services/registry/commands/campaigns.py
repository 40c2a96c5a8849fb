"""Commands the registry accepts about campaigns (imperative names, frozen models)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.events.vocabulary import (
    BusinessDate,
    CampaignForm,
    CampaignScope,
    FreeText,
    LaunchingLevel,
    Name,
    ReviewStage,
)


class LaunchCampaign(BaseModel):
    """Launch a campaign (phát động phong trào thi đua) on behalf of an agency."""

    model_config = ConfigDict(frozen=True)

    campaign_id: str
    agency: str
    title: Name
    form: CampaignForm
    scope: CampaignScope
    launching_level: LaunchingLevel
    start_date: BusinessDate
    end_date: BusinessDate | None = None
    criteria: FreeText = ""
    parent_campaign_id: str | None = None
    registration_required: bool = False


class ReviewCampaign(BaseModel):
    """Record a review of a campaign: sơ kết (interim) or tổng kết (final)."""

    model_config = ConfigDict(frozen=True)

    campaign_id: str
    stage: ReviewStage
    review_date: BusinessDate
    summary: FreeText = ""


class CloseCampaign(BaseModel):
    """Close a campaign: no registrations or reviews after this."""

    model_config = ConfigDict(frozen=True)

    campaign_id: str
    closed_on: BusinessDate
