"""How events map onto the statistics' dimensions: business dates, buckets, award levels."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from shared.reference.awards import AWARDS, GrantingLevel

NOT_APPLICABLE = ""
"""Key value of a dimension that does not apply (e.g. the position group of a unit)."""

UNKNOWN = "unknown"
"""Key value of a dimension not known yet (e.g. a member whose MemberAdded has not arrived)."""


class Duration(StrEnum):
    """Duration buckets of form 0601.N (<1 y, 1 y, 1–<3 y, 3–<5 y, ≥5 y), plus open-ended."""

    UNDER_1Y = "under_1y"
    ONE_YEAR = "1y"
    FROM_1_TO_3Y = "1_3y"
    FROM_3_TO_5Y = "3_5y"
    FIVE_YEARS_PLUS = "5y_plus"
    OPEN_ENDED = "open_ended"


def duration_bucket(start: date, end: date | None) -> Duration:
    """The bucket of a campaign running from ``start`` to ``end`` (both days included).

    "1 y" is a calendar year give or take a week (358–372 days); the other bounds are whole
    years of 365 days, so 2016-01-01 – 2018-12-31 is "3–<5 y" and 2016 – 2020 is "≥5 y".
    """
    if end is None:
        return Duration.OPEN_ENDED
    days = (end - start).days + 1
    if days < 358:
        return Duration.UNDER_1Y
    if days <= 372:
        return Duration.ONE_YEAR
    if days < 3 * 365:
        return Duration.FROM_1_TO_3Y
    if days < 5 * 365:
        return Duration.FROM_3_TO_5Y
    return Duration.FIVE_YEARS_PLUS


class LevelClass(StrEnum):
    """Which statistical form an award belongs to, from the awards catalogue."""

    STATE = "state"
    """State-level award: form 0602.N."""
    MINISTRY_PROVINCE = "ministry_province"
    """Ministry- or province-level award: form 0603.N."""
    UNIT = "unit"
    """Granted by an agency or unit head (LĐTT, CSTĐCS, Giấy khen…): on no official form."""
    UNKNOWN = "unknown"
    """A code the catalogue does not know (yet)."""


def level_class(award_code: str) -> LevelClass:
    """The level class of ``award_code``; ``UNKNOWN`` for codes not in the catalogue."""
    award = AWARDS.get(award_code)
    if award is None:
        return LevelClass.UNKNOWN
    if award.state_level:
        return LevelClass.STATE
    if award.granting_level is GrantingLevel.UNIT:
        return LevelClass.UNIT
    return LevelClass.MINISTRY_PROVINCE
