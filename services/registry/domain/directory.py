"""Units and members of an agency's directory.

A unit is added (under a parent of the same agency, or at the top) and may be renamed. A member
is added to a unit, may move between the agency's units, and may have their personal data
erased. Erasure removes personal data only: the member stays a member (their id is a
pseudonym that awards and statistics keep referring to) and can still move. Units and members
may also be transferred to another agency with their ids (:mod:`.transfers`).

Facts about other aggregates (which agency a unit belongs to) are looked up by the application
and handed in: the domain stays pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict

from services.registry.commands.directory import (
    AddMember,
    AddUnit,
    EraseMember,
    MoveMember,
    RenameUnit,
)
from shared.domain_errors import IllegalTransition, InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events import (
    MemberAdded,
    MemberErased,
    MemberMoved,
    MemberTransferred,
    UnitAdded,
    UnitRenamed,
)
from shared.events.vocabulary import PositionGroup


class Unit(BaseModel):
    """What the domain needs to know of a unit to decide."""

    model_config = ConfigDict(frozen=True)

    added: bool = False
    name: str | None = None


def evolve_unit(state: Unit, event: EventPayload) -> Unit:
    if isinstance(event, UnitAdded | UnitRenamed):
        return Unit(added=True, name=event.name)
    return state


def fold_unit(events: Iterable[EventPayload]) -> Unit:
    state = Unit()
    for event in events:
        state = evolve_unit(state, event)
    return state


def decide_add_unit(
    state: Unit, command: AddUnit, parent_agency: str | None = None
) -> list[EventPayload]:
    """``parent_agency`` is the agency of ``command.parent_unit_id`` (None if no such unit)."""
    if state.added:
        raise IllegalTransition(f"unit {command.unit_id} already exists", current_state="added")
    if command.parent_unit_id is not None and parent_agency != command.agency:
        raise InvalidCommand(
            f"no unit {command.parent_unit_id} in agency {command.agency}", field="parent_unit_id"
        )
    return [
        UnitAdded(unit_id=command.unit_id, parent_unit_id=command.parent_unit_id, name=command.name)
    ]


def decide_rename_unit(state: Unit, command: RenameUnit) -> list[EventPayload]:
    """Renaming to the current name changes nothing (no event)."""
    if not state.added:
        raise NotFound(f"no unit {command.unit_id}")
    if command.name == state.name:
        return []
    return [UnitRenamed(unit_id=command.unit_id, name=command.name)]


class Member(BaseModel):
    """What the domain needs to know of a member to decide."""

    model_config = ConfigDict(frozen=True)

    added: bool = False
    agency: str | None = None
    unit_id: str | None = None
    position_group: PositionGroup | None = None
    erased: bool = False
    transferred_on: date | None = None
    """The first day in the agency of the member's latest transfer, if any."""


def evolve_member(state: Member, event: EventPayload) -> Member:
    if isinstance(event, MemberAdded):
        return state.model_copy(
            update={"added": True, "unit_id": event.unit_id, "position_group": event.position_group}
        )
    if isinstance(event, MemberMoved):
        group = event.position_group or state.position_group
        return state.model_copy(update={"unit_id": event.to_unit_id, "position_group": group})
    if isinstance(event, MemberTransferred):
        group = event.position_group or state.position_group
        changes = {"unit_id": event.to_unit_id, "position_group": group}
        return state.model_copy(update=changes | {"transferred_on": event.on})
    if isinstance(event, MemberErased):
        return state.model_copy(update={"erased": True})
    return state


def fold_member(events: Iterable[EventPayload], agency: str | None = None) -> Member:
    """The member's state; ``agency`` is the member's agency now (the read model's: a
    transfer's receiving agency is its envelope's, not its payload's)."""
    state = Member(agency=agency)
    for event in events:
        state = evolve_member(state, event)
    return state


def decide_add_member(
    state: Member, command: AddMember, unit_agency: str | None
) -> list[EventPayload]:
    """``unit_agency`` is the agency of ``command.unit_id`` (None if no such unit)."""
    if state.added:
        raise IllegalTransition(
            f"member {command.member_id} already exists", current_state=_status(state)
        )
    if unit_agency != command.agency:
        raise InvalidCommand(
            f"no unit {command.unit_id} in agency {command.agency}", field="unit_id"
        )
    return [
        MemberAdded(
            member_id=command.member_id,
            unit_id=command.unit_id,
            position_group=command.position_group,
        )
    ]


def decide_move_member(
    state: Member, command: MoveMember, to_unit_agency: str | None
) -> list[EventPayload]:
    """``to_unit_agency`` is the agency of ``command.to_unit_id`` (None if no such unit)."""
    if not state.added or state.unit_id is None:
        raise NotFound(f"no member {command.member_id}")
    if to_unit_agency != state.agency:
        raise InvalidCommand(
            f"no unit {command.to_unit_id} in agency {state.agency}", field="to_unit_id"
        )
    if command.to_unit_id == state.unit_id:
        raise InvalidCommand(f"the member is already in unit {state.unit_id}", field="to_unit_id")
    return [
        MemberMoved(
            member_id=command.member_id,
            from_unit_id=state.unit_id,
            to_unit_id=command.to_unit_id,
            position_group=command.position_group,
        )
    ]


def decide_erase_member(state: Member, command: EraseMember) -> list[EventPayload]:
    if not state.added:
        raise NotFound(f"no member {command.member_id}")
    if state.erased:
        raise IllegalTransition(
            f"member {command.member_id}'s personal data is already erased",
            current_state=_status(state),
        )
    return [MemberErased(member_id=command.member_id)]


def _status(state: Member) -> str:
    return "erased" if state.erased else "active"
