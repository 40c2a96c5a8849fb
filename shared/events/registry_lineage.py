"""Registry events about agencies across time: the 2025 reorganisation and people changing
agencies.

From 2025-07-01 the 63 provinces became 34 (Nghị quyết 202/2025/QH15). A department either
*continues* (one agency, its province now on the 34 list: Hà Nội stays ``01``) or *merges*:
its predecessors cease and a successor, registered as a new agency, continues their work.
Units and members move to another agency by a *transfer*, keeping their ids, so their
histories (ratings, streaks, awards) run on across the boundary. A transfer is appended to the
unit's or member's own stream in the name of the agency it moves to.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Self

from pydantic import Field, model_validator

from shared.envelope import EventPayload
from shared.events.vocabulary import (
    AgencyCode,
    BusinessDate,
    EntityId,
    Name,
    PositionGroup,
    ProvinceCode,
    ProvinceList,
)
from shared.reference.provinces import is_province_code

LegalBasis = Annotated[Name, Field(max_length=200)]
"""The number of the document that decided it (``Nghị quyết 202/2025/QH15``,
``Quyết định 1234/QĐ-UBND``): a reference, never a person's name."""

AgencyCodes = Annotated[list[AgencyCode], Field(min_length=1, max_length=10)]


class AgencyContinued(EventPayload):
    """The agency carries on under a reorganised province: same code, same history, its
    province now on another list (Sở Công Thương Hà Nội: 01 of the 63, then 01 of the 34)."""

    event_type: ClassVar[str] = "AgencyContinued"
    schema_version: ClassVar[int] = 1

    on: BusinessDate = Field(description="First day under the new province (2025-07-01).")
    province_code: ProvinceCode = Field(description="The province on the new list.")
    province_list: ProvinceList = Field(description='The list in force from `on` ("34").')
    name: Name | None = Field(default=None, description="The agency's new name, if it changed.")
    legal_basis: LegalBasis = Field(description="Document that reorganised the province.")

    @model_validator(mode="after")
    def _province_is_on_its_list(self) -> Self:
        if not is_province_code(self.province_code, self.province_list):
            raise ValueError(
                f"{self.province_code} is not a province of the {self.province_list} list"
            )
        return self


class AgencyMerged(EventPayload):
    """The agency (a successor registered for the purpose) continues the work of its
    predecessors from ``on``; each predecessor records its own :class:`AgencyCeased`."""

    event_type: ClassVar[str] = "AgencyMerged"
    schema_version: ClassVar[int] = 1

    on: BusinessDate = Field(description="First day of the successor (2025-07-01).")
    predecessor_codes: AgencyCodes = Field(description="The agencies it continues.")
    legal_basis: LegalBasis = Field(description="Document that merged them.")

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if len(set(self.predecessor_codes)) != len(self.predecessor_codes):
            raise ValueError("predecessor_codes must be distinct")
        return self


class AgencyCeased(EventPayload):
    """The agency ceased: it records nothing dated after ``ceased_on``; its history stays,
    and corrections of what happened up to that day remain possible."""

    event_type: ClassVar[str] = "AgencyCeased"
    schema_version: ClassVar[int] = 1

    ceased_on: BusinessDate = Field(description="Last day the agency acted (2025-06-30).")
    successor_code: AgencyCode | None = Field(
        default=None, description="The agency that continues its work, if any."
    )
    legal_basis: LegalBasis = Field(description="Document that ended it.")


class UnitTransferred(EventPayload):
    """A unit moved to another agency with its id (in the receiving agency's name)."""

    event_type: ClassVar[str] = "UnitTransferred"
    schema_version: ClassVar[int] = 1

    unit_id: EntityId = Field(description="The unit.")
    from_agency: AgencyCode = Field(description="The agency the unit left.")
    parent_unit_id: EntityId | None = Field(
        default=None, description="Its parent in the receiving agency; none for a top unit."
    )
    on: BusinessDate = Field(description="First day in the receiving agency.")
    legal_basis: LegalBasis = Field(description="Document that transferred it.")

    @model_validator(mode="after")
    def _not_own_parent(self) -> Self:
        if self.parent_unit_id == self.unit_id:
            raise ValueError("a unit cannot be its own parent")
        return self


class MemberTransferred(EventPayload):
    """A member moved to a unit of another agency with their id (in the receiving agency's
    name): their ratings, titles and awards stay theirs."""

    event_type: ClassVar[str] = "MemberTransferred"
    schema_version: ClassVar[int] = 1

    member_id: EntityId = Field(description="The member.")
    from_agency: AgencyCode = Field(description="The agency the member left.")
    from_unit_id: EntityId = Field(description="The unit the member left.")
    to_unit_id: EntityId = Field(description="The unit of the receiving agency they joined.")
    on: BusinessDate = Field(description="First day in the receiving agency.")
    position_group: PositionGroup | None = Field(
        default=None, description="New position group, if it changed with the transfer."
    )
    legal_basis: LegalBasis = Field(description="Document that transferred them.")
