"""An agency's life across the 2025 reorganisation: it continues, takes over its merged
predecessors, or ceases.

A department *continues* once, onto the list in force on its day (Hà Nội: 01 of the 63, then
01 of the 34). A *merger* is decided stream by stream: the successor records ``AgencyMerged``
and each predecessor ``AgencyCeased`` on the eve of the successor's first day; both sides
must be provincial departments of the same province on today's list. An agency that ceased
takes no lineage command any more. Facts beyond an agency's own stream (the successor's
province, for a predecessor) are handed in.
"""

from __future__ import annotations

from datetime import date, timedelta

from services.registry.commands.agencies import CeaseAgency, ContinueAgency, MergeAgencies
from services.registry.domain.agencies import Agency
from shared.domain_errors import IllegalTransition, InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events import AgencyCeased, AgencyContinued, AgencyMerged
from shared.events.vocabulary import AgencyKind
from shared.reference.provinces import current_code_of, is_province_code, province_list_for


def decide_continue(state: Agency, command: ContinueAgency) -> list[EventPayload]:
    """The department's province moves to the list in force on ``command.on``."""
    _check_active_department(state, command.agency_code)
    if state.continued_on is not None:
        raise IllegalTransition(
            f"Cơ quan {command.agency_code} đã được ghi nhận tiếp tục hoạt động "
            f"từ ngày {state.continued_on:%d/%m/%Y}",
            current_state="continued",
            continued_on=state.continued_on.isoformat(),
        )
    _check_new_list(state, command)
    _check_successor_province(state, command)
    _check_not_before_establishment(state, command.on, "on")
    return [
        AgencyContinued(
            on=command.on,
            province_code=command.province_code,
            province_list=command.province_list,
            name=command.name,
            legal_basis=command.legal_basis,
        )
    ]


def check_merger(command: MergeAgencies) -> None:
    """What the merger itself must be, before any agency's stream is read."""
    codes = command.predecessor_codes
    if command.successor_code in codes:
        raise InvalidCommand(
            f"Cơ quan kế thừa {command.successor_code} không thể đồng thời là cơ quan hợp nhất",
            field="predecessor_codes",
        )
    if len(set(codes)) != len(codes):
        raise InvalidCommand("Mã cơ quan hợp nhất bị lặp", field="predecessor_codes")


def decide_merge(state: Agency, command: MergeAgencies) -> list[EventPayload]:
    """The successor's side: it continues the predecessors' work from ``command.on``."""
    _check_active_department(state, command.successor_code)
    if state.merged_on is not None:
        raise IllegalTransition(
            f"Cơ quan {command.successor_code} đã được ghi nhận hợp nhất "
            f"từ ngày {state.merged_on:%d/%m/%Y}",
            current_state="merged",
            merged_on=state.merged_on.isoformat(),
        )
    if state.established_on is not None and state.established_on != command.on:
        raise InvalidCommand(
            f"Cơ quan {command.successor_code} thành lập ngày {state.established_on:%d/%m/%Y}: "
            "ngày hợp nhất phải là ngày thành lập",
            field="on",
        )
    if state.province_list != province_list_for(command.on):
        raise InvalidCommand(
            f"Cơ quan {command.successor_code} thuộc danh sách {state.province_list} tỉnh, "
            f"không phải danh sách có hiệu lực ngày {command.on:%d/%m/%Y}",
            field="on",
        )
    return [
        AgencyMerged(
            on=command.on,
            predecessor_codes=list(command.predecessor_codes),
            legal_basis=command.legal_basis,
        )
    ]


def decide_cease_into(
    state: Agency, command: MergeAgencies, code: str, successor_province: str | None
) -> list[EventPayload]:
    """A predecessor's side of a merger: it ceases on the eve of the successor's first day.

    ``successor_province`` is the successor's province on today's list (None if unknown).
    """
    if not state.registered:
        raise NotFound(f"Không có cơ quan {code}")
    _check_not_ceased(state, code)
    if state.kind is not AgencyKind.PROVINCIAL_DEPARTMENT:
        raise InvalidCommand(
            f"Cơ quan {code} không phải Sở Công Thương cấp tỉnh", field="predecessor_codes"
        )
    province = today_province(state)
    if successor_province is not None and province != successor_province:
        raise InvalidCommand(
            f"Tỉnh của cơ quan {code} không hợp nhất vào tỉnh của cơ quan {command.successor_code}",
            field="predecessor_codes",
        )
    ceased_on = command.on - timedelta(days=1)
    _check_not_before_establishment(state, ceased_on, "on")
    return [
        AgencyCeased(
            ceased_on=ceased_on,
            successor_code=command.successor_code,
            legal_basis=command.legal_basis,
        )
    ]


def decide_cease(state: Agency, command: CeaseAgency) -> list[EventPayload]:
    """The agency ceases without a successor; ``ceased_on`` is the last day it acts."""
    if not state.registered:
        raise NotFound(f"Không có cơ quan {command.agency_code}")
    _check_not_ceased(state, command.agency_code)
    _check_not_before_establishment(state, command.ceased_on, "ceased_on")
    return [AgencyCeased(ceased_on=command.ceased_on, legal_basis=command.legal_basis)]


def today_province(state: Agency) -> str | None:
    """The agency's province on today's 34-province list (None for a ministry unit)."""
    if state.province_code is None:
        return None
    if state.province_list == "63":
        return current_code_of(state.province_code)
    return state.province_code


def _check_active_department(state: Agency, code: str) -> None:
    if not state.registered:
        raise NotFound(f"Không có cơ quan {code}")
    _check_not_ceased(state, code)
    if state.kind is not AgencyKind.PROVINCIAL_DEPARTMENT:
        raise IllegalTransition(
            f"Cơ quan {code} không phải Sở Công Thương cấp tỉnh",
            current_state=AgencyKind.MINISTRY_UNIT.value,
        )


def _check_not_ceased(state: Agency, code: str) -> None:
    if state.ceased_on is None:
        return
    raise IllegalTransition(
        f"Cơ quan {code} đã chấm dứt hoạt động sau ngày {state.ceased_on:%d/%m/%Y}",
        current_state="ceased",
        ceased_on=state.ceased_on.isoformat(),
        successor_code=state.successor_code,
    )


def _check_new_list(state: Agency, command: ContinueAgency) -> None:
    in_force = province_list_for(command.on)
    if command.province_list != in_force or command.province_list == state.province_list:
        raise InvalidCommand(
            f"Ngày {command.on:%d/%m/%Y} áp dụng danh sách {in_force} tỉnh; cơ quan "
            f"{command.agency_code} đang thuộc danh sách {state.province_list} tỉnh",
            field="province_list",
        )
    if not is_province_code(command.province_code, command.province_list):
        raise InvalidCommand(
            f"{command.province_code} không phải mã tỉnh của danh sách "
            f"{command.province_list} tỉnh",
            field="province_code",
        )


def _check_successor_province(state: Agency, command: ContinueAgency) -> None:
    """A department continues under its own province's successor, not another's."""
    province = today_province(state)
    if province is not None and province != command.province_code:
        raise InvalidCommand(
            f"Tỉnh của cơ quan {command.agency_code} nay mang mã {province}, "
            f"không phải {command.province_code}",
            field="province_code",
        )


def _check_not_before_establishment(state: Agency, day: date, field: str) -> None:
    if state.established_on is not None and day < state.established_on:
        raise InvalidCommand(
            f"Ngày {day:%d/%m/%Y} trước ngày thành lập {state.established_on:%d/%m/%Y}",
            field=field,
        )
