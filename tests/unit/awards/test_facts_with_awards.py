"""``Facts.with_awards`` reads through to the standing awards instead of copying them, and
answers exactly what a merged copy would: the same awards, in the same order."""

from __future__ import annotations

import dataclasses
from datetime import date
from types import MappingProxyType

from services.awards.domain.eligibility import Facts, fold_facts
from services.awards.domain.eligibility.facts import GrantedAward, Recipient
from shared.events.vocabulary import CommendationKind, RecipientKind

MEMBER, UNIT = RecipientKind.MEMBER, RecipientKind.UNIT


def award(kind: RecipientKind, recipient: str, code: str, decision: str = "qd-1") -> GrantedAward:
    return GrantedAward(
        award_id=f"{decision}-{recipient}-{code}",
        decision_id=decision,
        recipient_kind=kind,
        recipient_id=recipient,
        code=code,
        year_from=2023,
        year_to=2023,
        kind=CommendationKind.REGULAR,
        agency="01",
        signed_on=date(2024, 1, 20),
    )


def copied(facts: Facts, extra: list[GrantedAward]) -> dict[Recipient, tuple[GrantedAward, ...]]:
    """What ``with_awards`` answered before: a merged copy of every recipient's awards."""
    merged = dict(facts.awards)
    for granted in extra:
        key = (granted.recipient_kind, granted.recipient_id)
        merged[key] = (*merged.get(key, ()), granted)
    return merged


def standing() -> Facts:
    base = {
        (MEMBER, "m-lan"): (award(MEMBER, "m-lan", "LDTT"),),
        (UNIT, "u-1"): (award(UNIT, "u-1", "TTLDTT"),),
    }
    return dataclasses.replace(fold_facts([]), awards=MappingProxyType(base))


def test_added_awards_read_as_a_merged_copy() -> None:
    facts = standing()
    extra = [
        award(MEMBER, "m-lan", "CSTDCS", "qd-2"),
        award(MEMBER, "m-new", "LDTT", "qd-2"),
        award(MEMBER, "m-lan", "BKBCT", "qd-2"),
    ]

    grown = facts.with_awards(extra)

    expected = copied(facts, extra)
    assert list(grown.awards.items()) == list(expected.items())
    assert len(grown.awards) == len(expected) == 3
    assert grown.awards == MappingProxyType(expected)
    assert grown.awards_of((MEMBER, "m-lan")) == expected[(MEMBER, "m-lan")]
    assert grown.awards_of((MEMBER, "m-none")) == ()
    assert list(grown.all_awards()) == [a for awards in expected.values() for a in awards]
    assert facts.awards_of((MEMBER, "m-lan")) == (award(MEMBER, "m-lan", "LDTT"),)


def test_awards_added_twice_read_as_two_merged_copies() -> None:
    facts, first = standing(), [award(UNIT, "u-1", "BKBCT", "qd-3")]
    second = [award(UNIT, "u-1", "CTUBND", "qd-4"), award(UNIT, "u-2", "TTLDTT", "qd-4")]

    twice = facts.with_awards(first).with_awards(second)

    assert dict(twice.awards) == copied(facts, [*first, *second])
    assert list(twice.awards) == list(copied(facts, [*first, *second]))
