"""Facts grown by new decisions equal the facts folded from scratch, or are not grown at all.

Every case compares :func:`grown` with :func:`folded` of all the rows: where growing is
allowed it must give the same facts, and where the order of the fold could make a
difference (a revocation stored before its grant, a recipient's awards out of stream order,
an agency named by an earlier grant, rows that are not a new decision) it must refuse.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime

from services.awards.domain.eligibility import FactEvent
from services.awards.localview.folded_facts import FactRow, Folded, folded, grown
from shared.envelope import EventPayload
from shared.events import (
    AwardGranted,
    AwardRevoked,
    DecisionIssued,
    MemberAdded,
    RatingRecorded,
)
from shared.events.vocabulary import PositionGroup, Rating, RecipientKind

HA_NOI, BAC_KAN = "01", "06"
MEMBER = RecipientKind.MEMBER
AT = datetime(2024, 1, 20, 9, tzinfo=UTC)
_versions: dict[str, itertools.count[int]] = {}


def row(stream: str, payload: EventPayload, agency: str = HA_NOI) -> FactRow:
    version = next(_versions.setdefault(stream, itertools.count(1)))
    return FactRow(uuid.uuid4(), stream, version, FactEvent(payload, AT, agency))


def decision(
    decision_id: str, *members: str, agency: str = HA_NOI, award_ids: list[str] | None = None
) -> list[FactRow]:
    """A decision's rows as issuing it appends them: DecisionIssued, then one grant each."""
    ids = award_ids or [f"a-{uuid.uuid4()}" for _ in members]
    stream = f"decision-{decision_id}"
    issued = DecisionIssued(
        decision_id=decision_id,
        number=f"{decision_id}/QĐ-SCT",
        signed_on=date(2024, 1, 20),
        issuing_authority="Giám đốc Sở Công Thương",
        authority_level="unit",
        commendation_kind="regular",
        award_ids=ids,
    )
    rows = [row(stream, issued, agency)]
    for award_id, member in zip(ids, members, strict=True):
        grant = AwardGranted(
            award_id=award_id,
            decision_id=decision_id,
            recipient_kind="member",
            recipient_id=member,
            award_code="LDTT",
            commendation_kind="regular",
            granting_level="unit",
            achievement_year_from=2023,
            achievement_year_to=2023,
            decision_signed_on=date(2024, 1, 20),
        )
        rows.append(row(stream, grant, agency))
    return rows


def history() -> list[FactRow]:
    """A member with a unit and a rating, and an earlier decision about her."""
    added = MemberAdded(member_id="m-lan", unit_id="u-1", position_group=PositionGroup.OFFICIAL)
    rated = RatingRecorded(member_id="m-lan", year=2023, rating=Rating.HTXSNV)
    return [
        row("member-m-lan", added),
        row("rating-m-lan-2023", rated),
        *decision("d-100", "m-lan", "m-hoa"),
    ]


def assert_grows_as_folded(before: list[FactRow], new: list[FactRow]) -> Folded:
    after = grown(folded(before), new)
    assert after is not None
    everything = folded([*before, *new])
    assert after.facts == everything.facts
    assert after.event_ids == everything.event_ids
    assert after.streams == everything.streams
    return after


def test_new_decisions_grow_the_facts_as_folding_everything_does() -> None:
    before = history()

    after = assert_grows_as_folded(before, [*decision("d-200", "m-lan", "m-new")])

    lan = after.facts.awards_of((MEMBER, "m-lan"))
    assert [a.decision_number for a in lan] == ["d-100/QĐ-SCT", "d-200/QĐ-SCT"]
    assert after.facts.agencies[(MEMBER, "m-new")] == HA_NOI


def test_growing_twice_equals_folding_once() -> None:
    before, first, second = history(), decision("d-300", "m-a"), decision("d-400", "m-a")

    once = grown(folded(before), first)
    assert once is not None
    twice = grown(once, second)

    assert twice is not None
    assert twice.facts == folded([*before, *first, *second]).facts


def test_a_grant_revoked_before_it_arrived_is_folded_anew() -> None:
    award_id = f"a-{uuid.uuid4()}"
    revoked = AwardRevoked(
        award_id=award_id, decision_id="d-500", reason="Sai hồ sơ", revoked_on=date(2024, 3, 1)
    )
    before = [*history(), row("decision-d-500", revoked)]

    assert grown(folded(before), decision("d-500", "m-b", award_ids=[award_id])) is None
    assert grown(folded(history()), decision("d-501", "m-b", award_ids=[award_id])) is not None


def test_a_recipients_awards_out_of_stream_order_are_folded_anew() -> None:
    before = [*history(), *decision("d-900", "m-c")]

    assert grown(folded(before), decision("d-800", "m-c")) is None
    assert_grows_as_folded(before, decision("d-950", "m-c"))


def test_a_grant_naming_another_agency_than_the_facts_do_is_folded_anew() -> None:
    before = history()

    assert grown(folded(before), decision("d-600", "m-hoa", agency=BAC_KAN)) is None
    assert grown(folded(before), decision("d-601", "m-lan", agency=BAC_KAN)) is None
    assert_grows_as_folded(before, decision("d-602", "m-other", agency=BAC_KAN))


def test_rows_other_than_new_decisions_are_folded_anew() -> None:
    before = history()
    rated = RatingRecorded(member_id="m-lan", year=2024, rating=Rating.HTTNV)
    grants_only = decision("d-700", "m-d")[1:]
    later_in_old_stream = decision("d-100", "m-e")

    assert grown(folded(before), [row("rating-m-lan-2024", rated)]) is None
    assert grown(folded(before), grants_only) is None
    assert grown(folded(before), later_in_old_stream) is None


def test_no_new_rows_keep_the_facts() -> None:
    before = folded(history())

    assert grown(before, []) == before
