"""Business time in Vietnam (UTC+7, no daylight saving): the one place that knows it.

Business dates (a decision signed, a campaign launched, a rating's year) are days in Vietnam;
envelopes carry them as the start of that day in UTC (``occurred_at``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")


def today_in_vietnam() -> date:
    """Today's date in Vietnam: the business date of a command that names none."""
    return datetime.now(VIETNAM).date()


def business_time(day: date) -> datetime:
    """A business date as the start of that day in Vietnam, in UTC (an ``occurred_at``)."""
    return datetime.combine(day, time(), tzinfo=VIETNAM).astimezone(UTC)


def business_date(moment: datetime) -> date:
    """The day in Vietnam of ``moment`` (an ``occurred_at``); a naive value is taken as is."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(VIETNAM).date()
