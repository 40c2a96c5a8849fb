"""Pre-aggregated counter changes of one batch, written with one statement per table.

A projection that remembers facts describes what one fact adds to the counters (its
*contribution*); applying an event replaces the fact, and the counters change by the new
contribution minus the old one. A revocation thus subtracts exactly what its grant added.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.upsert import add_counts

Key = tuple[Hashable, ...]


@dataclass(frozen=True)
class Counters:
    """A counter table: its primary key columns are the dimensions, one column counts."""

    table: Table
    count_column: str

    @property
    def key_columns(self) -> list[str]:
        return [column.name for column in self.table.primary_key.columns]


Contribution = list[tuple[Counters, Key]]
"""What one fact adds to the counters: +1 at each (table, key)."""


class Deltas:
    """Counter changes per table, accumulated in memory over a batch."""

    def __init__(self) -> None:
        self._changes: defaultdict[Counters, Counter[Key]] = defaultdict(Counter)

    def add(self, counters: Counters, key: Key, delta: int = 1) -> None:
        self._changes[counters][key] += delta

    def replace(self, before: Iterable[tuple[Counters, Key]], after: Contribution) -> None:
        """The fact contributing ``before`` now contributes ``after``."""
        changes = self._changes
        for counters, key in before:
            changes[counters][key] -= 1
        for counters, key in after:
            changes[counters][key] += 1

    def of(self, counters: Counters) -> Counter[Key]:
        return self._changes[counters]

    async def write(self, connection: AsyncConnection) -> None:
        """One upsert statement per table that changed."""
        for counters, changes in self._changes.items():
            await add_counts(
                connection, counters.table, counters.key_columns, counters.count_column, changes
            )
