"""Which instance serves an agency: the ministry assigns it, on the national instance only.

The agency's ``ownership-<code>`` stream numbers its assignments; the next one continues
from the last (its sequence, the instance it takes the agency from). Events stay in the store
of the instance that recorded them and history is not moved between instances yet, so the
national instance keeps an agency whose events it holds.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from services.registry.commands.ownership import AssignOwnership
from shared.domain_errors import IllegalTransition, InvalidCommand
from shared.envelope import EventPayload
from shared.events import AgencyOwnershipAssigned
from shared.instances import NATIONAL


class Ownership(BaseModel):
    """The agency's latest assignment: its number (0: none) and the instance serving it."""

    model_config = ConfigDict(frozen=True)

    sequence: int = 0
    instance: str = NATIONAL


def fold(events: Iterable[EventPayload]) -> Ownership:
    state = Ownership()
    for event in events:
        if isinstance(event, AgencyOwnershipAssigned):
            state = Ownership(sequence=event.sequence, instance=event.instance)
    return state


def system(instance: str) -> str:
    """How an officer reads an instance's name."""
    return "hệ thống quốc gia của Bộ" if instance == NATIONAL else f"hệ thống {instance}"


def check_national(instance: str) -> None:
    """Only the ministry's national instance records assignments (409 elsewhere)."""
    if instance == NATIONAL:
        return
    raise IllegalTransition(
        f"Việc giao cơ quan cho một hệ thống chỉ được ghi nhận trên hệ thống quốc gia của Bộ; "
        f"hệ thống này là {instance}.",
        current_state="province_instance",
        instance=instance,
    )


def decide_assign(
    state: Ownership, command: AssignOwnership, *, national_holds_events: bool
) -> list[EventPayload]:
    """The next assignment of the agency, unless it changes nothing or would leave its events
    behind (``national_holds_events``: the national store holds events in its name)."""
    code = command.agency_code
    if command.instance == state.instance:
        raise InvalidCommand(
            f"Cơ quan {code} đang do {system(command.instance)} quản lý; không cần giao lại.",
            field="instance",
        )
    if state.instance == NATIONAL and national_holds_events:
        raise IllegalTransition(
            f"Hệ thống quốc gia đang lưu dữ liệu của cơ quan {code}: không thể giao cơ quan "
            f"cho {system(command.instance)} vì chuyển dữ liệu giữa các hệ thống chưa được "
            "hỗ trợ.",
            current_state="national_holds_events",
            served_by=state.instance,
        )
    return [
        AgencyOwnershipAssigned(
            agency_code=code,
            instance=command.instance,
            previous_instance=state.instance,
            sequence=state.sequence + 1,
            legal_basis=command.legal_basis,
        )
    ]
