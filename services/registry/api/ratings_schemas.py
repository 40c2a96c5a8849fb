"""HTTP models of yearly ratings (xếp loại) and discipline holds.

The read views of ratings and holds are the read model's own
(``services.registry.readmodel.rating_views``), re-exported here.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.registry.readmodel.rating_views import (
    DisciplineHoldPublic,
    RatingPublic,
    RatingSummary,
    UnitRatingPublic,
)
from shared.events.vocabulary import (
    AgencyCode,
    BusinessDate,
    EntityId,
    FreeText,
    Rating,
    SubjectKind,
    Year,
)

__all__ = [
    "DisciplineHoldAccepted",
    "DisciplineHoldCreate",
    "DisciplineHoldLift",
    "DisciplineHoldPublic",
    "RatingAccepted",
    "RatingCreate",
    "RatingPublic",
    "RatingSummary",
    "UnitRatingAccepted",
    "UnitRatingCreate",
    "UnitRatingPublic",
]


class RatingCreate(BaseModel):
    """A member's rating for a year. Sending it again for the same member-year corrects it,
    and then needs ``If-Match`` with the version read."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="The member's agency; must be the caller's agency.")
    member_id: EntityId = Field(description="The member rated; must belong to the agency.")
    year: Year = Field(description="Year rated; not in the future.")
    rating: Rating = Field(
        description="HTXSNV (hoàn thành xuất sắc), HTTNV (hoàn thành tốt), HTNV (hoàn thành) "
        "or KHTNV (không hoàn thành nhiệm vụ)."
    )


class RatingAccepted(BaseModel):
    """The rating was recorded: where to read it, its version and the events recorded."""

    member_id: str
    year: int
    version: int = Field(description="Stream version; send it as If-Match to correct it.")
    event_ids: list[UUID]


class UnitRatingCreate(BaseModel):
    """A unit's own rating for a year (xếp loại tập thể, Law 06/2022/QH15 Art 27, 28 point a).
    Sending it again for the same unit-year corrects it, and then needs ``If-Match``."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="The unit's agency; must be the caller's agency.")
    unit_id: EntityId = Field(description="The unit rated; must belong to the agency.")
    year: Year = Field(description="Year rated; not in the future.")
    rating: Rating = Field(
        description="HTXSNV (hoàn thành xuất sắc), HTTNV (hoàn thành tốt), HTNV (hoàn thành) "
        "or KHTNV (không hoàn thành nhiệm vụ)."
    )


class UnitRatingAccepted(BaseModel):
    """The unit's rating was recorded: where to read it, its version and the events recorded."""

    unit_id: str
    year: int
    version: int = Field(description="Stream version; send it as If-Match to correct it.")
    event_ids: list[UUID]


class DisciplineHoldCreate(BaseModel):
    """Hold a unit's or member's awards from a date (discipline or investigation pending)."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="The subject's agency; must be the caller's agency.")
    subject_kind: SubjectKind = Field(description="unit (tập thể) or member (cá nhân).")
    subject_id: EntityId = Field(description="The unit or member held; must belong to the agency.")
    from_date: BusinessDate = Field(description="First day of the hold.")
    to_date: BusinessDate | None = Field(
        default=None, description="Last day, if known (e.g. the term of a discipline)."
    )
    note: Annotated[FreeText, Field(max_length=4000)] = Field(
        default="",
        description="Private note (reasons, decision number). Personal data: kept only in the "
        "registry, never published in events; shown only to the agency's officers and admins.",
    )


class DisciplineHoldLift(BaseModel):
    """The end of a hold."""

    model_config = ConfigDict(extra="forbid")

    lifted_on: BusinessDate = Field(
        description="Last day of the hold: not before its from_date, not in the future."
    )


class DisciplineHoldAccepted(BaseModel):
    """The hold was placed or lifted: its id, new version and the events recorded."""

    hold_id: str
    version: int = Field(description="Stream version; send it back as If-Match to lift.")
    event_ids: list[UUID]
