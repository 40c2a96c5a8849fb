"""Rating commands: record (or correct) a member's or a unit's rating for a year."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.events.vocabulary import Rating, Year


class RecordRating(BaseModel):
    """Record a member's yearly rating (xếp loại); a second one for the year is a correction.

    ``expected_version`` is the version the caller read (``If-Match``): a correction needs it.
    """

    model_config = ConfigDict(frozen=True)

    agency: str
    member_id: str
    year: Year
    rating: Rating
    expected_version: int | None = None


class RecordUnitRating(BaseModel):
    """Record a unit's own yearly rating (xếp loại tập thể); a second one is a correction.

    ``expected_version`` is the version the caller read (``If-Match``): a correction needs it.
    """

    model_config = ConfigDict(frozen=True)

    agency: str
    unit_id: str
    year: Year
    rating: Rating
    expected_version: int | None = None
