"""The reporting service's screen: headers, catalogue and the owner of the event's agency."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

from services.reporting.screening import ReportingScreen
from shared.events import AnyEvent, parse_event
from shared.instances import Assignment, FixedOwnership, OwnershipLedger
from shared.kafka.topics import TopicNames
from tests.harness.reporting_events import award, records

TOPICS = TopicNames(prefix="tdkt")
SCT_01 = TOPICS.registry_events_of("sct-01")
MOVED = Assignment("01", 1, datetime(2025, 1, 1, tzinfo=UTC), "sct-01")


class LateSource:
    """A source that learns the assignment only when asked to catch up."""

    def __init__(self) -> None:
        self.ledger = OwnershipLedger()
        self.refreshes = 0

    async def refresh(self) -> None:
        self.refreshes += 1
        self.ledger.learn(MOVED)


def judged(screen: ReportingScreen, topic: str, agency: str = "01") -> str | None:
    [record] = records([award("LDTT", "m-1", 2025, agency=agency)], topic)
    event: AnyEvent = parse_event(record.value)
    return screen(event, record)


def test_an_event_counts_only_from_the_topic_of_its_agencys_owner() -> None:
    screen = ReportingScreen(FixedOwnership(OwnershipLedger.of([MOVED])), TOPICS)

    assert judged(screen, SCT_01) is None
    assert judged(screen, TOPICS.awards_events, agency="79") is None
    national = judged(screen, TOPICS.registry_events)
    assert "served by instance 'sct-01'" in str(national)
    elsewhere = judged(screen, SCT_01, agency="79")
    assert "served by instance 'national'" in str(elsewhere)
    unknown = judged(screen, "other.registry.events")
    assert unknown == "topic 'other.registry.events' is no instance's event topic"


def test_the_headers_and_the_catalogue_are_still_checked_first() -> None:
    screen = ReportingScreen(FixedOwnership(), TOPICS)
    granted = award("LDTT", "m-1", 2020)
    granted.payload["award_code"] = "NOT_AN_AWARD"
    [record] = records([granted], SCT_01)

    reason = screen(parse_event(record.value), record)

    assert reason == "award code 'NOT_AN_AWARD' is not in the catalogue"


async def test_prepare_catches_up_before_an_event_that_looks_unowned() -> None:
    source = LateSource()
    screen = ReportingScreen(source, TOPICS)
    national = records([award("LDTT", "m-1", 2025, agency="79")], TOPICS.awards_events)

    await screen.prepare(national)
    assert source.refreshes == 0  # 79 is the national instance's: nothing to catch up with

    await screen.prepare(records([award("LDTT", "m-2", 2025)], SCT_01))
    assert source.refreshes == 1
    assert judged(screen, SCT_01) is None


def test_a_snapshot_keeps_the_assignments_known_when_taken_and_travels_by_pickle() -> None:
    source = FixedOwnership()
    screen = ReportingScreen(source, TOPICS)
    before = screen.snapshot()
    source.ledger.learn(MOVED)
    after = pickle.loads(pickle.dumps(screen.snapshot()))

    assert judged(before, SCT_01) is not None
    assert judged(after, SCT_01) is None
    assert after.topics == TOPICS
    assert after.source.ledger.history() == {"01": [MOVED]}
