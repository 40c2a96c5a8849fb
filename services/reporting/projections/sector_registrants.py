"""Registrants with a live registration anywhere in the sector, each counted once.

``registrants_by_year`` counts a registrant per agency and title. The sector's registration
coverage wants distinct registrants across every agency: a count(DISTINCT …) over every
registrant of the year, which grows with registrations (0.5 s at 3 M rows). So
``sector_registrants`` keeps each registrant's live registrations of a year summed over
agencies and titles, and ``sector_registrant_counts`` the registrants whose sum is above zero:
a registrant enters the count when its sum leaves zero and leaves it when the sum comes back
to zero. A member registered by a department and again by its successor after a merger counts
once. The registration projection hands over its batch's changes of ``registrants_by_year``
(:func:`count_sector_registrants`), in the same transaction, live and in a rebuild alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.deltas import Counters, Deltas, Key
from services.reporting.projections.tables import sector_registrant_counts, sector_registrants
from shared.database.rows_by_key import rows_matching

SECTOR_REGISTRANTS = Counters(sector_registrants, "registrations")
SECTOR_COUNTS = Counters(sector_registrant_counts, "registrants")
_REGISTRANT = ("year", "registrant_kind", "registrant_id")


def by_registrant(changes: Mapping[Key, int]) -> dict[Key, int]:
    """Changes of ``registrants_by_year`` (agency, year, kind, registrant, title) summed by
    (year, kind, registrant); those that add up to nothing left out."""
    summed: Counter[Key] = Counter()
    for (_agency, year, kind, registrant, _title), delta in changes.items():
        summed[(year, kind, registrant)] += delta
    return {key: delta for key, delta in summed.items() if delta}


def count_changes(before: Mapping[Key, int], changes: Mapping[Key, int]) -> Counter[Key]:
    """How many registrants of each (year, kind) enter (+) or leave (−) the count."""
    moved: Counter[Key] = Counter()
    for key, delta in changes.items():
        was = before.get(key, 0)
        moved[key[:2]] += _registered(was + delta) - _registered(was)
    return moved


async def count_sector_registrants(
    connection: AsyncConnection, registrant_changes: Mapping[Key, int]
) -> None:
    """Carries a batch's changes of ``registrants_by_year`` over to the sector's tables."""
    changes = by_registrant(registrant_changes)
    if not changes:
        return
    rows = await rows_matching(connection, sector_registrants, _REGISTRANT, changes)
    before: dict[Key, int] = {tuple(row[:3]): row.registrations for row in rows}
    deltas = Deltas()
    for key, delta in changes.items():
        deltas.add(SECTOR_REGISTRANTS, key, delta)
    for key, moved in count_changes(before, changes).items():
        deltas.add(SECTOR_COUNTS, key, moved)
    await deltas.write(connection)


def _registered(registrations: int) -> int:
    return 1 if registrations > 0 else 0
