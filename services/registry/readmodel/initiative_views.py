"""What the initiatives read model returns: an initiative with its authors and recognitions.

The API serves these view models as they are (services.registry.api.initiatives_schemas
re-exports them).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from shared.events.vocabulary import InitiativeLevel


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
