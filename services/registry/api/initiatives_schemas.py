"""HTTP models of initiatives (sáng kiến): what integrators send and read.

The read views of initiatives are the read model's own
(``services.registry.readmodel.initiative_views``), re-exported here.
"""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.registry.readmodel.initiative_views import InitiativePublic, RecognitionPublic
from shared.events.vocabulary import (
    AgencyCode,
    BusinessDate,
    InitiativeLevel,
    Name,
    UniqueIds,
    Year,
)

__all__ = [
    "InitiativeAccepted",
    "InitiativeCreate",
    "InitiativePublic",
    "RecognitionCreate",
    "RecognitionPublic",
]


class InitiativeCreate(BaseModel):
    """An initiative to register (đăng ký sáng kiến) for an agency's members."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="Registering agency; must be the caller's agency.")
    title: Name = Field(description="Vietnamese title of the initiative.")
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
    recognised_on: BusinessDate = Field(
        description="Date of the recognition; not before the registration year, not in the future."
    )


class InitiativeAccepted(BaseModel):
    """The initiative was registered or recognised: its id, new version and the events."""

    initiative_id: str
    version: int = Field(description="Stream version; send it back as If-Match to update.")
    event_ids: list[UUID]
