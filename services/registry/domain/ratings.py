"""A member's rating for one year (xếp loại): recorded once, then only corrected knowingly.

One stream per member-year. The first ``RatingRecorded`` records the rating; a later one on
the same stream is a correction that replaces it. A correction must say which version it
corrects (``If-Match``), so that two officers cannot silently overwrite each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict

from services.registry.commands.ratings import RecordRating
from shared.domain_errors import IllegalTransition, InvalidCommand
from shared.envelope import EventPayload
from shared.events import RatingRecorded
from shared.events.vocabulary import Rating


class MemberYearRating(BaseModel):
    """What the domain needs to know of a member's rating for a year."""

    model_config = ConfigDict(frozen=True)

    rating: Rating | None = None
    version: int = 0


def evolve(state: MemberYearRating, event: EventPayload) -> MemberYearRating:
    if isinstance(event, RatingRecorded):
        return MemberYearRating(rating=event.rating, version=state.version + 1)
    return state


def fold(events: Iterable[EventPayload]) -> MemberYearRating:
    state = MemberYearRating()
    for event in events:
        state = evolve(state, event)
    return state


def decide_record(
    state: MemberYearRating, command: RecordRating, member_agency: str | None, today: date
) -> list[EventPayload]:
    """Record a rating, or correct the one recorded (``member_agency``: None if unknown)."""
    if member_agency != command.agency:
        raise InvalidCommand(
            f"{command.member_id} is not a member of agency {command.agency}", field="member_id"
        )
    if command.year > today.year:
        raise InvalidCommand("year must not be in the future", field="year")
    if state.rating is not None:
        _check_correction(state, command)
    return [RatingRecorded(member_id=command.member_id, year=command.year, rating=command.rating)]


def _check_correction(state: MemberYearRating, command: RecordRating) -> None:
    current = {"current_state": "rated", "rating": state.rating, "version": state.version}
    if command.expected_version is None:
        raise IllegalTransition(
            f"{command.member_id} is already rated for {command.year}: "
            "send If-Match with the version to correct it",
            **current,
        )
    if command.rating == state.rating:
        raise IllegalTransition(f"the rating is already {command.rating.value}", **current)
