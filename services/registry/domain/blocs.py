"""The bloc aggregate (khối / cụm thi đua): formed once, then one pact per year.

A bloc's pacts live in the bloc's stream, so "one pact per bloc and year" is decided on the
bloc's own history and guarded by its stream version against concurrent signers.
"""

from __future__ import annotations

from collections.abc import Iterable, Set

from pydantic import BaseModel, ConfigDict, Field

from services.registry.commands.blocs import FormBloc, SignPact
from shared.domain_errors import IllegalTransition, InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events import BlocFormed, PactSigned
from shared.events.vocabulary import BlocKind


class Bloc(BaseModel):
    """What the domain needs to know of a bloc to decide."""

    model_config = ConfigDict(frozen=True)

    formed: bool = False
    member_ids: frozenset[str] = frozenset()
    pacts_by_year: dict[int, str] = Field(default_factory=dict)


def evolve(state: Bloc, event: EventPayload) -> Bloc:
    if isinstance(event, BlocFormed):
        return Bloc(formed=True, member_ids=frozenset(event.member_ids))
    if isinstance(event, PactSigned):
        pacts = {**state.pacts_by_year, event.year: event.pact_id}
        return state.model_copy(update={"pacts_by_year": pacts})
    return state


def fold(events: Iterable[EventPayload]) -> Bloc:
    state = Bloc()
    for event in events:
        state = evolve(state, event)
    return state


def decide_form(state: Bloc, command: FormBloc, eligible: Set[str]) -> list[EventPayload]:
    """``eligible``: those of the command's member ids that may join (the agency's units, or
    registered agencies, depending on the kind)."""
    if state.formed:
        raise IllegalTransition(f"bloc {command.bloc_id} already exists", current_state="formed")
    outside = {name.casefold() for name in command.outside_members}
    if len(outside) < len(command.outside_members):
        raise InvalidCommand("an outside member is named twice", field="outside_members")
    if len(set(command.member_ids)) + len(outside) < 2:
        raise InvalidCommand(
            "a bloc needs at least two distinct members (with its outside members)",
            field="member_ids",
        )
    refused = [member for member in command.member_ids if member not in eligible]
    if refused:
        raise InvalidCommand(_not_eligible(command, refused), field="member_ids")
    return [
        BlocFormed(
            bloc_id=command.bloc_id,
            name=command.name,
            kind=command.kind,
            member_ids=list(command.member_ids),
            outside_members=list(command.outside_members),
        )
    ]


def _not_eligible(command: FormBloc, refused: list[str]) -> str:
    if command.kind is BlocKind.UNITS:
        return f"not units of agency {command.agency}: {', '.join(refused)}"
    return f"not registered agencies: {', '.join(refused)}"


def decide_sign_pact(state: Bloc, command: SignPact) -> list[EventPayload]:
    if not state.formed:
        raise NotFound(f"no bloc {command.bloc_id}")
    signed = state.pacts_by_year.get(command.year)
    if signed is not None:
        raise IllegalTransition(
            f"the bloc already signed its pact for {command.year}",
            current_state="signed",
            year=command.year,
            pact_id=signed,
        )
    outsiders = [s for s in command.signatory_ids if s not in state.member_ids]
    if outsiders:
        raise InvalidCommand(
            f"not members of the bloc: {', '.join(outsiders)}", field="signatory_ids"
        )
    return [
        PactSigned(
            pact_id=command.pact_id,
            bloc_id=command.bloc_id,
            year=command.year,
            signatory_ids=list(command.signatory_ids),
        )
    ]
