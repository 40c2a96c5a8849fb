"""What the reporting service refuses to count, whoever managed to publish it.

The service's composition root (the live service's bootstrap, the rebuild's entry point)
builds one :class:`ReportingScreen` on its ownership source and hands it to every path that
applies events: the live consumer, the rebuild's consumer and the rebuild's worker that
stages award events (a :meth:`~ReportingScreen.snapshot` of it). So a refused event is
missing from the live statistics and from a rebuild alike (it waits on the dead-letter topic;
``tdkt replay-dlq`` applies it once the catalogue knows its award, or once the ministry's
assignment that makes its instance the owner is known).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shared.consumer import IncomingRecord, headers_match_envelope
from shared.events import AnyEvent, AwardGranted
from shared.instances import FixedOwnership, OwnershipLedger, OwnershipSource
from shared.instances.screening import catch_up_before_screening, written_by_owner
from shared.kafka.topics import TopicNames
from shared.reference.awards import AWARDS


def award_in_catalogue(event: AnyEvent, record: IncomingRecord) -> str | None:
    """An award granted must be one the catalogue knows (forms and eligibility count by it)."""
    payload = event.payload
    if isinstance(payload, AwardGranted) and payload.award_code not in AWARDS:
        return f"award code {payload.award_code!r} is not in the catalogue"
    return None


class ReportingScreen:
    """Why an event must not be counted (None: count it): its headers must say what its
    envelope says, its award must be in the catalogue, and the instance whose topic carries
    it must have owned its agency when it was recorded (by ``source``'s assignments)."""

    def __init__(self, source: OwnershipSource, topics: TopicNames) -> None:
        self.source = source
        self.topics = topics
        self._owned = written_by_owner(source, topics)

    def __call__(self, event: AnyEvent, record: IncomingRecord) -> str | None:
        return (
            headers_match_envelope(event, record)
            or award_in_catalogue(event, record)
            or self._owned(event, record)
        )

    async def prepare(self, records: Sequence[IncomingRecord]) -> None:
        """The consumer's ``prepare`` hook: catch up with the ownership topic first if a
        record looks written by an instance that does not own its agency."""
        await catch_up_before_screening(self.source, self.topics, records)

    def snapshot(self) -> ReportingScreen:
        """The same screen on a copy of the assignments known now, which a worker process
        can be sent (the source itself may hold connections)."""
        known = self.source.ledger.history().values()
        ledger = OwnershipLedger.of(assignment for items in known for assignment in items)
        return ReportingScreen(FixedOwnership(ledger), self.topics)

    def __reduce__(self) -> tuple[Any, ...]:
        # The ownership check is a closure, which pickle cannot send: rebuilt on arrival.
        return (ReportingScreen, (self.source, self.topics))
