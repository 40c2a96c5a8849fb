"""What the campaigns read model returns: a campaign and its reviews as the registry knows them.

The API serves these view models as they are (services.registry.api.schemas re-exports them).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from shared.events.vocabulary import CampaignForm, CampaignScope, LaunchingLevel, ReviewStage


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
