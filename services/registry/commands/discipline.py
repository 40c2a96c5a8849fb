"""Discipline-hold commands: place a hold on a unit or member, lift it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.events.vocabulary import BusinessDate, FreeText, SubjectKind


class PlaceDisciplineHold(BaseModel):
    """Hold a unit's or member's awards from a date (discipline or investigation pending).

    ``note`` is personal data: it is kept beside the events, never in them.
    """

    model_config = ConfigDict(frozen=True)

    hold_id: str
    agency: str
    subject_kind: SubjectKind
    subject_id: str
    from_date: BusinessDate
    to_date: BusinessDate | None = None
    note: FreeText = ""


class LiftDisciplineHold(BaseModel):
    """End a hold: ``lifted_on`` is its last day."""

    model_config = ConfigDict(frozen=True)

    hold_id: str
    lifted_on: BusinessDate
