"""Registry events about who is who: agencies, units, members, blocs and pacts.

Members are identified by id only: names and other personal details stay in the registry's own
tables, which can erase them (Decree 13/2023/NĐ-CP). Unit and bloc names are not personal data.
"""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import Field, model_validator

from shared.envelope import EventPayload
from shared.events.vocabulary import (
    AgencyCode,
    AgencyKind,
    BlocKind,
    BusinessDate,
    EntityId,
    Name,
    PositionGroup,
    ProvinceCode,
    ProvinceList,
    UniqueIds,
    Year,
)
from shared.reference.provinces import is_province_code


class AgencyRegistered(EventPayload):
    """An agency (tenant) joined the system: a Sở Công Thương or a unit of the ministry.

    The province code is always given with the list it belongs to, because codes changed on
    2025-07-01 (e.g. "24" is Bắc Giang on the 63 list and Bắc Ninh on the 34 list).
    """

    event_type: ClassVar[str] = "AgencyRegistered"
    schema_version: ClassVar[int] = 1

    agency_code: AgencyCode = Field(description="The agency's code; the envelope's `agency`.")
    name: Name = Field(description="Vietnamese name, e.g. Sở Công Thương Bắc Kạn.")
    kind: AgencyKind = Field(description="Provincial department or ministry unit.")
    province_code: ProvinceCode | None = Field(
        default=None, description="Province of a provincial department (optional for others)."
    )
    province_list: ProvinceList | None = Field(
        default=None, description='List the province code belongs to: "63" or "34".'
    )
    established_on: BusinessDate | None = Field(
        default=None,
        description="The day the agency was established, where it matters (a successor "
        "formed by a merger); none for one that predates the product.",
    )

    @model_validator(mode="after")
    def _province_is_consistent(self) -> Self:
        if self.kind is AgencyKind.PROVINCIAL_DEPARTMENT and self.province_code is None:
            raise ValueError("a provincial department needs a province_code")
        if (self.province_code is None) != (self.province_list is None):
            raise ValueError("province_code and province_list go together")
        code, list_ = self.province_code, self.province_list
        if code is not None and list_ is not None and not is_province_code(code, list_):
            raise ValueError(f"{code} is not a province of the {list_} list")
        return self


class UnitAdded(EventPayload):
    """A unit (tập thể: phòng, đơn vị) was added to the agency's tree."""

    event_type: ClassVar[str] = "UnitAdded"
    schema_version: ClassVar[int] = 1

    unit_id: EntityId = Field(description="The new unit.")
    parent_unit_id: EntityId | None = Field(
        default=None, description="Parent unit; none for a top-level unit of the agency."
    )
    name: Name = Field(description="Vietnamese name of the unit.")

    @model_validator(mode="after")
    def _not_own_parent(self) -> Self:
        if self.parent_unit_id == self.unit_id:
            raise ValueError("a unit cannot be its own parent")
        return self


class UnitRenamed(EventPayload):
    """A unit took a new name."""

    event_type: ClassVar[str] = "UnitRenamed"
    schema_version: ClassVar[int] = 1

    unit_id: EntityId = Field(description="The renamed unit.")
    name: Name = Field(description="The new Vietnamese name.")


class MemberAdded(EventPayload):
    """A person joined a unit. Carries no personal data: names stay in the registry."""

    event_type: ClassVar[str] = "MemberAdded"
    schema_version: ClassVar[int] = 1

    member_id: EntityId = Field(description="The member.")
    unit_id: EntityId = Field(description="The unit the member works in.")
    position_group: PositionGroup = Field(description="Position group for the statistics.")


class MemberMoved(EventPayload):
    """A member moved to another unit of the same agency."""

    event_type: ClassVar[str] = "MemberMoved"
    schema_version: ClassVar[int] = 1

    member_id: EntityId = Field(description="The member.")
    from_unit_id: EntityId = Field(description="Unit the member left.")
    to_unit_id: EntityId = Field(description="Unit the member joined.")
    position_group: PositionGroup | None = Field(
        default=None, description="New position group, if it changed with the move."
    )

    @model_validator(mode="after")
    def _units_differ(self) -> Self:
        if self.from_unit_id == self.to_unit_id:
            raise ValueError("from_unit_id and to_unit_id must differ")
        return self


class MemberErased(EventPayload):
    """A member's personal data was erased from the registry. The id stays as a pseudonym."""

    event_type: ClassVar[str] = "MemberErased"
    schema_version: ClassVar[int] = 1

    member_id: EntityId = Field(description="The member whose personal data was erased.")


class BlocFormed(EventPayload):
    """A bloc (khối / cụm thi đua) of agencies or units was formed to compete together.

    A province's bloc often gathers departments of several sectors (Khối thi đua Kinh tế –
    Kỹ thuật: Công Thương, Xây dựng, Giao thông vận tải…): those outside the product are named
    in ``outside_members``. Events before that field existed have none.
    """

    event_type: ClassVar[str] = "BlocFormed"
    schema_version: ClassVar[int] = 1

    bloc_id: EntityId = Field(description="The bloc.")
    name: Name = Field(description="Vietnamese name of the bloc.")
    kind: BlocKind = Field(description="Whether the members are agencies or units.")
    member_ids: UniqueIds = Field(
        min_length=1,
        description="Agency codes or unit ids of the members the product knows (with the "
        "outside members, at least two members in all).",
    )
    outside_members: list[Name] = Field(
        default_factory=list,
        max_length=100,
        description="Names of members outside the product (e.g. Sở Xây dựng Bắc Kạn).",
    )


class PactSigned(EventPayload):
    """The members of a bloc signed an emulation pact (giao ước thi đua) for a year."""

    event_type: ClassVar[str] = "PactSigned"
    schema_version: ClassVar[int] = 1

    pact_id: EntityId = Field(description="The pact.")
    bloc_id: EntityId = Field(description="The bloc whose members signed.")
    year: Year = Field(description="Year the pact covers.")
    signatory_ids: UniqueIds = Field(description="Agency codes or unit ids that signed.")
