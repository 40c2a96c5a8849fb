"""What the directory read model returns: agencies, units (alone or as a tree) and members.

The API serves these view models as they are (services.registry.api.agencies_schemas and
directory_schemas re-export them).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from shared.events.vocabulary import AgencyKind, PositionGroup, ProvinceList


class AgencyPublic(BaseModel):
    """An agency as the registry knows it: its province on the list in force now (a department
    that continued across the 2025 reorganisation: its 34-list code) and on today's list, and
    its lineage (founding day, end, successor, the predecessors it continues)."""

    agency_code: str
    name: str
    kind: AgencyKind
    province_code: str | None = Field(
        description="Code on the list named by `province_list` (the one in force now)."
    )
    province_list: ProvinceList | None
    province_name: str | None = Field(description="Name of the province on that list.")
    current_province_code: str | None = Field(
        description="Code on today's 34-province list (a 63-list province's successor)."
    )
    current_province_name: str | None = Field(description="Name on today's 34-province list.")
    established_on: date | None = Field(description="Day it was set up, where recorded.")
    ceased_on: date | None = Field(
        description="Last day it acted; nothing dated later is recorded in its name."
    )
    successor_code: str | None = Field(description="The agency that continues its work.")
    predecessor_codes: list[str] = Field(description="The merged agencies it continues.")
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


class MemberTransferPublic(BaseModel):
    """A member's move to another agency (one by one, or with their department's merger)."""

    from_agency: str
    to_agency: str
    from_unit_id: str
    to_unit_id: str
    on: date = Field(description="First day in `to_agency`.")
    legal_basis: str = Field(description="Document that transferred them.")


class MemberPublic(BaseModel):
    """A member with their personal details; after erasure only the id and unit remain.
    ``agency`` is the member's agency now; ``transfers`` lists how they got there."""

    member_id: str
    agency: str
    unit_id: str
    position_group: PositionGroup
    erased: bool = Field(description="Whether the personal data was erased (Decree 13/2023).")
    full_name: str | None
    birth_year: int | None
    gender: Gender | None
    job_title: str | None
    transfers: list[MemberTransferPublic] = Field(
        description="Transfers between agencies, oldest first (empty if none)."
    )
    version: int = Field(description="Stream version; send it as If-Match to change it.")
