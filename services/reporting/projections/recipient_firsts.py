"""Distinct recipients of any range of years, from counters that do not grow with events.

A recipient holding an award in the years ``S`` counts once in a range ``[a, b]`` if some year
of ``S`` lies in it. Each year ``y`` of ``S`` is stored with the year ``p`` before it in ``S``
(0 for the first): the recipient's first year in ``[a, b]`` is the one with ``a ≤ y ≤ b`` and
``p < a``, and there is exactly one such year when ``S`` meets the range. So
``award_recipient_firsts`` counts recipients by (agency, code, kind, ``y``, ``p``), and a
range's distinct recipients are one indexed sum over at most years² rows, whatever the number
of events or recipients.

When a batch changes which years a recipient holds (a first award in a year, or a revocation
of the last one), the recipient's pairs before and after are compared and the difference goes
to the counters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import cast

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.deltas import Counters, Deltas, Key
from services.reporting.projections.tables import (
    award_recipient_firsts,
    award_recipients_by_year,
)
from shared.database.rows_by_key import rows_matching

FIRSTS = Counters(award_recipient_firsts, "recipients")
_RECIPIENT = ("agency", "award_code", "recipient_kind", "recipient_id")
NO_PREVIOUS_YEAR = 0


def first_pairs(years: Iterable[int]) -> list[tuple[int, int]]:
    """Each held year with the held year before it (``NO_PREVIOUS_YEAR`` for the first)."""
    ordered = sorted(set(years))
    return list(zip(ordered, [NO_PREVIOUS_YEAR, *ordered], strict=False))


async def add_first_year_changes(
    connection: AsyncConnection, recipient_years: Counter[Key], deltas: Deltas
) -> None:
    """Add to ``deltas`` what ``recipient_years`` (changes of ``award_recipients_by_year``, not
    yet written) changes in ``award_recipient_firsts``."""
    changes: defaultdict[Key, Counter[int]] = defaultdict(Counter)
    for (agency, code, kind, recipient, year), delta in recipient_years.items():
        if delta:
            changes[agency, code, kind, recipient][cast(int, year)] += delta
    held = await _awards_by_year(connection, changes)
    firsts = deltas.of(FIRSTS)
    for recipient, changed in changes.items():
        before = held.get(recipient)
        if before is None:  # a recipient new to these counters (most, catching up)
            before_years: list[int] = []
            after_years = [year for year, count in changed.items() if count > 0]
        else:
            before_years = list(before)
            after = before + changed  # Counter addition keeps only positive counts
            if set(before) == set(after):
                continue
            after_years = list(after)
        if not before_years and not after_years:
            continue
        agency, code, kind, _ = recipient
        if before_years:
            for year, previous in first_pairs(before_years):
                firsts[agency, code, kind, year, previous] -= 1
        for year, previous in first_pairs(after_years):
            firsts[agency, code, kind, year, previous] += 1


async def _awards_by_year(
    connection: AsyncConnection, recipients: Iterable[Key]
) -> dict[Key, Counter[int]]:
    """Each recipient's live awards per year, as stored (before this batch)."""
    table = award_recipients_by_year
    rows = await rows_matching(connection, table, _RECIPIENT, recipients, table.c.awards > 0)
    held: defaultdict[Key, Counter[int]] = defaultdict(Counter)
    for row in rows:
        key = (row.agency, row.award_code, row.recipient_kind, row.recipient_id)
        held[key][row.year] = row.awards
    return held
