"""Units and members: given events, when a command, then events or an error."""

from __future__ import annotations

import pytest

from services.registry.commands.directory import (
    AddMember,
    AddUnit,
    EraseMember,
    MoveMember,
    RenameUnit,
)
from services.registry.domain import directory
from shared.domain_errors import IllegalTransition, InvalidCommand, NotFound
from shared.events import MemberAdded, MemberErased, MemberMoved, UnitAdded, UnitRenamed
from shared.events.vocabulary import PositionGroup

OFFICE = UnitAdded(unit_id="u-vp", name="Văn phòng Sở")
ADDED = MemberAdded(member_id="m-1", unit_id="u-vp", position_group=PositionGroup.OFFICIAL)


def add_unit(**changes: object) -> AddUnit:
    fields: dict[str, object] = {
        "unit_id": "u-ql",
        "agency": "06",
        "name": "Phòng Quản lý công nghiệp",
    }
    return AddUnit.model_validate(fields | changes)


def move(to_unit_id: str = "u-ql", **changes: object) -> MoveMember:
    return MoveMember.model_validate({"member_id": "m-1", "to_unit_id": to_unit_id} | changes)


def test_adding_a_top_level_unit_emits_unit_added() -> None:
    events = directory.decide_add_unit(directory.fold_unit([]), add_unit())
    assert events == [UnitAdded(unit_id="u-ql", name="Phòng Quản lý công nghiệp")]


def test_a_sub_unit_needs_a_parent_of_the_same_agency() -> None:
    command = add_unit(parent_unit_id="u-vp")

    [event] = directory.decide_add_unit(directory.fold_unit([]), command, parent_agency="06")
    assert isinstance(event, UnitAdded)
    assert event.parent_unit_id == "u-vp"
    for parent_agency in (None, "01"):
        with pytest.raises(InvalidCommand) as refused:
            directory.decide_add_unit(directory.fold_unit([]), command, parent_agency)
        assert refused.value.details["field"] == "parent_unit_id"


def test_a_unit_is_added_once() -> None:
    with pytest.raises(IllegalTransition):
        directory.decide_add_unit(directory.fold_unit([OFFICE]), add_unit(unit_id="u-vp"))


def test_renaming_emits_unit_renamed_unless_the_name_is_unchanged() -> None:
    state = directory.fold_unit([OFFICE])

    renamed = directory.decide_rename_unit(state, RenameUnit(unit_id="u-vp", name="Văn phòng"))
    unchanged = directory.decide_rename_unit(state, RenameUnit(unit_id="u-vp", name=OFFICE.name))

    assert renamed == [UnitRenamed(unit_id="u-vp", name="Văn phòng")]
    assert unchanged == []


def test_renaming_an_unknown_unit_is_not_found() -> None:
    with pytest.raises(NotFound):
        directory.decide_rename_unit(directory.fold_unit([]), RenameUnit(unit_id="x", name="A"))


def test_a_member_joins_a_unit_of_their_agency() -> None:
    command = AddMember(
        member_id="m-1", agency="06", unit_id="u-vp", position_group=PositionGroup.OFFICIAL
    )

    assert directory.decide_add_member(directory.fold_member([]), command, "06") == [ADDED]
    with pytest.raises(InvalidCommand) as refused:
        directory.decide_add_member(directory.fold_member([]), command, "01")
    assert refused.value.details["field"] == "unit_id"


def test_a_member_moves_within_the_agency() -> None:
    state = directory.fold_member([ADDED], agency="06")

    events = directory.decide_move_member(state, move(position_group="leader"), "06")

    assert events == [
        MemberMoved(
            member_id="m-1",
            from_unit_id="u-vp",
            to_unit_id="u-ql",
            position_group=PositionGroup.LEADER,
        )
    ]


@pytest.mark.parametrize(("to_unit", "to_unit_agency"), [("u-ql", "01"), ("u-ql", None)])
def test_a_member_cannot_move_outside_the_agency(to_unit: str, to_unit_agency: str | None) -> None:
    state = directory.fold_member([ADDED], agency="06")
    with pytest.raises(InvalidCommand) as refused:
        directory.decide_move_member(state, move(to_unit), to_unit_agency)
    assert refused.value.details["field"] == "to_unit_id"


def test_a_move_to_the_same_unit_is_refused() -> None:
    state = directory.fold_member([ADDED], agency="06")
    with pytest.raises(InvalidCommand):
        directory.decide_move_member(state, move("u-vp"), "06")


def test_the_state_follows_moves() -> None:
    moved = MemberMoved(member_id="m-1", from_unit_id="u-vp", to_unit_id="u-ql")
    state = directory.fold_member([ADDED, moved], agency="06")

    assert state.unit_id == "u-ql"
    assert state.position_group is PositionGroup.OFFICIAL


def test_an_unknown_member_cannot_move_or_be_erased() -> None:
    with pytest.raises(NotFound):
        directory.decide_move_member(directory.fold_member([]), move(), "06")
    with pytest.raises(NotFound):
        directory.decide_erase_member(directory.fold_member([]), EraseMember(member_id="m-1"))


def test_erasure_is_recorded_once() -> None:
    erase = EraseMember(member_id="m-1")
    given = directory.decide_erase_member(directory.fold_member([ADDED]), erase)

    assert given == [MemberErased(member_id="m-1")]
    with pytest.raises(IllegalTransition) as refused:
        directory.decide_erase_member(directory.fold_member([ADDED, *given]), erase)
    assert refused.value.details["current_state"] == "erased"


def test_an_erased_member_can_still_move() -> None:
    state = directory.fold_member([ADDED, MemberErased(member_id="m-1")], agency="06")

    [event] = directory.decide_move_member(state, move(), "06")

    assert isinstance(event, MemberMoved)
