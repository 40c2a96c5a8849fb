"""The discipline hold: awards to a unit or member are held from a date until it is lifted.

Only who and when are events; the reasons stay in the registry's private notes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from services.registry.commands.discipline import LiftDisciplineHold, PlaceDisciplineHold
from shared.domain_errors import IllegalTransition, InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events import DisciplineHoldLifted, DisciplineHoldPlaced


class HoldStatus(StrEnum):
    NOT_PLACED = "not_placed"
    PLACED = "placed"
    LIFTED = "lifted"


class DisciplineHold(BaseModel):
    """What the domain needs to know of a hold to decide."""

    model_config = ConfigDict(frozen=True)

    status: HoldStatus = HoldStatus.NOT_PLACED
    placed: DisciplineHoldPlaced | None = None
    to_date: date | None = None


def evolve(state: DisciplineHold, event: EventPayload) -> DisciplineHold:
    if isinstance(event, DisciplineHoldPlaced):
        return DisciplineHold(status=HoldStatus.PLACED, placed=event, to_date=event.to_date)
    if isinstance(event, DisciplineHoldLifted):
        return state.model_copy(update={"status": HoldStatus.LIFTED, "to_date": event.to_date})
    return state


def fold(events: Iterable[EventPayload]) -> DisciplineHold:
    state = DisciplineHold()
    for event in events:
        state = evolve(state, event)
    return state


def decide_place(
    state: DisciplineHold, command: PlaceDisciplineHold, subject_agency: str | None
) -> list[EventPayload]:
    """Place a hold on a subject of the agency (``subject_agency``: None if unknown)."""
    if state.status is not HoldStatus.NOT_PLACED:
        raise IllegalTransition("hold already placed", current_state=state.status.value)
    if subject_agency != command.agency:
        raise InvalidCommand(
            f"no {command.subject_kind.value} {command.subject_id} in agency {command.agency}",
            field="subject_id",
        )
    if command.to_date is not None and command.to_date < command.from_date:
        raise InvalidCommand("to_date must not be before from_date", field="to_date")
    return [
        DisciplineHoldPlaced(
            hold_id=command.hold_id,
            subject_kind=command.subject_kind,
            subject_id=command.subject_id,
            from_date=command.from_date,
            to_date=command.to_date,
        )
    ]


def decide_lift(
    state: DisciplineHold, command: LiftDisciplineHold, today: date
) -> list[EventPayload]:
    """Lift a placed hold; ``lifted_on`` becomes its last day."""
    placed = state.placed
    if placed is None:
        raise NotFound(f"no discipline hold {command.hold_id}")
    if state.status is HoldStatus.LIFTED:
        raise IllegalTransition(
            "hold already lifted", current_state=state.status.value, to_date=state.to_date
        )
    if command.lifted_on < placed.from_date:
        raise InvalidCommand("lifted_on must not be before the hold's from_date", field="lifted_on")
    if command.lifted_on > today:
        raise InvalidCommand("lifted_on must not be in the future", field="lifted_on")
    return [
        DisciplineHoldLifted(
            hold_id=command.hold_id,
            subject_kind=placed.subject_kind,
            subject_id=placed.subject_id,
            to_date=command.lifted_on,
        )
    ]
