"""Registrations (đăng ký thi đua) per agency × year × registrant kind × status, and the
registrants of each year and title (for "registered units and members" and coverage).

A registration moves submitted → approved | returned → submitted (corrected, perhaps with
other titles). ``registration_facts`` remembers each one, so a status change moves it from
one counter to another. A registrant counts as registered for a title while one of its
registrations for that title is submitted or approved (not returned). Registrants unknown to
the directory are counted all the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.deltas import Contribution, Counters, Deltas
from services.reporting.projections.sector_registrants import count_sector_registrants
from services.reporting.projections.tables import (
    registrants_by_year,
    registration_counts,
    registration_facts,
)
from services.reporting.projections.upsert import put_rows
from shared.database.rows_by_key import rows_where_in
from shared.events import (
    AnyEvent,
    RegistrationApproved,
    RegistrationReturned,
    RegistrationSubmitted,
)

REGISTRATIONS = Counters(registration_counts, "registrations")
REGISTRANTS = Counters(registrants_by_year, "registrations")
SUBMITTED, APPROVED, RETURNED = "submitted", "approved", "returned"
LIVE = frozenset({SUBMITTED, APPROVED})


@dataclass(frozen=True)
class Submission:
    agency: str
    year: int
    registrant_kind: str
    registrant_id: str
    award_codes: tuple[str, ...]


@dataclass(frozen=True)
class RegistrationFact:
    """A registration's latest submission (once seen) and status."""

    registration_id: str
    status: str
    submission: Submission | None = None

    def contribution(self) -> Contribution:
        s = self.submission
        if s is None:
            return []
        counted: Contribution = [
            (REGISTRATIONS, (s.agency, s.year, s.registrant_kind, self.status))
        ]
        if self.status in LIVE:
            counted += [
                (REGISTRANTS, (s.agency, s.year, s.registrant_kind, s.registrant_id, code))
                for code in s.award_codes
            ]
        return counted

    def to_row(self) -> dict[str, Any]:
        s = self.submission
        return {
            "registration_id": self.registration_id,
            "status": self.status,
            "submitted": s is not None,
            "agency": s.agency if s else None,
            "year": s.year if s else None,
            "registrant_kind": s.registrant_kind if s else None,
            "registrant_id": s.registrant_id if s else None,
            "award_codes": " ".join(s.award_codes) if s else None,
        }

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> RegistrationFact:
        submission = None
        if row["submitted"]:
            submission = Submission(
                agency=row["agency"],
                year=row["year"],
                registrant_kind=row["registrant_kind"],
                registrant_id=row["registrant_id"],
                award_codes=tuple(row["award_codes"].split()),
            )
        return cls(row["registration_id"], row["status"], submission)


class RegistrationCountsProjection:
    """Folds registrations into ``registration_facts`` and the registration counters."""

    payload_types: ClassVar[frozenset[type]] = frozenset(
        {RegistrationSubmitted, RegistrationApproved, RegistrationReturned}
    )

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        ids = [i for i in (_registration_id(event) for event in events) if i is not None]
        if not ids:
            return
        rows = await rows_where_in(connection, registration_facts, "registration_id", ids)
        facts = {row.registration_id: RegistrationFact.from_row(row._mapping) for row in rows}
        deltas = Deltas()
        changed: dict[str, RegistrationFact] = {}
        for event in events:
            for fact in _evolve(facts, event):
                before = facts.get(fact.registration_id)
                deltas.replace(before.contribution() if before else [], fact.contribution())
                facts[fact.registration_id] = changed[fact.registration_id] = fact
        await put_rows(connection, registration_facts, [f.to_row() for f in changed.values()])
        await deltas.write(connection)
        await count_sector_registrants(connection, deltas.of(REGISTRANTS))


def _registration_id(event: AnyEvent) -> str | None:
    payload = event.payload
    if isinstance(payload, RegistrationSubmitted | RegistrationApproved | RegistrationReturned):
        return payload.registration_id
    return None


def _evolve(facts: Mapping[str, RegistrationFact], event: AnyEvent) -> Iterator[RegistrationFact]:
    payload = event.payload
    if isinstance(payload, RegistrationSubmitted):
        earlier = facts.get(payload.registration_id)
        # A registration stays the agency's that received it, even when its successor
        # resubmits it after a merger.
        received_by = earlier.submission.agency if earlier and earlier.submission else None
        submission = Submission(
            agency=received_by or event.agency,
            year=payload.year,
            registrant_kind=payload.registrant_kind.value,
            registrant_id=payload.registrant_id,
            award_codes=tuple(payload.award_codes),
        )
        # A status seen before any submission (out of order) stands; a resubmission resets.
        status = earlier.status if earlier and earlier.submission is None else SUBMITTED
        yield RegistrationFact(payload.registration_id, status, submission)
    elif isinstance(payload, RegistrationApproved | RegistrationReturned):
        status = APPROVED if isinstance(payload, RegistrationApproved) else RETURNED
        fact = facts.get(payload.registration_id, RegistrationFact(payload.registration_id, status))
        yield replace(fact, status=status)
