"""Registry events recorded through the year: initiatives, ratings and discipline holds.

These are the evidence the awards service checks eligibility against. Members' ratings and
discipline are personal data: events carry member ids and dates only, never the details of a
discipline. Units are rated too (their own yearly rating, for the collective titles).
"""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import Field, model_validator

from shared.envelope import EventPayload
from shared.events.vocabulary import (
    BusinessDate,
    EntityId,
    InitiativeLevel,
    Name,
    Rating,
    SubjectKind,
    UniqueIds,
    Year,
)


class InitiativeRegistered(EventPayload):
    """An initiative (sáng kiến) was registered by its authors."""

    event_type: ClassVar[str] = "InitiativeRegistered"
    schema_version: ClassVar[int] = 1

    initiative_id: EntityId = Field(description="The initiative.")
    title: Name = Field(description="Vietnamese title of the initiative.")
    author_member_ids: UniqueIds = Field(description="Members who authored it.")
    year: Year = Field(description="Year it was applied / registered.")


class InitiativeRecognised(EventPayload):
    """An initiative was recognised at a level; evidence for CSTĐ titles (Art 21–23)."""

    event_type: ClassVar[str] = "InitiativeRecognised"
    schema_version: ClassVar[int] = 1

    initiative_id: EntityId = Field(description="The initiative.")
    level: InitiativeLevel = Field(description="Grassroots, ministry/province or national.")
    recognised_on: BusinessDate = Field(description="Date of the recognition.")


class RatingRecorded(EventPayload):
    """A member's rating (xếp loại) for a year was recorded; a later one replaces it."""

    event_type: ClassVar[str] = "RatingRecorded"
    schema_version: ClassVar[int] = 1

    member_id: EntityId = Field(description="The member.")
    year: Year = Field(description="Year rated.")
    rating: Rating = Field(description="HTXSNV, HTTNV, HTNV or KHTNV.")


class UnitRatingRecorded(EventPayload):
    """A unit's own rating (xếp loại tập thể) for a year was recorded; a later one replaces it.

    Law 06/2022/QH15 Art 27 and 28 (point a) ask the collective itself to have completed its
    tasks well (HTTNV) or excellently (HTXSNV). A type of its own rather than a variant of
    :class:`RatingRecorded`: every consumer keys that one on its required ``member_id``.
    """

    event_type: ClassVar[str] = "UnitRatingRecorded"
    schema_version: ClassVar[int] = 1

    unit_id: EntityId = Field(description="The unit (tập thể).")
    year: Year = Field(description="Year rated.")
    rating: Rating = Field(description="HTXSNV, HTTNV, HTNV or KHTNV.")


class DisciplineHoldPlaced(EventPayload):
    """Awards to a unit or member are held from a date (discipline or investigation pending).

    No details of the discipline are carried: only who and when.
    """

    event_type: ClassVar[str] = "DisciplineHoldPlaced"
    schema_version: ClassVar[int] = 1

    hold_id: EntityId = Field(description="The hold; DisciplineHoldLifted names it.")
    subject_kind: SubjectKind = Field(description="A unit or a member.")
    subject_id: EntityId = Field(description="The unit or member held.")
    from_date: BusinessDate = Field(description="First day of the hold.")
    to_date: BusinessDate | None = Field(
        default=None, description="Last day, if known (e.g. the term of a discipline)."
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.to_date is not None and self.to_date < self.from_date:
            raise ValueError("to_date must not be before from_date")
        return self


class DisciplineHoldLifted(EventPayload):
    """A hold ended; achievements count again from the day after ``to_date``."""

    event_type: ClassVar[str] = "DisciplineHoldLifted"
    schema_version: ClassVar[int] = 1

    hold_id: EntityId = Field(description="The hold that ended.")
    subject_kind: SubjectKind = Field(description="A unit or a member.")
    subject_id: EntityId = Field(description="The unit or member no longer held.")
    to_date: BusinessDate = Field(description="Last day of the hold.")
