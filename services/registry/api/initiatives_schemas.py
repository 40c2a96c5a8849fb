"""HTTP models of initiatives (sáng kiến): what integrators send and read."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.events.vocabulary import AgencyCode, InitiativeLevel, Text, UniqueIds, Year


class InitiativeCreate(BaseModel):
    """An initiative to register (đăng ký sáng kiến) for an agency's members."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="Registering agency; must be the caller's agency.")
    title: Text = Field(description="Vietnamese title of the initiative.")
    author_ids: UniqueIds = Field(
        description="Member ids of the authors (distinct, at least one); each must be a "
        "member of the agency."
    )
    year: Year = Field(description="Year the initiative is applied / registered.")


class RecognitionCreate(BaseModel):
    """A recognition (công nhận) of an initiative at a level; each level at most once."""

    model_config = ConfigDict(extra="forbid")

    level: InitiativeLevel = Field(
        description="grassroots (cơ sở), ministry_province (cấp bộ/tỉnh) or national (toàn quốc)."
        " Any order: since Decree 152/2025 a higher level needs no lower one first."
    )
    recognised_on: date = Field(
        description="Date of the recognition; not before the registration year, not in the future."
    )


class InitiativeAccepted(BaseModel):
    """The initiative was registered or recognised: its id, new version and the events."""

    initiative_id: str
    version: int = Field(description="Stream version; send it back as If-Match to update.")
    event_ids: list[UUID]


class RecognitionPublic(BaseModel):
    """One level at which an initiative was recognised."""

    level: InitiativeLevel
    recognised_on: date


class InitiativePublic(BaseModel):
    """An initiative as the registry knows it now, with its authors and recognitions."""

    initiative_id: str
    agency: str
    title: str
    year: int = Field(description="Year applied / registered.")
    author_ids: list[str] = Field(description="Member ids of the authors, in the order given.")
    recognitions: list[RecognitionPublic] = Field(description="Levels recognised so far, by date.")
    version: int = Field(description="Stream version; send it as If-Match to change it.")
