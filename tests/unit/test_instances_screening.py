"""Refusing an event its topic's instance could not have written (issue 18)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from shared.consumer import IncomingRecord
from shared.instances import NATIONAL, Assignment, FixedOwnership, OwnershipLedger
from shared.instances.screening import catch_up_before_screening, written_by_owner
from shared.kafka.topics import TopicNames

TOPICS = TopicNames()
HANDOVER = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
BEFORE, AFTER = HANDOVER - timedelta(hours=1), HANDOVER + timedelta(hours=1)
TO_HANOI = Assignment("01", 1, HANDOVER, "sct-01")


@dataclass(frozen=True)
class Event:
    agency: str
    recorded_at: datetime
    event_type: str = "MemberAdded"


def record(topic: str, agency: str | None = "01") -> IncomingRecord:
    headers = (
        () if agency is None else (("event_type", b"MemberAdded"), ("agency", agency.encode()))
    )
    return IncomingRecord(topic, 0, 0, b"k", b"{}", headers)


def screened(event: Event, topic: str) -> str | None:
    screen = written_by_owner(FixedOwnership(OwnershipLedger.of([TO_HANOI])), TOPICS)
    return screen(event, record(topic))


def test_the_owner_s_events_pass() -> None:
    assert screened(Event("01", AFTER), TOPICS.registry_events_of("sct-01")) is None
    assert screened(Event("01", AFTER), TOPICS.awards_events_of("sct-01")) is None
    assert screened(Event("79", AFTER), TOPICS.registry_events) is None


def test_an_event_recorded_before_the_handover_stays_the_national_one_s() -> None:
    assert screened(Event("01", BEFORE), TOPICS.registry_events) is None
    reason = screened(Event("01", BEFORE), TOPICS.registry_events_of("sct-01"))
    assert reason is not None
    assert "served by instance 'national'" in reason
    assert "not by 'sct-01'" in reason


@pytest.mark.parametrize(
    ("agency", "topic", "owner"),
    [
        ("01", TOPICS.awards_events, "sct-01"),  # the national instance, after the handover
        ("79", TOPICS.registry_events_of("sct-01"), NATIONAL),  # a province, for another's
        ("01", TOPICS.registry_events_of("sct-79"), "sct-01"),
    ],
)
def test_an_event_for_an_agency_another_instance_owned_is_refused(
    agency: str, topic: str, owner: str
) -> None:
    reason = screened(Event(agency, AFTER), topic)
    assert reason is not None
    assert f"agency {agency} was served by instance {owner!r}" in reason
    assert AFTER.isoformat() in reason


def test_an_assignment_outside_the_ownership_topic_is_refused() -> None:
    forged = Event("01", AFTER, event_type="AgencyOwnershipAssigned")
    reason = screened(forged, TOPICS.registry_events_of("sct-01"))
    assert reason is not None
    assert TOPICS.ownership_events in reason
    assert screened(forged, TOPICS.registry_events) is not None


@pytest.mark.parametrize("topic", ["tdkt.ownership.events", "other.registry.events", "tdkt.x"])
def test_a_topic_of_no_instance_is_refused(topic: str) -> None:
    reason = screened(Event("79", AFTER), topic)
    assert reason == f"topic {topic!r} is no instance's event topic"


# --- catching up before the screen ------------------------------------------------------------


class CountingSource:
    """A source that learns ``pending`` when refreshed, counting refreshes."""

    def __init__(self, *pending: Assignment) -> None:
        self._ledger = OwnershipLedger()
        self._pending = pending
        self.refreshes = 0

    @property
    def ledger(self) -> OwnershipLedger:
        return self._ledger

    async def refresh(self) -> None:
        self.refreshes += 1
        for assignment in self._pending:
            self._ledger.learn(assignment)


async def test_no_refresh_when_every_record_s_topic_owns_its_agency() -> None:
    source = CountingSource(TO_HANOI)
    records = [record(TOPICS.registry_events, "79"), record(TOPICS.awards_events, "01")]
    await catch_up_before_screening(source, TOPICS, records)
    assert source.refreshes == 0


async def test_one_refresh_for_records_the_ledger_does_not_explain_yet() -> None:
    source = CountingSource(TO_HANOI)
    province = TOPICS.registry_events_of("sct-01")
    records = [record(TOPICS.registry_events, "79"), record(province), record(province)]

    await catch_up_before_screening(source, TOPICS, records)

    assert source.refreshes == 1
    assert written_by_owner(source, TOPICS)(Event("01", AFTER), records[1]) is None


async def test_records_the_screen_refuses_anyway_need_no_refresh() -> None:
    source = CountingSource(TO_HANOI)
    records = [record("tdkt.elsewhere", "01"), record(TOPICS.registry_events_of("sct-01"), None)]
    await catch_up_before_screening(source, TOPICS, records)
    assert source.refreshes == 0
