"""What the ratings read model returns: ratings of members and units, the members' yearly
summary and discipline holds.

The API serves these view models as they are (services.registry.api.ratings_schemas re-exports
them).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from shared.events.vocabulary import Rating, SubjectKind


class RatingPublic(BaseModel):
    """A member's rating for a year, as last recorded."""

    member_id: str
    year: int
    agency: str
    rating: Rating
    version: int = Field(description="1 for the first record; each correction adds one.")


class UnitRatingPublic(BaseModel):
    """A unit's own rating for a year, as last recorded."""

    unit_id: str
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
