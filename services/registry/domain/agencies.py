"""The agency aggregate (a tenant): registered once, never twice; its later life (continued,
merged into, ceased) is decided in :mod:`.lineage`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict

from services.registry.commands.agencies import RegisterAgency
from shared.domain_errors import IllegalTransition, InvalidCommand
from shared.envelope import EventPayload
from shared.events import AgencyCeased, AgencyContinued, AgencyMerged, AgencyRegistered
from shared.events.vocabulary import AgencyKind
from shared.reference.provinces import ProvinceList, is_province_code, province_list_for


class Agency(BaseModel):
    """What the domain needs to know of an agency to decide."""

    model_config = ConfigDict(frozen=True)

    registered: bool = False
    kind: AgencyKind | None = None
    province_code: str | None = None
    province_list: ProvinceList | None = None
    established_on: date | None = None
    continued_on: date | None = None
    merged_on: date | None = None
    ceased_on: date | None = None
    successor_code: str | None = None


def evolve(state: Agency, event: EventPayload) -> Agency:
    match event:
        case AgencyRegistered():
            return Agency(
                registered=True,
                kind=event.kind,
                province_code=event.province_code,
                province_list=event.province_list,
                established_on=event.established_on,
            )
        case AgencyContinued():
            province = {"province_code": event.province_code, "province_list": event.province_list}
            return state.model_copy(update=province | {"continued_on": event.on})
        case AgencyMerged():
            return state.model_copy(update={"merged_on": event.on})
        case AgencyCeased():
            end = {"ceased_on": event.ceased_on, "successor_code": event.successor_code}
            return state.model_copy(update=end)
    return state


def fold(events: Iterable[EventPayload]) -> Agency:
    state = Agency()
    for event in events:
        state = evolve(state, event)
    return state


def decide_register(state: Agency, command: RegisterAgency) -> list[EventPayload]:
    if state.registered:
        raise IllegalTransition(
            f"agency {command.agency_code} is already registered", current_state="registered"
        )
    province_code, province_list = _province_of(command)
    return [
        AgencyRegistered(
            agency_code=command.agency_code,
            name=command.name,
            kind=command.kind,
            province_code=province_code,
            province_list=province_list,
            established_on=command.established_on,
        )
    ]


def _province_of(command: RegisterAgency) -> tuple[str | None, ProvinceList | None]:
    """The province code and its list; a ministry unit has none, a department needs one."""
    if command.kind is AgencyKind.MINISTRY_UNIT:
        for field in ("province_code", "province_list"):
            if getattr(command, field) is not None:
                raise InvalidCommand("a ministry unit has no province", field=field)
        return None, None
    if command.province_code is None:
        raise InvalidCommand("a provincial department needs a province", field="province_code")
    province_list = _province_list(command)
    if not is_province_code(command.province_code, province_list):
        raise InvalidCommand(
            f"{command.province_code} is not a province of the {province_list} list",
            field="province_code",
        )
    return command.province_code, province_list


def _province_list(command: RegisterAgency) -> ProvinceList:
    """The list named by the caller, or the one in force on the day the agency was set up."""
    derived = None if command.established_on is None else province_list_for(command.established_on)
    if command.province_list is not None:
        if derived is not None and command.province_list != derived:
            raise InvalidCommand(
                f"an agency established on {command.established_on} belongs to the "
                f"{derived}-province list",
                field="province_list",
            )
        return command.province_list
    if derived is None:
        raise InvalidCommand("give province_list or established_on", field="province_list")
    return derived
