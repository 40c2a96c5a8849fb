"""HTTP models of yearly ratings (xếp loại) and discipline holds."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.events.vocabulary import AgencyCode, EntityId, Rating, SubjectKind, Year


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


class RatingPublic(BaseModel):
    """A member's rating for a year, as last recorded."""

    member_id: str
    year: int
    agency: str
    rating: Rating
    version: int = Field(description="1 for the first record; each correction adds one.")


class RatingSummary(BaseModel):
    """How many of an agency's members received each rating in a year."""

    agency: str
    year: int
    counts: dict[Rating, int] = Field(description="Members per rating (every rating present).")
    total: int = Field(description="Members rated that year.")


class DisciplineHoldCreate(BaseModel):
    """Hold a unit's or member's awards from a date (discipline or investigation pending)."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="The subject's agency; must be the caller's agency.")
    subject_kind: SubjectKind = Field(description="unit (tập thể) or member (cá nhân).")
    subject_id: EntityId = Field(description="The unit or member held; must belong to the agency.")
    from_date: date = Field(description="First day of the hold.")
    to_date: date | None = Field(
        default=None, description="Last day, if known (e.g. the term of a discipline)."
    )
    note: str = Field(
        default="",
        max_length=4000,
        description="Private note (reasons, decision number). Personal data: kept only in the "
        "registry, never published in events; shown only to the agency's officers and admins.",
    )


class DisciplineHoldLift(BaseModel):
    """The end of a hold."""

    model_config = ConfigDict(extra="forbid")

    lifted_on: date = Field(
        description="Last day of the hold: not before its from_date, not in the future."
    )


class DisciplineHoldAccepted(BaseModel):
    """The hold was placed or lifted: its id, new version and the events recorded."""

    hold_id: str
    version: int = Field(description="Stream version; send it back as If-Match to lift.")
    event_ids: list[UUID]


class DisciplineHoldPublic(BaseModel):
    """A discipline hold as the registry knows it now."""

    hold_id: str
    agency: str
    subject_kind: SubjectKind
    subject_id: str
    from_date: date
    to_date: date | None = Field(description="Last day held; None while open-ended.")
    lifted: bool = Field(description="Whether the hold was lifted.")
    note: str | None = Field(
        default=None,
        description="Private note; None if there is none or the caller may not see it "
        "(only the agency's officers and admins may).",
    )
    version: int = Field(description="Stream version; send it as If-Match to lift.")
