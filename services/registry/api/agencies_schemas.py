"""HTTP models of agencies (tenants), kept apart from events and storage.

The read views of an agency are the read model's own
(``services.registry.readmodel.directory_views``), re-exported here.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.registry.readmodel.directory_views import AgencyPublic
from shared.events.vocabulary import (
    AgencyCode,
    AgencyKind,
    BusinessDate,
    Name,
    ProvinceCode,
    ProvinceList,
)

__all__ = [
    "AgencyAccepted",
    "AgencyCreate",
    "AgencyPublic",
    "DisplayName",
]

DisplayName = Annotated[
    Name, Field(max_length=300, description="Vietnamese name, with diacritics.")
]


class AgencyCreate(BaseModel):
    """An agency to register: a Sở Công Thương or a unit of the ministry.

    A provincial department names its province by ``province_code`` on a list: give the list
    (``province_list``), or the date the agency was set up (``established_on``) and the list in
    force that day is used (63 until 2025-06-30, 34 from 2025-07-01). Given both, they must
    agree. A ministry unit has no province.
    """

    model_config = ConfigDict(extra="forbid")

    agency_code: AgencyCode = Field(description="The agency's code, used as `agency` everywhere.")
    name: DisplayName = Field(description="Vietnamese name, e.g. Sở Công Thương Bắc Kạn.")
    kind: AgencyKind = Field(description="provincial_department or ministry_unit.")
    province_code: ProvinceCode | None = Field(
        default=None, description="Two-digit code of the province (departments only)."
    )
    province_list: ProvinceList | None = Field(
        default=None, description='List the code belongs to: "63" (until 2025-06-30) or "34".'
    )
    established_on: BusinessDate | None = Field(
        default=None, description="Day the agency was set up; picks the list if none is given."
    )


class AgencyAccepted(BaseModel):
    """The agency was registered: its code, stream version and the events recorded."""

    agency_code: str
    version: int = Field(description="Stream version of the agency.")
    event_ids: list[UUID]
