"""Units and members moving to another agency with their ids: given events, when a
transfer, then events or an error."""

from __future__ import annotations

from datetime import date

import pytest

from services.registry.commands.agencies import MergeAgencies
from services.registry.commands.directory import TransferMember, TransferUnit
from services.registry.domain import directory, transfers
from shared.domain_errors import InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events import MemberAdded, MemberTransferred, UnitAdded, UnitTransferred
from shared.events.vocabulary import PositionGroup

BASIS = "Quyết định 1234/QĐ-UBND"
ADDED = MemberAdded(member_id="m-1", unit_id="bg-p1", position_group=PositionGroup.OFFICIAL)


def member(*more: EventPayload, agency: str = "24") -> directory.Member:
    return directory.fold_member([ADDED, *more], agency)


def transfer(**changes: object) -> TransferMember:
    fields = {"member_id": "m-1", "to_agency": "SCT34-19", "to_unit_id": "tn-p1"}
    return TransferMember.model_validate(
        fields | {"on": date(2026, 3, 1), "legal_basis": BASIS} | changes
    )


def test_a_member_moves_to_a_unit_of_another_agency_with_their_id() -> None:
    events = transfers.decide_transfer_member(member(), transfer(), "SCT34-19", True)

    expected = MemberTransferred(
        member_id="m-1",
        from_agency="24",
        from_unit_id="bg-p1",
        to_unit_id="tn-p1",
        on=date(2026, 3, 1),
        legal_basis=BASIS,
    )
    assert events == [expected]
    after = member(expected, agency="SCT34-19")
    assert (after.unit_id, after.transferred_on) == ("tn-p1", date(2026, 3, 1))


@pytest.mark.parametrize(
    ("command", "unit_agency", "field"),
    [
        (transfer(), "01", "to_unit_id"),  # the unit is another agency's
        (transfer(), None, "to_unit_id"),  # no such unit
        (transfer(to_agency="24", to_unit_id="bg-p2"), "24", "to_agency"),  # use a move
    ],
)
def test_the_unit_must_be_the_receiving_agencys(
    command: TransferMember, unit_agency: str | None, field: str
) -> None:
    with pytest.raises(InvalidCommand) as refused:
        transfers.decide_transfer_member(member(), command, unit_agency, True)
    assert refused.value.details["field"] == field


def test_an_unknown_member_or_receiving_agency_is_not_found() -> None:
    with pytest.raises(NotFound):
        transfers.decide_transfer_member(directory.fold_member([]), transfer(), "SCT34-19", True)
    with pytest.raises(NotFound):
        transfers.decide_transfer_member(member(), transfer(), "SCT34-19", False)


def test_transfers_happen_in_order() -> None:
    first = transfers.decide_transfer_member(member(), transfer(), "SCT34-19", True)
    moved = member(*first, agency="SCT34-19")
    back = transfer(to_agency="24", to_unit_id="bg-p1", on=date(2026, 2, 1))

    with pytest.raises(InvalidCommand) as refused:
        transfers.decide_transfer_member(moved, back, "24", True)
    assert refused.value.details["field"] == "on"


def test_in_a_merger_a_member_stays_in_their_unit_which_moves_with_them() -> None:
    command = MergeAgencies(
        successor_code="SCT34-24",
        predecessor_codes=("24", "27"),
        on=date(2025, 7, 1),
        legal_basis=BASIS,
    )

    [event] = transfers.decide_member_follows_unit(member(), command, "m-1")

    assert isinstance(event, MemberTransferred)
    assert (event.from_agency, event.from_unit_id, event.to_unit_id) == ("24", "bg-p1", "bg-p1")
    assert event.on == date(2025, 7, 1)
    with pytest.raises(NotFound):
        transfers.decide_member_follows_unit(directory.fold_member([], "24"), command, "m-2")


def test_a_unit_moves_with_its_id_and_parent() -> None:
    command = TransferUnit(
        unit_id="bg-p2",
        from_agency="24",
        to_agency="SCT34-24",
        parent_unit_id="bg-p1",
        on=date(2025, 7, 1),
        legal_basis=BASIS,
    )
    added = UnitAdded(unit_id="bg-p2", parent_unit_id="bg-p1", name="Phòng Kỹ thuật")

    events = transfers.decide_transfer_unit(directory.fold_unit([added]), command)

    assert events == [
        UnitTransferred(
            unit_id="bg-p2",
            from_agency="24",
            parent_unit_id="bg-p1",
            on=date(2025, 7, 1),
            legal_basis=BASIS,
        )
    ]
    with pytest.raises(NotFound):
        transfers.decide_transfer_unit(directory.fold_unit([]), command)
