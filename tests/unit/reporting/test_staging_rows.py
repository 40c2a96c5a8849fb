"""What the rebuild's parser makes of a batch of records, in the worker and here."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.reporting.rebuild.parsing_pool import parse_shared, parsing_pool
from services.reporting.rebuild.staging_rows import STAGED_COLUMNS, RawRecord, parse_batch
from services.reporting.screening import ReportingScreen
from shared.consumer.idempotent import content_hash
from shared.envelope import EventEnvelope
from shared.instances import Assignment, FixedOwnership, OwnershipLedger
from shared.kafka.topics import TopicNames
from tests.harness.reporting_events import (
    NATIONAL_TOPIC,
    award,
    award_revoked,
    campaign,
    decision_revoked,
    national_screen,
    records,
)

TOPICS = TopicNames()
SCT_01 = TOPICS.awards_events_of("sct-01")


def _with_agency(headers: tuple[tuple[str, bytes], ...]) -> list[tuple[str, bytes]]:
    return [(name, b"79" if name == "agency" else value) for name, value in headers]


def lines(data: bytes) -> list[list[str]]:
    return [line.split("\t") for line in data.decode().splitlines()]


def raw(*envelopes: EventEnvelope, topic: str = NATIONAL_TOPIC) -> list[RawRecord]:
    """The envelopes as the rebuild reads them: topics, values and headers."""
    return [(record.topic, record.value, record.headers) for record in records(envelopes, topic)]


def hanoi_moved_to_sct_01() -> ReportingScreen:
    """The screen once the ministry assigned agency 01 to instance sct-01 (in 2025)."""
    moved = Assignment("01", 1, datetime(2025, 1, 1, tzinfo=UTC), "sct-01")
    return ReportingScreen(FixedOwnership(OwnershipLedger.of([moved])), TOPICS)


def test_award_events_become_copy_rows_and_the_rest_positions() -> None:
    grant = award("LDTT", "m-1", 2020, award_id="a\\1", agency="79", signed_on=date(2021, 1, 20))
    forged_agency = award("LDTT", "m-2", 2020)
    unknown_award = award("LDTT", "m-3", 2020)
    unknown_award.payload["award_code"] = "NOT_AN_AWARD"
    batch_records: list[RawRecord] = [
        *raw(grant, campaign(date(2020, 3, 1))),
        (NATIONAL_TOPIC, None, ()),  # a tombstone
        (NATIONAL_TOPIC, b"not json", ()),
        *raw(decision_revoked(["a-2", "a-3"], agency="01"), award_revoked("a-4")),
        (NATIONAL_TOPIC, b"left to the consumer", (("event_type", b"CampaignLaunched"),)),
        (NATIONAL_TOPIC, raw(forged_agency)[0][1], tuple(_with_agency(raw(forged_agency)[0][2]))),
        *raw(unknown_award),
    ]

    batch = parse_batch(batch_records, 3000, national_screen())

    rows = lines(batch.copy_data)
    assert [len(row) for row in rows] == [len(STAGED_COLUMNS)] * 4
    # Each row numbered by its record's place in the read; a DecisionRevoked's rows share it.
    assert [int(row[0]) for row in rows] == [3000, 3004, 3004, 3005]
    granted = dict(zip(STAGED_COLUMNS, rows[0], strict=True))
    assert granted | {"seq": "", "event_id": "", "content_hash": ""} == {
        "seq": "",
        "event_id": "",
        "content_hash": "",
        "award_id": "a\\\\1",  # COPY text escapes the backslash
        "revokes": "f",
        "agency": "79",
        "decision_id": granted["decision_id"],
        "recipient_kind": "member",
        "recipient_id": "m-1",
        "award_code": "LDTT",
        "year_from": "2020",
        "year": "2020",
        "signed_on": "2021-01-20",
        "commendation_kind": "regular",
        "granting_level": "unit",
        "level_class": "unit",
    }
    assert granted["event_id"] == str(grant.event_id)
    assert granted["content_hash"] == "\\\\x" + content_hash(batch_records[0][1] or b"").hex()
    assert [(row[3], row[4], row[5]) for row in rows[1:]] == [
        ("a-2", "t", "\\N"),
        ("a-3", "t", "\\N"),
        ("a-4", "t", "\\N"),
    ]
    assert batch.others == [1, 6]
    assert batch.agencies == {"79", "01"}
    assert [position for position, _ in batch.unusable] == [2, 3, 7, 8]
    assert batch.unusable[0][1] == ""
    assert "JSON" in batch.unusable[1][1].upper()
    assert batch.unusable[2][1] == "header agency is '79' but the envelope says '01'"
    assert batch.unusable[3][1] == "award code 'NOT_AN_AWARD' is not in the catalogue"


async def test_a_batch_parsed_partly_in_the_worker_keeps_positions_and_order() -> None:
    events = [
        campaign(date(2020, 3, 1)) if n % 5 == 0 else award("LDTT", f"m-{n}", 2020)
        for n in range(40)
    ]
    batch_records = raw(*events)
    batch_records[7] = (NATIONAL_TOPIC, b"{}", ())

    with parsing_pool() as pool:
        assert pool is not None  # fork is there on Linux
        shared = await parse_shared(pool, batch_records, 0, national_screen())
    alone = parse_batch(batch_records, 0, national_screen())

    assert shared.others == alone.others == [n for n in range(40) if n % 5 == 0]
    assert [p for p, _ in shared.unusable] == [7]
    shared_rows, alone_rows = lines(shared.copy_data), lines(alone.copy_data)
    assert shared_rows == alone_rows
    seqs = [int(row[0]) for row in shared_rows]
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == len(seqs)


async def test_award_events_are_judged_by_the_owner_of_their_agency_in_the_worker_too() -> None:
    """After 01 went to sct-01, its awards count from sct-01's topic only; 79's never do
    from there. The worker judges by the snapshot of the assignments it was sent."""
    batch_records = [
        *raw(award("LDTT", "m-1", 2025, agency="01"), topic=SCT_01),
        *raw(award("LDTT", "m-2", 2025, agency="01")),
        *raw(award("LDTT", "m-3", 2025, agency="79"), topic=SCT_01),
        *raw(award("LDTT", "m-4", 2025, agency="79")),
    ] * 4
    screen = hanoi_moved_to_sct_01().snapshot()

    with parsing_pool() as pool:
        assert pool is not None
        shared = await parse_shared(pool, batch_records, 0, screen)

    staged = [(row[8], row[5]) for row in lines(shared.copy_data)]
    assert staged == [("m-1", "01"), ("m-4", "79")] * 4
    reasons = dict(shared.unusable)
    assert sorted(reasons) == [p for p in range(16) if p % 4 in (1, 2)]
    assert "agency 01 was served by instance 'sct-01'" in reasons[1]
    assert "not by 'national'" in reasons[1]
    assert "agency 79 was served by instance 'national'" in reasons[2]
    assert "not by 'sct-01'" in reasons[2]
