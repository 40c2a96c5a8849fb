"""The ministry's assignment of an agency to the instance that serves it.

Every agency belongs to the national instance until the ministry assigns it to a province's
own instance (or back). The national registry records the assignment, in its own store like
every command, and publishes it to the ownership topic (``<prefix>.ownership.events``, one
partition), which every instance and the reporting service read in full before trusting an
event (:mod:`shared.instances`).
"""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import Field, model_validator

from shared.envelope import EventPayload
from shared.events.registry_lineage import LegalBasis
from shared.events.vocabulary import AgencyCode
from shared.instances.names import InstanceName


class AgencyOwnershipAssigned(EventPayload):
    """From the moment it is recorded, ``agency_code`` is served by ``instance``: only that
    instance's registry and awards service may write in the agency's name."""

    event_type: ClassVar[str] = "AgencyOwnershipAssigned"
    schema_version: ClassVar[int] = 1

    agency_code: AgencyCode = Field(description="The agency assigned.")
    instance: InstanceName = Field(description="The instance that serves it from now on.")
    previous_instance: InstanceName = Field(description="The instance that served it until now.")
    sequence: int = Field(ge=1, description="1 for the agency's first assignment, then 2, …")
    legal_basis: LegalBasis = Field(description="The ministry's decision that assigns it.")

    @model_validator(mode="after")
    def _changes_hands(self) -> Self:
        if self.instance == self.previous_instance:
            raise ValueError(f"{self.agency_code} is served by {self.instance} already")
        return self
