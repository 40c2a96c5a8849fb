"""Units and members moving to another agency with their ids, so that their histories
(ratings, streaks, awards) run on across the move.

A member is transferred one by one (a civil servant moving to another province) or, with every
unit and member of a merged department, by the merger. Which agency a unit belongs to comes
from the read model and is handed in.
"""

from __future__ import annotations

from services.registry.commands.agencies import MergeAgencies
from services.registry.commands.directory import TransferMember, TransferUnit
from services.registry.domain.directory import Member, Unit
from shared.domain_errors import InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events import MemberTransferred, UnitTransferred


def decide_transfer_member(
    state: Member, command: TransferMember, to_unit_agency: str | None, to_agency_known: bool
) -> list[EventPayload]:
    """``to_unit_agency`` is the agency of ``command.to_unit_id`` (None if no such unit);
    ``to_agency_known``: whether ``command.to_agency`` is a registered agency."""
    _check_exists(state, command.member_id)
    if not to_agency_known:
        raise NotFound(f"Không có cơ quan {command.to_agency}")
    if command.to_agency == state.agency:
        raise InvalidCommand(
            f"Cá nhân {command.member_id} đã thuộc cơ quan {command.to_agency}: "
            "chuyển đơn vị trong cơ quan bằng thao tác chuyển đơn vị",
            field="to_agency",
        )
    if to_unit_agency != command.to_agency:
        raise InvalidCommand(
            f"{command.to_unit_id} không phải đơn vị thuộc cơ quan {command.to_agency}",
            field="to_unit_id",
        )
    if state.transferred_on is not None and command.on < state.transferred_on:
        raise InvalidCommand(
            f"Cá nhân {command.member_id} đã được điều chuyển từ ngày "
            f"{state.transferred_on:%d/%m/%Y}: ngày điều chuyển mới không được sớm hơn",
            field="on",
        )
    return [_transferred(state, command)]


def decide_member_follows_unit(
    state: Member, command: MergeAgencies, member_id: str
) -> list[EventPayload]:
    """In a merger the member's unit moves with them: same unit, in the successor."""
    _check_exists(state, member_id)
    assert state.unit_id is not None  # _check_exists
    follows = TransferMember(
        member_id=member_id,
        to_agency=command.successor_code,
        to_unit_id=state.unit_id,
        on=command.on,
        legal_basis=command.legal_basis,
    )
    return [_transferred(state, follows)]


def decide_transfer_unit(state: Unit, command: TransferUnit) -> list[EventPayload]:
    if not state.added:
        raise NotFound(f"Không có đơn vị {command.unit_id}")
    return [
        UnitTransferred(
            unit_id=command.unit_id,
            from_agency=command.from_agency,
            parent_unit_id=command.parent_unit_id,
            on=command.on,
            legal_basis=command.legal_basis,
        )
    ]


def _check_exists(state: Member, member_id: str) -> None:
    if not state.added or state.unit_id is None or state.agency is None:
        raise NotFound(f"Không có cá nhân {member_id}")


def _transferred(state: Member, command: TransferMember) -> MemberTransferred:
    assert state.agency is not None  # _check_exists
    assert state.unit_id is not None
    return MemberTransferred(
        member_id=command.member_id,
        from_agency=state.agency,
        from_unit_id=state.unit_id,
        to_unit_id=command.to_unit_id,
        on=command.on,
        position_group=command.position_group,
        legal_basis=command.legal_basis,
    )
