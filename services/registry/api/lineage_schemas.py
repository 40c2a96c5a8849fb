"""HTTP models of agencies' lineage (continuation, merger, cessation) and of transfers of
members between agencies, kept apart from events and storage."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from services.registry.api.agencies_schemas import AgencyAccepted, DisplayName
from shared.events.vocabulary import (
    AgencyCode,
    BusinessDate,
    EntityId,
    Name,
    PositionGroup,
    ProvinceCode,
    ProvinceList,
)

__all__ = [
    "AgencyCessation",
    "AgencyCodePath",
    "AgencyContinuation",
    "AgencyMerger",
    "LegalBasis",
    "MemberTransferCreate",
    "MergerAccepted",
]

AgencyCodePath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9._-]+$",
        description="The agency's code.",
    ),
]
LegalBasis = Annotated[
    Name,
    Field(
        max_length=200,
        description="Number of the document that decided it, e.g. Nghị quyết 202/2025/QH15 "
        "or Quyết định 1234/QĐ-UBND (a reference, never a person's name).",
    ),
]


class AgencyContinuation(BaseModel):
    """The department carries on, the same agency with the same history, under its province
    on the list in force from `on` (Sở Công Thương Hà Nội: 01 of the 63, then 01 of the 34)."""

    model_config = ConfigDict(extra="forbid")

    on: BusinessDate = Field(description="First day under the new list, e.g. 2025-07-01.")
    province_code: ProvinceCode = Field(
        description="The province on the new list: its own province's successor."
    )
    province_list: ProvinceList = Field(description='The list in force on `on` ("34").')
    name: DisplayName | None = Field(default=None, description="New name, if it changed.")
    legal_basis: LegalBasis


class AgencyMerger(BaseModel):
    """The departments the agency in the path (the successor, registered beforehand) takes
    over from `on`: they cease the day before, and their units and members move to it."""

    model_config = ConfigDict(extra="forbid")

    predecessor_codes: list[AgencyCode] = Field(
        min_length=1, max_length=10, description='The merged departments, e.g. ["24", "27"].'
    )
    on: BusinessDate = Field(description="The successor's first day, e.g. 2025-07-01.")
    legal_basis: LegalBasis


class AgencyCessation(BaseModel):
    """The agency ceases without a successor."""

    model_config = ConfigDict(extra="forbid")

    ceased_on: BusinessDate = Field(description="The last day it acts.")
    legal_basis: LegalBasis


class MemberTransferCreate(BaseModel):
    """Where a member moves: a unit of another agency (a civil servant moving to another
    province). The member keeps their id, and with it their ratings and awards."""

    model_config = ConfigDict(extra="forbid")

    to_agency: AgencyCode = Field(description="The receiving agency.")
    to_unit_id: EntityId = Field(description="A unit of the receiving agency.")
    on: BusinessDate = Field(description="First day in the receiving agency.")
    position_group: PositionGroup | None = Field(
        default=None, description="New position group, if it changes with the transfer."
    )
    legal_basis: LegalBasis


class MergerAccepted(AgencyAccepted):
    """The merger was recorded: the successor's code and stream version, every event of the
    merger (on all its streams), and what moved to the successor."""

    predecessor_codes: list[str]
    units_transferred: int = Field(description="Units moved to the successor, with their ids.")
    members_transferred: int = Field(description="Members moved to the successor, with their ids.")
