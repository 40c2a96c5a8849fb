"""What the blocs read model returns: a bloc with its members and its pacts.

The API serves these view models as they are (services.registry.api.blocs_schemas re-exports
them).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from shared.events.vocabulary import BlocKind


class PactPublic(BaseModel):
    """A signed pact."""

    pact_id: str
    bloc_id: str
    agency: str = Field(description="Agency of the bloc.")
    year: int
    signatory_ids: list[str]


class BlocPublic(BaseModel):
    """A bloc with its members and its pacts, by year."""

    bloc_id: str
    agency: str
    name: str
    kind: BlocKind
    member_ids: list[str]
    outside_members: list[str] = Field(description="Members outside the product, by name.")
    pacts: list[PactPublic]
    version: int = Field(description="Stream version of the bloc.")
