"""A member's or a unit's rating for one year (xếp loại): recorded once, then only corrected
knowingly.

One stream per member-year or unit-year. The first ``RatingRecorded`` (``UnitRatingRecorded``
for a unit) records the rating; a later one on the same stream is a correction that replaces
it. A correction must say which version it corrects (``If-Match``), so that two officers cannot
silently overwrite each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict

from services.registry.commands.ratings import RecordRating, RecordUnitRating
from shared.domain_errors import IllegalTransition, InvalidCommand
from shared.envelope import EventPayload
from shared.events import RatingRecorded, UnitRatingRecorded
from shared.events.vocabulary import Rating


class MemberYearRating(BaseModel):
    """What the domain needs to know of a member's (or a unit's) rating for a year."""

    model_config = ConfigDict(frozen=True)

    rating: Rating | None = None
    version: int = 0


def evolve(state: MemberYearRating, event: EventPayload) -> MemberYearRating:
    if isinstance(event, RatingRecorded | UnitRatingRecorded):
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
            f"{command.member_id} không phải cá nhân thuộc cơ quan {command.agency}",
            field="member_id",
        )
    _check_year_and_correction(state, command, command.member_id, today)
    return [RatingRecorded(member_id=command.member_id, year=command.year, rating=command.rating)]


def decide_record_unit(
    state: MemberYearRating, command: RecordUnitRating, unit_agency: str | None, today: date
) -> list[EventPayload]:
    """Record a unit's own rating, or correct it (``unit_agency``: None if no such unit)."""
    if unit_agency != command.agency:
        raise InvalidCommand(
            f"{command.unit_id} không phải tập thể thuộc cơ quan {command.agency}",
            field="unit_id",
        )
    _check_year_and_correction(state, command, command.unit_id, today)
    return [UnitRatingRecorded(unit_id=command.unit_id, year=command.year, rating=command.rating)]


def _check_year_and_correction(
    state: MemberYearRating, command: RecordRating | RecordUnitRating, subject: str, today: date
) -> None:
    if command.year > today.year:
        raise InvalidCommand("Năm xếp loại không được sau năm hiện tại", field="year")
    if state.rating is not None:
        _check_correction(state, command, subject)


def _check_correction(
    state: MemberYearRating, command: RecordRating | RecordUnitRating, subject: str
) -> None:
    current = {"current_state": "rated", "rating": state.rating, "version": state.version}
    if command.expected_version is None:
        raise IllegalTransition(
            f"{subject} đã được xếp loại năm {command.year}: "
            "gửi If-Match với phiên bản đã đọc để đính chính",
            **current,
        )
    if command.rating == state.rating:
        raise IllegalTransition(f"Xếp loại đã là {command.rating.value}", **current)
