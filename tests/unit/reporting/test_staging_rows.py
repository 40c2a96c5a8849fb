"""What the rebuild's parser makes of a batch of records, in the worker and here."""

from __future__ import annotations

from datetime import date

from services.reporting.rebuild.parsing_pool import parse_shared, parsing_pool
from services.reporting.rebuild.staging_rows import STAGED_COLUMNS, RawRecord, parse_batch
from shared.consumer.idempotent import content_hash
from shared.envelope import EventEnvelope
from tests.harness.reporting_events import (
    award,
    award_revoked,
    campaign,
    decision_revoked,
    records,
)


def _with_agency(headers: tuple[tuple[str, bytes], ...], agency: bytes) -> list[tuple[str, bytes]]:
    return [(name, agency if name == "agency" else value) for name, value in headers]


def lines(data: bytes) -> list[list[str]]:
    return [line.split("\t") for line in data.decode().splitlines()]


def raw(*envelopes: EventEnvelope) -> list[RawRecord]:
    """The envelopes as the rebuild reads them: values and headers."""
    return [(record.value, record.headers) for record in records(envelopes)]


def test_award_events_become_copy_rows_and_the_rest_positions() -> None:
    grant = award("LDTT", "m-1", 2020, award_id="a\\1", agency="79", signed_on=date(2021, 1, 20))
    forged_agency = award("LDTT", "m-2", 2020)
    unknown_award = award("LDTT", "m-3", 2020)
    unknown_award.payload["award_code"] = "NOT_AN_AWARD"
    batch_records: list[RawRecord] = [
        *raw(grant, campaign(date(2020, 3, 1))),
        (None, ()),  # a tombstone
        (b"not json", ()),
        *raw(decision_revoked(["a-2", "a-3"], agency="01"), award_revoked("a-4")),
        (b"left to the consumer", (("event_type", b"CampaignLaunched"),)),  # by its header
        (raw(forged_agency)[0][0], tuple(_with_agency(raw(forged_agency)[0][1], b"79"))),
        *raw(unknown_award),
    ]

    batch = parse_batch(batch_records, 3000)

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
    assert granted["content_hash"] == "\\\\x" + content_hash(batch_records[0][0] or b"").hex()
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
    batch_records[7] = (b"{}", ())

    with parsing_pool() as pool:
        assert pool is not None  # fork is there on Linux
        shared = await parse_shared(pool, batch_records, 0)
    alone = parse_batch(batch_records, 0)

    assert shared.others == alone.others == [n for n in range(40) if n % 5 == 0]
    assert [p for p, _ in shared.unusable] == [7]
    shared_rows, alone_rows = lines(shared.copy_data), lines(alone.copy_data)
    assert shared_rows == alone_rows
    seqs = [int(row[0]) for row in shared_rows]
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == len(seqs)
