"""Refusing an event its topic's instance could not have written: the line behind per-instance
broker credentials.

The broker lets each instance's principals write only that instance's topics; an instance
could still write, on its own topic, an event in the name of an agency it does not serve. A
consumer refuses such an event (to the dead-letter topic, with the reason): an event counts
only if the instance whose topic carries it owned its agency when it was recorded, by the
ministry's assignments (:class:`~shared.instances.ledger.OwnershipLedger`). Assignments
themselves travel only on the ownership topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Protocol

from shared.consumer.incoming import IncomingRecord
from shared.consumer.screening import Screen
from shared.instances.scope import OwnershipSource
from shared.kafka.topics import TopicNames

OWNERSHIP_EVENT = "AgencyOwnershipAssigned"


class Owned(Protocol):
    """What the ownership screen reads of an event (any typed envelope)."""

    @property
    def event_type(self) -> str: ...

    @property
    def agency(self) -> str: ...

    @property
    def recorded_at(self) -> datetime: ...


def written_by_owner(source: OwnershipSource, topics: TopicNames) -> Screen[Owned]:
    """A screen refusing an event whose topic's instance did not own its agency when the
    event was recorded (and any assignment outside the ownership topic)."""

    def screen(event: Owned, record: IncomingRecord) -> str | None:
        instance = topics.instance_of(record.topic)
        if instance is None:
            return f"topic {record.topic!r} is no instance's event topic"
        if event.event_type == OWNERSHIP_EVENT:
            return f"an ownership assignment on {record.topic!r}: they travel only on " + (
                topics.ownership_events
            )
        owner = source.ledger.owner_at(event.agency, event.recorded_at)
        if owner == instance:
            return None
        return (
            f"agency {event.agency} was served by instance {owner!r} when this event was "
            f"recorded ({event.recorded_at.isoformat()}), not by {instance!r}, whose topic "
            "carries it"
        )

    return screen


async def catch_up_before_screening(
    source: OwnershipSource, topics: TopicNames, records: Sequence[IncomingRecord]
) -> None:
    """Refresh ``source`` once if any record's topic is not its agency's owner's by the ledger
    as learnt so far: the assignment that makes it so may have been published a moment ago.

    Judged by the ``agency`` header, before parsing; the screen then judges the envelope."""
    now = datetime.now(UTC)
    for record in records:
        instance = topics.instance_of(record.topic)
        agency = _header(record, "agency")
        if instance is None or agency is None:
            continue
        if source.ledger.owner_at(agency, now) != instance:
            await source.refresh()
            return


def _header(record: IncomingRecord, name: str) -> str | None:
    for key, value in record.headers:
        if key == name:
            return value.decode(errors="replace")
    return None
