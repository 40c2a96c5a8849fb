"""Facts folded once per scope and grown by the decisions recorded since.

Folding an agency's whole history for every decision costs a few microseconds per row, and
an agency's rows only grow: the view's rows are inserted, never changed or deleted (an event
id is the key). So the folded facts of a set of rows are kept with the set, and when the
rows read next hold that set plus new ones, the facts are grown by the new rows alone —
when that gives exactly what folding everything again would give. Folding depends on order
within a stream, and on a few things across streams (a revocation stored before its grant
still cancels it; a recipient's awards come in stream order; the first grant names a
recipient's agency unless the registry's facts do): :func:`grown` accepts only new rows of
new decisions (``DecisionIssued`` with its ``AwardGranted`` events, in streams the folded
rows do not hold) that none of these can reorder, and answers None for anything else, which
is then folded from scratch.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from uuid import UUID

from services.awards.domain.eligibility import FactEvent, Facts, fold_facts
from services.awards.domain.eligibility.facts import GrantedAward, Recipient
from services.awards.domain.eligibility.layered import Layered, layered
from shared.events import AwardGranted, AwardRevoked, DecisionIssued, DecisionRevoked

_NEW_DECISION = (DecisionIssued, AwardGranted)


@dataclass(frozen=True, slots=True)
class FactRow:
    """A row of the view as the fold reads it: its place in its stream and its event."""

    event_id: UUID
    stream_id: str
    stream_version: int
    fact: FactEvent


def in_stream_order(rows: Iterable[FactRow]) -> list[FactRow]:
    """The order the fold reads rows in (the order that matters is within each stream)."""
    return sorted(rows, key=lambda row: (row.stream_id, row.stream_version))


@dataclass(frozen=True, slots=True)
class Folded:
    """The facts of a set of rows, with what :func:`grown` checks new rows against."""

    event_ids: Layered[UUID, None]
    """The rows' event ids (keys only: a set grown like the rest, see :mod:`layered`)."""
    streams: Layered[str, None]
    facts: Facts
    revoked: frozenset[str]
    """Award and decision ids revoked by the rows (a revocation may precede its grant)."""
    last_grant_stream: Layered[Recipient, str]
    """Per recipient, the last stream (in fold order) holding one of its grants."""
    horizon: int = 0
    """The oldest transaction still running when the rows were read: every row written by
    an earlier one is among them (0: unknown, as for rows not read from the database)."""


def folded(rows: Sequence[FactRow]) -> Folded:
    """The rows folded from scratch (in any order: they are put in stream order here)."""
    ordered = in_stream_order(rows)
    revoked: set[str] = set()
    last_grant_stream: dict[Recipient, str] = {}
    for row in ordered:
        payload = row.fact.payload
        if isinstance(payload, AwardGranted):
            last_grant_stream[(payload.recipient_kind, payload.recipient_id)] = row.stream_id
        elif isinstance(payload, AwardRevoked):
            revoked.add(payload.award_id)
        elif isinstance(payload, DecisionRevoked):
            revoked.update((*payload.award_ids, payload.decision_id))
    return Folded(
        event_ids=Layered(dict.fromkeys(row.event_id for row in ordered)),
        streams=Layered(dict.fromkeys(row.stream_id for row in ordered)),
        facts=fold_facts(row.fact for row in ordered),
        revoked=frozenset(revoked),
        last_grant_stream=Layered(last_grant_stream),
    )


def grown(before: Folded, new_rows: Sequence[FactRow]) -> Folded | None:
    """``before`` with ``new_rows`` (rows it does not hold) folded in: the same facts as
    :func:`folded` of all the rows, or None when only folding everything again gives them."""
    rows = in_stream_order(new_rows)
    if not _only_new_decisions(before, rows):
        return None
    grants = [
        (row.stream_id, row.fact) for row in rows if isinstance(row.fact.payload, AwardGranted)
    ]
    if not all(_grant_keeps_order(before, stream, fact) for stream, fact in grants):
        return None
    added = fold_facts(row.fact for row in rows)
    last_grant_stream: dict[Recipient, str] = {}
    for stream, fact in grants:
        assert isinstance(fact.payload, AwardGranted)
        last_grant_stream[(fact.payload.recipient_kind, fact.payload.recipient_id)] = stream
    return Folded(
        event_ids=before.event_ids.grown(dict.fromkeys(row.event_id for row in rows)),
        streams=before.streams.grown(dict.fromkeys(row.stream_id for row in rows)),
        facts=_merged(before.facts, added),
        revoked=before.revoked,
        last_grant_stream=before.last_grant_stream.grown(last_grant_stream),
    )


def _only_new_decisions(before: Folded, rows: Sequence[FactRow]) -> bool:
    """Whether the rows are whole new decisions: in streams ``before`` does not hold, each
    grant with its decision's DecisionIssued (which names it), none of them revoked."""
    if not all(
        isinstance(row.fact.payload, _NEW_DECISION) and row.stream_id not in before.streams
        for row in rows
    ):
        return False
    issued = {_decision_of(r) for r in rows if isinstance(r.fact.payload, DecisionIssued)}
    return all(
        _decision_of(row) in issued and not {_decision_of(row), _award_of(row)} & before.revoked
        for row in rows
    )


def _decision_of(row: FactRow) -> str:
    payload = row.fact.payload
    assert isinstance(payload, _NEW_DECISION)
    return payload.decision_id


def _award_of(row: FactRow) -> str:
    payload = row.fact.payload
    return payload.award_id if isinstance(payload, AwardGranted) else ""


def _grant_keeps_order(before: Folded, stream: str, fact: FactEvent) -> bool:
    """Whether the grant comes after the recipient's folded grants (its awards keep their
    order) and names the agency the folded facts give the recipient, if any."""
    payload = fact.payload
    assert isinstance(payload, AwardGranted)
    recipient = (payload.recipient_kind, payload.recipient_id)
    if before.last_grant_stream.get(recipient, "") >= stream:
        return False
    return before.facts.agencies.get(recipient, fact.agency) == fact.agency


def _merged(facts: Facts, added: Facts) -> Facts:
    """``facts`` with the awards and recipients' agencies of new decisions ``added``."""
    awards: dict[Recipient, tuple[GrantedAward, ...]] = {
        recipient: (*facts.awards.get(recipient, ()), *extra)
        for recipient, extra in added.awards.items()
    }
    agencies = {r: a for r, a in added.agencies.items() if r not in facts.agencies}
    return replace(
        facts,
        agencies=layered(facts.agencies).grown(agencies),
        awards=layered(facts.awards).grown(awards),
    )


class FoldedScopes:
    """The folded facts of the scopes most recently read (an agency with its predecessors)."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._known: OrderedDict[Hashable, Folded] = OrderedDict()

    def get(self, scope: Hashable) -> Folded | None:
        found = self._known.get(scope)
        if found is not None:
            self._known.move_to_end(scope)
        return found

    def put(self, scope: Hashable, facts: Folded) -> None:
        self._known[scope] = facts
        self._known.move_to_end(scope)
        while len(self._known) > self._capacity:
            self._known.popitem(last=False)
