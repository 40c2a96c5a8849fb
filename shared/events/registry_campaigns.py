"""Registry events about campaigns (phong trào thi đua) and registrations (đăng ký thi đua)."""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import Field, model_validator

from shared.envelope import EventPayload
from shared.events.vocabulary import (
    AwardCode,
    BusinessDate,
    CampaignForm,
    CampaignScope,
    EntityId,
    FreeText,
    LaunchingLevel,
    Name,
    ReviewStage,
    SubjectKind,
    Text,
    UniqueAwardCodes,
    Year,
)


class CampaignLaunched(EventPayload):
    """An authority launched a campaign (Art 16–18); counted on form 0601.N.

    A regular campaign may have no end date (it runs year after year). A lower agency's
    campaign launched in response to a higher one names it as ``parent_campaign_id``.
    """

    event_type: ClassVar[str] = "CampaignLaunched"
    schema_version: ClassVar[int] = 1

    campaign_id: EntityId = Field(description="The campaign.")
    title: Name = Field(description="Vietnamese title of the campaign.")
    form: CampaignForm = Field(description="Regular (yearly) or thematic.")
    scope: CampaignScope = Field(description="National, sector/local, bloc or unit.")
    launching_level: LaunchingLevel = Field(description="Level of the launching authority.")
    launching_agency: Name = Field(
        description="Agency code, or name of an authority outside the system (e.g. the "
        "central council)."
    )
    start_date: BusinessDate = Field(description="First day of the campaign.")
    end_date: BusinessDate | None = Field(default=None, description="Last day; none if open-ended.")
    criteria: FreeText = Field(default="", description="Criteria, free text.")
    parent_campaign_id: EntityId | None = Field(
        default=None, description="Higher-level campaign this one responds to."
    )
    registration_required: bool = Field(
        default=False, description="Whether participants must register (agency's own rule)."
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date must not be before start_date")
        if self.parent_campaign_id == self.campaign_id:
            raise ValueError("a campaign cannot be its own parent")
        return self


class CampaignReviewed(EventPayload):
    """A campaign was reviewed: sơ kết (interim) or tổng kết (final)."""

    event_type: ClassVar[str] = "CampaignReviewed"
    schema_version: ClassVar[int] = 1

    campaign_id: EntityId = Field(description="The campaign.")
    stage: ReviewStage = Field(description="Interim or final review.")
    review_date: BusinessDate = Field(description="Date of the review conference.")
    summary: FreeText = Field(default="", description="Summary, free text.")


class CampaignClosed(EventPayload):
    """A campaign ended; no further registrations or reviews."""

    event_type: ClassVar[str] = "CampaignClosed"
    schema_version: ClassVar[int] = 1

    campaign_id: EntityId = Field(description="The campaign.")
    closed_on: BusinessDate = Field(description="Date the campaign closed.")


class RegistrationSubmittedV1(EventPayload):
    """Version 1 of RegistrationSubmitted: one award code per registration.

    Superseded by version 2 (several codes). Kept to document the old shape; stored and
    published v1 events are upcast to v2 on reading.
    """

    event_type: ClassVar[str] = "RegistrationSubmitted"
    schema_version: ClassVar[int] = 1

    registration_id: EntityId = Field(description="The registration.")
    registrant_kind: SubjectKind = Field(description="A unit or a member registers.")
    registrant_id: EntityId = Field(description="The registering unit or member.")
    year: Year = Field(description="Year the registration is for.")
    campaign_id: EntityId | None = Field(default=None, description="Campaign, if any.")
    award_code: AwardCode = Field(description="The one title registered for.")


class RegistrationSubmitted(EventPayload):
    """A unit or member registered (đăng ký thi đua) for one or more titles of a year.

    Schema version 2: ``award_codes`` replaced v1's single ``award_code``.
    """

    event_type: ClassVar[str] = "RegistrationSubmitted"
    schema_version: ClassVar[int] = 2

    registration_id: EntityId = Field(description="The registration.")
    registrant_kind: SubjectKind = Field(description="A unit or a member registers.")
    registrant_id: EntityId = Field(description="The registering unit or member.")
    year: Year = Field(description="Year the registration is for.")
    campaign_id: EntityId | None = Field(
        default=None, description="Campaign registered under; none for the yearly titles."
    )
    award_codes: UniqueAwardCodes = Field(
        description="Titles registered for (catalogue codes, no repeats)."
    )


class RegistrationApproved(EventPayload):
    """The agency approved a registration."""

    event_type: ClassVar[str] = "RegistrationApproved"
    schema_version: ClassVar[int] = 1

    registration_id: EntityId = Field(description="The registration.")


class RegistrationReturned(EventPayload):
    """The agency returned a registration for correction."""

    event_type: ClassVar[str] = "RegistrationReturned"
    schema_version: ClassVar[int] = 1

    registration_id: EntityId = Field(description="The registration.")
    reason: Text = Field(description="Why it was returned.")
