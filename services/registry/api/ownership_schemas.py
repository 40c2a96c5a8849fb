"""HTTP models of the ministry's assignments of agencies to instances, and of what this
instance serves."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.registry.api.lineage_schemas import LegalBasis
from shared.instances import InstanceName


class OwnershipAssignment(BaseModel):
    """From now on the agency in the path is served by `instance`: only that instance's
    registry and awards service record work in its name."""

    model_config = ConfigDict(extra="forbid")

    instance: InstanceName = Field(
        description='The instance that serves it from now on: "national" or e.g. "sct-01".'
    )
    legal_basis: LegalBasis


class OwnershipAccepted(BaseModel):
    """The assignment was recorded: the agency, its assignments' stream version (the
    assignment's number) and the event recorded."""

    agency_code: str
    version: int = Field(description="Number of assignments of the agency so far.")
    event_ids: list[UUID]


class AssignmentView(BaseModel):
    """One assignment: from `effective_at` the agency is served by `instance`."""

    agency_code: str
    sequence: int
    effective_at: datetime
    instance: str


class InstanceView(BaseModel):
    """What this instance is and serves, by the ministry's assignments learnt so far."""

    instance: str = Field(description='This instance: "national" or e.g. "sct-01".')
    agencies: list[str] = Field(
        description="The agencies its settings name (empty on the national instance: all)."
    )
    served: list[str] = Field(
        description="The agencies the ministry's latest assignments give to this instance "
        "(the national instance also serves every agency never assigned elsewhere)."
    )
    assignments: list[AssignmentView] = Field(
        description="Every assignment learnt so far, by agency and number."
    )
