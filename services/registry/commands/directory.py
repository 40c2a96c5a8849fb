"""Commands about an agency's directory: its units and members."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.events.vocabulary import BusinessDate, Name, PositionGroup


class AddUnit(BaseModel):
    """Add a unit (phòng, đơn vị) to an agency's tree, under a parent unit or at the top."""

    model_config = ConfigDict(frozen=True)

    unit_id: str
    agency: str
    name: Name
    parent_unit_id: str | None = None
    added_on: BusinessDate | None = None
    """When the unit joined the directory (a directory recorded after the fact); now if none."""


class RenameUnit(BaseModel):
    """Give a unit a new name."""

    model_config = ConfigDict(frozen=True)

    unit_id: str
    name: Name


class AddMember(BaseModel):
    """Add a person to a unit. Personal details travel apart, as a :class:`MemberProfile`."""

    model_config = ConfigDict(frozen=True)

    member_id: str
    agency: str
    unit_id: str
    position_group: PositionGroup
    added_on: BusinessDate | None = None
    """When the member joined the directory (one recorded after the fact); now if none."""


class MemberProfile(BaseModel):
    """A member's personal details (Decree 13/2023): stored beside the events, never in them."""

    model_config = ConfigDict(frozen=True)

    full_name: Name
    birth_year: int | None = None
    gender: str | None = None
    job_title: Name | None = None


class MoveMember(BaseModel):
    """Move a member to another unit of the same agency, maybe with a new position group."""

    model_config = ConfigDict(frozen=True)

    member_id: str
    to_unit_id: str
    position_group: PositionGroup | None = None


class EraseMember(BaseModel):
    """Erase a member's personal data on request; the member id stays valid as a pseudonym."""

    model_config = ConfigDict(frozen=True)

    member_id: str


class TransferMember(BaseModel):
    """Move a member to a unit of another agency, keeping their id (and so their history)."""

    model_config = ConfigDict(frozen=True)

    member_id: str
    to_agency: str
    to_unit_id: str
    on: BusinessDate
    position_group: PositionGroup | None = None
    legal_basis: Name


class TransferUnit(BaseModel):
    """Move a unit, with its id, to another agency (a merger moves every unit of the
    predecessors to the successor, each under the parent it had)."""

    model_config = ConfigDict(frozen=True)

    unit_id: str
    from_agency: str
    to_agency: str
    parent_unit_id: str | None
    on: BusinessDate
    legal_basis: Name
