"""Initiative commands: register an initiative, recognise it at a level."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.events.vocabulary import BusinessDate, InitiativeLevel, Name, Year


class RegisterInitiative(BaseModel):
    """Register an initiative (đăng ký sáng kiến) authored by members of an agency."""

    model_config = ConfigDict(frozen=True)

    initiative_id: str
    agency: str
    title: Name
    author_ids: tuple[str, ...]
    year: Year


class RecogniseInitiative(BaseModel):
    """Record that an initiative was recognised (công nhận) at a level on a date."""

    model_config = ConfigDict(frozen=True)

    initiative_id: str
    level: InitiativeLevel
    recognised_on: BusinessDate
