"""Events that reached the topic but must not be counted (issue: the broker was an open write
path): each goes to the dead-letter topic with its reason, is counted by error type, and
changes no statistic."""

from __future__ import annotations

import dataclasses
import uuid

from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.tables import award_counts, award_facts
from shared.consumer import IncomingRecord
from tests.harness.reporting_events import (
    DeadLetters,
    award,
    counters,
    records,
    reporting_consumer,
)


def forged_award_code() -> IncomingRecord:
    granted = award("LDTT", "m-1", 2020)
    granted.payload["award_code"] = "NOT_AN_AWARD"
    return records([granted])[0]


def with_headers(record: IncomingRecord, **changed: bytes) -> IncomingRecord:
    headers = tuple((name, changed.get(name, value)) for name, value in record.headers)
    return dataclasses.replace(record, headers=headers)


async def test_refused_events_are_dead_lettered_with_their_reason_and_count_nothing(
    reporting_db: AsyncEngine,
) -> None:
    genuine = records([award("LDTT", "m-1", 2020)])[0]
    refused = [
        forged_award_code(),
        with_headers(records([award("LDTT", "m-2", 2020)])[0], agency=b"06"),
        dataclasses.replace(records([award("LDTT", "m-3", 2020)])[0], headers=()),
        with_headers(records([award("LDTT", "m-4", 2020)])[0], event_type=b"UnitAdded"),
    ]
    letters = DeadLetters()
    consumer = reporting_consumer(reporting_db, letters)

    await consumer.process([genuine, *refused])

    assert await counters(reporting_db, award_counts, "agency", "award_code") == {("01", "LDTT"): 1}
    assert [letter.reason for letter in letters.letters] == [
        "award code 'NOT_AN_AWARD' is not in the catalogue",
        "header agency is '06' but the envelope says '01'",
        "header event_type is missing",
        "header event_type is 'UnitAdded' but the envelope says 'AwardGranted'",
    ]
    assert consumer.dead_lettered_by_error == {"RefusedEvent": 4}


async def test_an_event_id_seen_before_with_other_content_is_dead_lettered(
    reporting_db: AsyncEngine,
) -> None:
    """A redelivery (same bytes) is skipped silently; a record that reuses an applied event's
    id with other content is not a redelivery: dead-lettered, in a later batch or the same."""
    granted = award("LDTT", "m-1", 2020)
    impostor = granted.model_copy(update={"payload": {**granted.payload, "recipient_id": "m-9"}})
    other = award("CSTDCS", "m-2", 2020)
    other_impostor = other.model_copy(update={"agency": "01", "stream_id": "s-x"})
    letters = DeadLetters()
    consumer = reporting_consumer(reporting_db, letters)

    await consumer.process(records([granted]))
    await consumer.process(records([granted, impostor]))
    await consumer.process(records([other, other_impostor]))

    assert await counters(reporting_db, award_counts, "award_code") == {
        ("LDTT",): 1,
        ("CSTDCS",): 1,
    }
    facts = await counters(reporting_db, award_facts, "recipient_id", count="year")
    assert set(facts) == {("m-1",), ("m-2",)}
    assert consumer.dead_lettered_by_error == {"ConflictingDuplicate": 2}
    assert str(granted.event_id) in letters.letters[0].reason
    assert uuid.UUID(letters.letters[1].reason.split()[1]) == other.event_id
