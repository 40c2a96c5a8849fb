"""Which instance owns which agency, and since when: the ministry's assignments, folded.

Every agency belongs to the national instance until the ministry assigns it elsewhere
(:class:`~shared.events.ownership.AgencyOwnershipAssigned`). Assignments of one agency are
numbered; the ledger keeps them all, so that an event is judged by who owned its agency when
it was recorded, whatever order the ledger learnt them in.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from shared.instances.names import NATIONAL


@dataclass(frozen=True, order=True)
class Assignment:
    """From ``effective_at`` (the ministry's clock) agency ``agency`` belongs to ``instance``."""

    agency: str
    sequence: int
    effective_at: datetime
    instance: str


@dataclass
class OwnershipLedger:
    """Every assignment learnt so far, per agency in ``sequence`` order (pure, in memory)."""

    _by_agency: dict[str, list[Assignment]] = field(default_factory=dict)

    @classmethod
    def of(cls, assignments: Iterable[Assignment]) -> OwnershipLedger:
        ledger = cls()
        for assignment in assignments:
            ledger.learn(assignment)
        return ledger

    def learn(self, assignment: Assignment) -> bool:
        """Add ``assignment``; False if this one (agency, sequence) was known already."""
        known = self._by_agency.setdefault(assignment.agency, [])
        if any(item.sequence == assignment.sequence for item in known):
            return False
        insort(known, assignment)
        return True

    def owner_at(self, agency: str, at: datetime) -> str:
        """The instance that owned ``agency`` at ``at`` (national before any assignment)."""
        owner = NATIONAL
        for assignment in self._by_agency.get(agency, ()):
            if assignment.effective_at <= at:
                owner = assignment.instance
        return owner

    def owner_now(self, agency: str) -> str:
        """The instance the latest assignment gave ``agency`` to (national without one)."""
        known = self._by_agency.get(agency)
        return known[-1].instance if known else NATIONAL

    def last_sequence(self, agency: str) -> int:
        """The number of the latest assignment of ``agency`` (0 before any)."""
        known = self._by_agency.get(agency)
        return known[-1].sequence if known else 0

    def assigned_to(self, instance: str) -> list[str]:
        """The agencies whose latest assignment gives them to ``instance``, sorted."""
        return sorted(code for code in self._by_agency if self.owner_now(code) == instance)

    def history(self) -> Mapping[str, list[Assignment]]:
        """Every assignment, per agency (a copy)."""
        return {code: list(items) for code, items in self._by_agency.items()}
