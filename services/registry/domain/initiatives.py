"""The initiative aggregate (sáng kiến): registered, then recognised at one or more levels.

Levels may be recognised in any order, each at most once: since Decree 152/2025/NĐ-CP a
lower award is no longer required before a higher one, so a ministry/province or national
recognition does not need a grassroots one first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from pydantic import BaseModel, ConfigDict

from services.registry.commands.initiatives import RecogniseInitiative, RegisterInitiative
from shared.domain_errors import IllegalTransition, InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events import InitiativeRecognised, InitiativeRegistered
from shared.events.vocabulary import InitiativeLevel


class Initiative(BaseModel):
    """What the domain needs to know of an initiative to decide."""

    model_config = ConfigDict(frozen=True)

    registered: bool = False
    year: int | None = None
    recognised: frozenset[InitiativeLevel] = frozenset()


def evolve(state: Initiative, event: EventPayload) -> Initiative:
    if isinstance(event, InitiativeRegistered):
        return Initiative(registered=True, year=event.year)
    if isinstance(event, InitiativeRecognised):
        return state.model_copy(update={"recognised": state.recognised | {event.level}})
    return state


def fold(events: Iterable[EventPayload]) -> Initiative:
    state = Initiative()
    for event in events:
        state = evolve(state, event)
    return state


def decide_register(
    state: Initiative,
    command: RegisterInitiative,
    author_agencies: Mapping[str, str | None],
    today: date,
) -> list[EventPayload]:
    """Register; every author must be a member of the registering agency.

    ``author_agencies`` maps each author id to the agency it belongs to (None: unknown).
    """
    if state.registered:
        raise IllegalTransition("initiative already registered", current_state="registered")
    strangers = [a for a in command.author_ids if author_agencies.get(a) != command.agency]
    if strangers:
        raise InvalidCommand(
            f"not members of agency {command.agency}: {', '.join(strangers)}", field="author_ids"
        )
    if command.year > today.year:
        raise InvalidCommand("year must not be in the future", field="year")
    return [
        InitiativeRegistered(
            initiative_id=command.initiative_id,
            title=command.title,
            author_member_ids=list(command.author_ids),
            year=command.year,
        )
    ]


def decide_recognise(
    state: Initiative, command: RecogniseInitiative, today: date
) -> list[EventPayload]:
    """Recognise at a level not recognised before, on a date within its life so far."""
    if not state.registered or state.year is None:
        raise NotFound(f"no initiative {command.initiative_id}")
    if command.level in state.recognised:
        raise IllegalTransition(
            f"already recognised at level {command.level.value}",
            current_state="recognised",
            recognised_levels=sorted(level.value for level in state.recognised),
        )
    if command.recognised_on.year < state.year:
        raise InvalidCommand(
            f"recognised_on must not be before the registration year {state.year}",
            field="recognised_on",
        )
    if command.recognised_on > today:
        raise InvalidCommand("recognised_on must not be in the future", field="recognised_on")
    return [
        InitiativeRecognised(
            initiative_id=command.initiative_id,
            level=command.level,
            recognised_on=command.recognised_on,
        )
    ]
