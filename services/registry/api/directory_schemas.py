"""HTTP models of units and members, kept apart from events and storage.

The read views of units, the unit tree and members are the read model's own
(``services.registry.readmodel.directory_views``), re-exported here.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.registry.api.agencies_schemas import DisplayName
from services.registry.readmodel.directory_views import (
    AgencyTree,
    Gender,
    MemberPublic,
    UnitNode,
    UnitPublic,
)
from shared.events.vocabulary import AgencyCode, BusinessDate, EntityId, Name, PositionGroup

__all__ = [
    "AgencyTree",
    "Gender",
    "MemberAccepted",
    "MemberCreate",
    "MemberMove",
    "MemberPublic",
    "ShortText",
    "UnitAccepted",
    "UnitCreate",
    "UnitNode",
    "UnitPublic",
    "UnitRename",
]

ShortText = Annotated[Name, Field(max_length=200)]


class UnitCreate(BaseModel):
    """A unit (phòng, đơn vị) to add to the caller's agency."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="The unit's agency; must be the caller's agency.")
    name: DisplayName = Field(description="Vietnamese name, e.g. Phòng Quản lý công nghiệp.")
    parent_unit_id: EntityId | None = Field(
        default=None, description="Parent unit of the same agency; none for a top-level unit."
    )
    added_on: BusinessDate | None = Field(
        default=None,
        description="Business date the unit joined the directory, for a directory recorded "
        "after the fact (reports count it from then); today if none.",
    )


class UnitRename(BaseModel):
    """A unit's new name."""

    model_config = ConfigDict(extra="forbid")

    name: DisplayName


class UnitAccepted(BaseModel):
    """The unit command was recorded: the unit, its stream version and the events."""

    unit_id: str
    version: int = Field(description="Stream version; send it back as If-Match to update.")
    event_ids: list[UUID]


class MemberCreate(BaseModel):
    """A person to add to a unit. Personal details stay in the registry and can be erased;
    events carry only the member id."""

    model_config = ConfigDict(extra="forbid")

    agency: AgencyCode = Field(description="The member's agency; must be the caller's agency.")
    unit_id: EntityId = Field(description="A unit of that agency.")
    position_group: PositionGroup = Field(
        description="The member's row on forms 0602.N/0603.N: ministry_leader (cấp bộ, tỉnh), "
        "department_head (cấp vụ, sở), entrepreneur, leader (từ phó phòng trở lên), official, "
        "worker or other (người trực tiếp công tác, lao động)."
    )
    added_on: BusinessDate | None = Field(
        default=None,
        description="Business date the member joined the directory, for a directory recorded "
        "after the fact (reports count them from then); today if none.",
    )
    full_name: DisplayName = Field(description="Họ và tên (personal data).")
    birth_year: int | None = Field(default=None, ge=1900, le=2100, description="Năm sinh.")
    gender: Gender | None = Field(default=None, description="Giới tính.")
    job_title: ShortText | None = Field(default=None, description="Chức vụ, e.g. Chuyên viên.")


class MemberMove(BaseModel):
    """Where a member moves (another unit of the same agency)."""

    model_config = ConfigDict(extra="forbid")

    to_unit_id: EntityId = Field(description="The unit the member joins.")
    position_group: PositionGroup | None = Field(
        default=None, description="New position group, if it changes with the move."
    )


class MemberAccepted(BaseModel):
    """The member command was recorded: the member, its stream version and the events."""

    member_id: str
    version: int = Field(description="Stream version; send it back as If-Match to update.")
    event_ids: list[UUID]
