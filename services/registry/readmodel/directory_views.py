"""What the directory read model returns: agencies, units (alone or as a tree) and members.

The API serves these view models as they are (services.registry.api.agencies_schemas and
directory_schemas re-export them).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from shared.events.vocabulary import AgencyKind, PositionGroup, ProvinceList


class AgencyPublic(BaseModel):
    """An agency as the registry knows it, with its province on both lists."""

    agency_code: str
    name: str
    kind: AgencyKind
    province_code: str | None = Field(description="Code on the list named by `province_list`.")
    province_list: ProvinceList | None
    province_name: str | None = Field(description="Name of the province on that list.")
    current_province_code: str | None = Field(
        description="Code on today's 34-province list (a 63-list province's successor)."
    )
    current_province_name: str | None = Field(description="Name on today's 34-province list.")
    version: int


class UnitPublic(BaseModel):
    """A unit as the registry knows it now."""

    unit_id: str
    agency: str
    parent_unit_id: str | None
    name: str
    version: int = Field(description="Stream version; send it as If-Match to change it.")


class UnitNode(BaseModel):
    """A unit in its agency's tree, with its sub-units."""

    unit_id: str
    name: str
    children: list[UnitNode] = Field(description="Sub-units, by name.")


class AgencyTree(BaseModel):
    """An agency's units as a tree (top-level units first, each with its sub-units)."""

    agency: str
    name: str | None = Field(description="The agency's name, if it is registered.")
    units: list[UnitNode]


class Gender(StrEnum):
    """Gender as recorded in the personnel file."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class MemberPublic(BaseModel):
    """A member with their personal details; after erasure only the id and unit remain."""

    member_id: str
    agency: str
    unit_id: str
    position_group: PositionGroup
    erased: bool = Field(description="Whether the personal data was erased (Decree 13/2023).")
    full_name: str | None
    birth_year: int | None
    gender: Gender | None
    job_title: str | None
    version: int = Field(description="Stream version; send it as If-Match to change it.")
