"""Awards per agency × achievement year × decision year × code × recipient kind × position
group × kind of commendation × granting level × level class, the same awards summed to agency
× achievement year × code × recipient kind (``award_totals``: the grain of the by-year
answer, read without a GROUP BY), and the recipients of each year.

**Which year an award counts in.** An award counts in its *achievement year*; an award for a
period (``achievement_year_from`` … ``achievement_year_to``, e.g. an order for 2011–2015)
counts once, in the **last** year of the period, when the achievement was complete. The
decision's year is kept beside it (``decision_year``) for reports that count by decision date.
This is how seed 000 labels its figures: Hà Nội's "giai đoạn 2015 – 2020" report (written in
2020 for the 2016–2020 term) counts the yearly titles of achievement years 2015–2019, decided
in 2016–2020, plus 2020's ad hoc awards; the ministry's Cờ thi đua for 2015–2019 makes its
"5 năm liền". Counting by decision date would move every yearly title one year later.

**Revocations.** ``award_facts`` remembers each award. An ``AwardRevoked`` or
``DecisionRevoked`` subtracts exactly the rows its grant added; one that arrives before its
grant (another stream, another partition) is remembered, and the grant then adds nothing.
A second grant of the same award id adds nothing either.

**Position groups.** Awards count under the event's agency whatever the recipient. A
member's award records the position group the member held when it was granted
(:mod:`~services.reporting.projections.position_history` states the rule); the group
depends on the events only, not on their order: a ``MemberAdded`` or ``MemberMoved`` that
arrives after the grant moves the award's counts to the group the rule gives (``unknown``
until the member's first record arrives).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import ClassVar

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.award_facts import (
    RECIPIENTS,
    AwardFact,
    grant_of,
    load_facts,
    save_facts,
)
from services.reporting.projections.deltas import Deltas
from services.reporting.projections.position_history import (
    PositionHistory,
    position_group_at,
    position_histories,
)
from services.reporting.projections.recipient_firsts import add_first_year_changes
from shared.events import (
    AnyEvent,
    AwardGranted,
    AwardRevoked,
    DecisionRevoked,
    MemberAdded,
    MemberMoved,
    MemberTransferred,
)


class AwardCountsProjection:
    """Folds grants and revocations into ``award_facts`` and the award counters."""

    payload_types: ClassVar[frozenset[type]] = frozenset(
        {AwardGranted, AwardRevoked, DecisionRevoked, MemberAdded, MemberMoved, MemberTransferred}
    )

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        facts = await load_facts(connection, _award_ids(events), _members_placed(events))
        deltas = Deltas()
        changed: dict[str, AwardFact] = {}
        for event in events:
            for fact in _evolve(facts, event):
                _record(fact, facts, deltas, changed)
        members = {grant.recipient_id for f in facts.values() if (grant := f.member_grant())}
        histories = await position_histories(connection, members)
        for fact in _regrouped(facts.values(), histories):
            _record(fact, facts, deltas, changed)
        await save_facts(connection, changed.values())
        await add_first_year_changes(connection, deltas.of(RECIPIENTS), deltas)
        await deltas.write(connection)


def _record(
    fact: AwardFact, facts: dict[str, AwardFact], deltas: Deltas, changed: dict[str, AwardFact]
) -> None:
    before = facts.get(fact.award_id)
    deltas.replace(before.contribution() if before is not None else (), fact.contribution())
    facts[fact.award_id] = changed[fact.award_id] = fact


def _evolve(facts: Mapping[str, AwardFact], event: AnyEvent) -> Iterator[AwardFact]:
    """The new versions of the facts ``event`` changes (none if it changes nothing)."""
    payload = event.payload
    if type(payload) is AwardGranted:  # most events: no ABC check, no dataclass replace
        fact = facts.get(payload.award_id)
        if fact is None:
            yield AwardFact(payload.award_id, False, grant_of(event.agency, payload))
        elif fact.grant is None:
            yield AwardFact(fact.award_id, fact.revoked, grant_of(event.agency, payload))
    elif isinstance(payload, AwardRevoked | DecisionRevoked):
        ids = [payload.award_id] if isinstance(payload, AwardRevoked) else payload.award_ids
        for award_id in ids:
            fact = facts.get(award_id, AwardFact(award_id))
            if not fact.revoked:
                yield replace(fact, revoked=True)


def _regrouped(
    facts: Iterable[AwardFact], histories: Mapping[str, PositionHistory]
) -> Iterator[AwardFact]:
    """The member awards whose position group the rule now gives differently."""
    for fact in facts:
        grant = fact.member_grant()
        if grant is None:
            continue
        group = position_group_at(histories.get(grant.recipient_id, ()), grant.signed_on)
        if group != grant.position_group:
            yield replace(fact, grant=grant.with_position_group(group))


def _award_ids(events: Sequence[AnyEvent]) -> Iterator[str]:
    for event in events:
        payload = event.payload
        if isinstance(payload, AwardGranted | AwardRevoked):
            yield payload.award_id
        elif isinstance(payload, DecisionRevoked):
            yield from payload.award_ids


def _members_placed(events: Sequence[AnyEvent]) -> list[str]:
    """Members whose position group this batch may have made known."""
    return [
        event.payload.member_id
        for event in events
        if isinstance(event.payload, MemberAdded | MemberMoved | MemberTransferred)
    ]
