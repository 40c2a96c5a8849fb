"""HTTP request and response models of the registry (kept apart from events and storage)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.events.vocabulary import AgencyCode, CampaignForm, CampaignScope, LaunchingLevel


class CampaignCreate(BaseModel):
    """A campaign to launch (phát động phong trào thi đua)."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="Launching agency; must be the caller's agency.")
    title: str = Field(min_length=1, max_length=500, description="Vietnamese title.")
    form: CampaignForm = Field(description="regular (thường xuyên) or thematic (chuyên đề).")
    scope: CampaignScope = Field(description="national, sector_local, bloc or unit.")
    launching_level: LaunchingLevel = Field(description="central, ministry_province or unit.")
    start_date: date
    end_date: date | None = Field(default=None, description="None for an open-ended campaign.")
    criteria: str = Field(default="", max_length=20000, description="Criteria and targets.")
    parent_campaign_id: str | None = Field(
        default=None, description="Higher-level campaign this one responds to."
    )
    registration_required: bool = Field(
        default=False, description="Whether participants must register to be eligible."
    )


class CampaignAccepted(BaseModel):
    """The campaign was launched: its id, stream version and the events recorded."""

    campaign_id: str
    version: int = Field(description="Stream version; send it back as If-Match to update.")
    event_ids: list[UUID]


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
