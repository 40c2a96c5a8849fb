"""Who continues an agency's open work after it ceased into a successor.

A merged department's registrations, campaigns, initiatives and discipline holds stay its
own (its history); from the day after it ceased, its successor — and the successor's own
successor, transitively — acts on them in its own name. Before that day they are the
department's alone, so a correction of its past is still its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

MAX_SUCCESSIONS = 64
"""A lineage longer than this is no lineage (a loop in bad data): the walk stops there."""


@dataclass(frozen=True)
class Succession:
    """One agency of a lineage: when it ceased and which agency continues its work."""

    agency: str
    name: str
    ceased_on: date | None
    successor_code: str | None


def taken_over_on(lineage: Sequence[Succession], agency: str) -> date | None:
    """The first day ``agency`` continues the work of ``lineage[0]``: the day after the agency
    before it in the lineage ceased. None if ``agency`` does not continue it (the first
    agency itself, an unrelated agency, or one of the first agency's predecessors)."""
    for earlier, later in pairwise(lineage):
        if earlier.successor_code != later.agency or earlier.ceased_on is None:
            return None
        if later.agency == agency:
            return earlier.ceased_on + timedelta(days=1)
    return None


def continues(lineage: Sequence[Succession], agency: str) -> bool:
    """Whether ``agency`` continues the work of ``lineage[0]`` (at some date)."""
    return taken_over_on(lineage, agency) is not None


def before_takeover_message(lineage: Sequence[Succession], successor: str, day: date) -> str:
    """The officer's reason, in Vietnamese, when ``successor`` acts on the work of
    ``lineage[0]`` on a ``day`` before it took that work over."""
    owner = lineage[0]
    first_day = taken_over_on(lineage, successor)
    assert first_day is not None, "only a successor is told when it took over"
    successor_name = next(step.name for step in lineage if step.agency == successor)
    return (
        f"{successor_name} (mã {successor}) tiếp nhận công việc của {owner.name} "
        f"(mã {owner.agency}) từ ngày {first_day:%d/%m/%Y}; việc ngày {day:%d/%m/%Y} "
        f"do {owner.name} ghi nhận."
    )
