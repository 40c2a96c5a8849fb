"""The ministry's assignment of an agency to the instance that serves it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.events.vocabulary import AgencyCode, Name
from shared.instances import InstanceName


class AssignOwnership(BaseModel):
    """From now on ``agency_code`` is served by ``instance`` (``national`` or e.g. ``sct-01``)."""

    model_config = ConfigDict(frozen=True)

    agency_code: AgencyCode
    instance: InstanceName
    legal_basis: Name
