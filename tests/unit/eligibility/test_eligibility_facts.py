"""Folding events into facts: what stands, and when it counts."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from services.awards.domain.eligibility import FactEvent, fold_facts
from shared.events import MemberAdded, MemberAddedEvent
from shared.events.vocabulary import InitiativeLevel, PositionGroup, Rating, RecipientKind
from tests.unit.eligibility.builders import UNIT, History

MEMBER = (RecipientKind.MEMBER, "m-lan")


def test_a_later_rating_replaces_an_earlier_one() -> None:
    history = History()
    history.rate("m-lan", [2020], Rating.HTNV)
    history.rate("m-lan", [2020], Rating.HTXSNV)

    assert history.facts().rating("m-lan", 2020) is Rating.HTXSNV


def test_a_revoked_award_no_longer_stands() -> None:
    history = History()
    kept, revoked = history.awards("m-lan", "CSTDCS", [2018, 2019])
    history.revoke(revoked)

    assert [a.award_id for a in history.facts().awards_of(MEMBER)] == [kept]


def test_a_revoked_decision_takes_every_award_it_granted() -> None:
    history = History()
    first = history.award("m-lan", "LDTT", 2019, decision_id="qd-12")
    history.award("m-hoa", "LDTT", 2019, decision_id="qd-12")
    history.revoke_decision("qd-12", [first])

    facts = history.facts()
    assert facts.awards_of(MEMBER) == ()
    assert facts.awards_of((RecipientKind.MEMBER, "m-hoa")) == ()


def test_a_revocation_stored_before_its_grant_still_removes_it() -> None:
    history = History()
    history.revoke("aw-1")
    history.award("m-lan", "LDTT", 2019)  # receives id aw-1

    assert history.facts().awards_of(MEMBER) == ()


def test_a_decision_revoked_before_its_awards_arrive_still_takes_them() -> None:
    history = History()
    history.revoke_decision("qd-7", ["aw-other"])
    history.award("m-lan", "LDTT", 2019, decision_id="qd-7")

    assert history.facts().awards_of(MEMBER) == ()


def test_an_initiative_counts_for_the_year_it_was_recognised() -> None:
    history = History()
    history.initiative("m-lan", 2018, recognised_on=date(2019, 1, 10))

    (found,) = history.facts().initiatives_of("m-lan")
    assert (found.year, found.level) == (2019, InitiativeLevel.GRASSROOTS)


def test_a_member_belongs_to_the_unit_of_the_year_by_the_latest_move() -> None:
    history = History()
    history.member("m-lan", UNIT, year=2016)
    history.move("m-lan", UNIT, "u-xnk", 2019)

    facts = history.facts()
    # The directory records when a member was entered, not when they joined: the first
    # membership also stands for the years before it (history entered years later).
    assert [facts.unit_of("m-lan", y) for y in (2015, 2018, 2019)] == [UNIT, UNIT, "u-xnk"]
    assert facts.members_of(UNIT, 2018) == ("m-lan",)
    assert facts.agency_of(MEMBER) == "01"


def test_lifting_a_hold_gives_it_an_end() -> None:
    history = History()
    hold = history.hold("m-lan", date(2021, 3, 1))
    history.lift(hold, "m-lan", date(2021, 9, 30))

    (found,) = history.facts().holds_of(MEMBER)
    assert (found.from_date, found.to_date) == (date(2021, 3, 1), date(2021, 9, 30))


def test_a_typed_catalogue_event_becomes_a_fact_event() -> None:
    at = datetime(2016, 1, 10, tzinfo=UTC)
    event = MemberAddedEvent(
        event_id=uuid.uuid4(),
        event_type="MemberAdded",
        schema_version=1,
        agency="01",
        stream_id="member-m-lan",
        stream_version=1,
        occurred_at=at,
        recorded_at=at,
        actor="test",
        correlation_id=uuid.uuid4(),
        payload=MemberAdded(member_id="m-lan", unit_id=UNIT, position_group=PositionGroup.OFFICIAL),
    )

    facts = fold_facts([FactEvent.of(event)])

    assert facts.unit_of("m-lan", 2016) == UNIT
