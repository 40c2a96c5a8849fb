"""HTTP models of blocs and pacts, kept apart from events and storage.

The read views of blocs and pacts are the read model's own
(``services.registry.readmodel.bloc_views``), re-exported here.
"""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.registry.api.agencies_schemas import DisplayName
from services.registry.readmodel.bloc_views import BlocPublic, PactPublic
from shared.events.vocabulary import AgencyCode, BlocKind, UniqueIds, Year

__all__ = [
    "BlocAccepted",
    "BlocCreate",
    "BlocPublic",
    "PactAccepted",
    "PactCreate",
    "PactPublic",
]


class BlocCreate(BaseModel):
    """A bloc (khối / cụm thi đua) to form in the caller's agency."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="The bloc's agency; must be the caller's agency.")
    name: DisplayName = Field(description="Vietnamese name, e.g. Khối thi đua Kinh tế – Kỹ thuật.")
    kind: BlocKind = Field(description="units (of the agency) or agencies (registered ones).")
    member_ids: UniqueIds = Field(
        min_length=1,
        description="Unit ids or agency codes of the members (with `outside_members`, at "
        "least two members in all).",
    )
    outside_members: list[DisplayName] = Field(
        default_factory=list,
        max_length=100,
        description="Names of members outside the product, e.g. the other sectors' departments "
        "of a province's Khối thi đua Kinh tế – Kỹ thuật (Sở Xây dựng, Sở Giao thông vận tải…).",
    )


class BlocAccepted(BaseModel):
    """The bloc was formed: its id, stream version and the events recorded."""

    bloc_id: str
    version: int = Field(description="Stream version of the bloc.")
    event_ids: list[UUID]


class PactCreate(BaseModel):
    """A pact (giao ước thi đua) the bloc's members signed for a year."""

    model_config = ConfigDict(extra="forbid")

    year: Year = Field(description="Year the pact covers; one pact per bloc and year.")
    signatory_ids: UniqueIds = Field(description="Members of the bloc that signed.")


class PactAccepted(BaseModel):
    """The pact was recorded (in the bloc's stream)."""

    pact_id: str
    bloc_id: str
    version: int = Field(description="Stream version of the bloc after signing.")
    event_ids: list[UUID]
