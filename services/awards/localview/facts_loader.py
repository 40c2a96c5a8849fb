"""Reading the local view back as the eligibility engine's :class:`Facts`.

The fold depends on order only within a stream: a later rating of a member-year replaces the
earlier one (one stream per member-year), a move or a transfer follows the member's earlier
membership (the member's stream, one across agencies), a hold's lift follows its placing, a
registration's approval its submission. Rows are therefore read in (stream, version) order:
the same facts whatever order the events arrived in, and business dates that need not rise
within a stream (a registration imported today and approved on a past date) cannot reorder a
stream. Revocations are applied by the fold at the end, so one stored before its grant still
cancels it.

An agency's facts run across the 2025 reorganisation and across transfers: they include its
predecessors' (a successor continues their history, transitively), and everything about the
members and units transferred into it, whoever recorded it — with the rest of the streams
that history lives in (a decision's number and revocations, a registration's approval, the
initiatives a member authored), so the person's ratings, titles, awards and holds count
wherever they were recorded.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from uuid import UUID
from weakref import WeakKeyDictionary

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Text,
    and_,
    cast,
    false,
    func,
    or_,
    select,
    tuple_,
)
from sqlalchemy.engine import Engine, Row
from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.domain.eligibility import FactEvent, Facts, fold_facts
from services.awards.domain.tenancy import Merger, takeover_days, with_predecessors_among
from services.awards.localview.directory import member_agency_now
from services.awards.localview.folded_facts import (
    FactRow,
    FoldedScopes,
    folded,
    grown,
    in_stream_order,
)
from services.awards.localview.lineage import mergers
from services.awards.localview.tables import facts
from shared.events import parse_event

StreamKey = tuple[str, str]
"""(agency, stream id) of a stream in the view."""


@dataclass(frozen=True, slots=True)
class Arrivals:
    """Members and units transferred into an agency (or one of its predecessors)."""

    members: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()

    def about(self) -> ColumnElement[bool]:
        """Rows about one of them: the member's, or the unit's own (not its members')."""
        return or_(
            facts.c.member_id.in_(sorted(self.members)),
            and_(facts.c.unit_id.in_(sorted(self.units)), facts.c.member_id.is_(None)),
        )


async def load_facts(connection: AsyncConnection, agency: str) -> Facts:
    """Every fact the local view holds for ``agency``, folded (revoked awards left out)."""
    return await load_facts_of(connection, [agency])


async def load_facts_of(
    connection: AsyncConnection,
    agencies: Collection[str],
    known_mergers: Sequence[Merger] | None = None,
) -> Facts:
    """Every fact the local view holds for any of ``agencies``, their predecessors and the
    members and units transferred into them, folded together: what a decision is judged by
    (a ministry-level one about units and members of other agencies too).

    ``known_mergers``, when the caller has just read every merger (a
    :class:`~services.awards.domain.tenancy.Directory` has), tells the predecessors
    without reading them again."""
    if known_mergers is None:
        known_mergers = await mergers(connection)
    scope = with_predecessors_among(known_mergers, agencies)
    inside = facts.c.agency.in_(sorted(scope))
    arrivals = await arrivals_into(connection, scope)
    if not (arrivals.members or arrivals.units):
        return await _folded_inside(connection, frozenset(scope), inside)
    rows = await _rows(connection, inside)
    companions = await _companion_streams(connection, scope, arrivals)
    outside = and_(arrivals.about(), facts.c.agency.not_in(sorted(scope)))
    rows += await _rows(connection, or_(outside, _subjectless_in(companions)))
    # Two reads (each on its index) merged: the order that matters is within each stream.
    return fold_facts(row.fact for row in in_stream_order(rows))


async def _folded_inside(
    connection: AsyncConnection, scope: frozenset[str], inside: ColumnElement[bool]
) -> Facts:
    """The facts of the scope's own rows: those folded before for the scope, grown by the
    rows written since (:mod:`~services.awards.localview.folded_facts`), or folded anew.

    Which rows are new is told without reading every row (an agency's history is thousands
    of rows, read again for every decision). Each read notes its *horizon*: the oldest
    transaction still running when it began (PostgreSQL's snapshot ``xmin``). Every row
    written by an earlier transaction was committed, or never will be, before the read
    began, so the read saw it; the rows a later read must look at are those written by the
    horizon's transaction or a later one (``written_by``, indexed with the agency), whatever
    order their transactions committed in. The view's rows are only ever inserted (see
    :class:`ParsedFacts`)."""
    memo = _folds_of(connection)
    before = memo.get(scope)
    if before is not None:
        horizon, written = await _written_since(connection, inside, before.horizon)
        fresh = {event_id for event_id in written if event_id not in before.event_ids}
        if not fresh:
            memo.put(scope, replace(before, horizon=horizon))
            return before.facts
        keys = await _keys(connection, facts.c.event_id.in_(sorted(fresh)))
        after = grown(before, await _parsed(connection, keys))
        if after is not None:
            memo.put(scope, replace(after, horizon=horizon))
            return after.facts
    horizon = await _horizon(connection)
    keys = await _keys(connection, inside)
    after = replace(folded(await _parsed(connection, keys)), horizon=horizon)
    memo.put(scope, after)
    return after.facts


_HORIZON = cast(cast(func.pg_snapshot_xmin(func.pg_current_snapshot()), Text), BigInteger)
"""The oldest transaction still running when the statement's snapshot was taken, as a number
(``written_by`` holds ids the same way)."""


async def _horizon(connection: AsyncConnection) -> int:
    return int((await connection.execute(select(_HORIZON))).scalar_one())


async def _written_since(
    connection: AsyncConnection, where: ColumnElement[bool], horizon: int
) -> tuple[int, set[UUID]]:
    """This statement's horizon, and the ids of the rows ``where`` selects that were written
    by the transaction ``horizon`` or a later one."""
    query = select(_HORIZON, func.array_agg(facts.c.event_id)).where(
        where, facts.c.written_by >= horizon
    )
    now, ids = (await connection.execute(query)).one()
    # The driver's UUIDs (a subclass of uuid.UUID, equal and hashed alike), as in every row.
    return int(now), set(ids or ())


class ParsedFacts:
    """Fact events by event id, most recently used kept.

    The view's rows are only ever inserted (an event id is its primary key, and its content
    never changes), so a row once parsed need not be read or parsed again: a decision about
    an agency with a long history reads its rows' ids and parses only those it has not seen.
    """

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._known: OrderedDict[UUID, FactEvent] = OrderedDict()

    def get(self, event_id: UUID) -> FactEvent | None:
        found = self._known.get(event_id)
        if found is not None:
            self._known.move_to_end(event_id)
        return found

    def put(self, event_id: UUID, fact: FactEvent) -> None:
        self._known[event_id] = fact
        self._known.move_to_end(event_id)
        while len(self._known) > self._capacity:
            self._known.popitem(last=False)


_PARSED: WeakKeyDictionary[Engine, ParsedFacts] = WeakKeyDictionary()
"""Each database's parsed rows in this process: a memo of a pure function of immutable rows."""
_CAPACITY = 100_000


_FOLDED: WeakKeyDictionary[Engine, FoldedScopes] = WeakKeyDictionary()
"""Each database's folded scopes in this process (a memo too: facts of immutable rows)."""
_SCOPES = 64


def _folds_of(connection: AsyncConnection) -> FoldedScopes:
    engine = connection.sync_engine
    found = _FOLDED.get(engine)
    if found is None:
        found = _FOLDED[engine] = FoldedScopes(_SCOPES)
    return found


def remember_parsed(connection: AsyncConnection, known: Iterable[tuple[UUID, FactEvent]]) -> None:
    """Fact events of rows being written on ``connection`` (the service's own, just decided):
    the next read need not parse them. Should the transaction roll back, their ids (new
    random ones) are simply never read."""
    memo = _parsed_of(connection)
    for event_id, fact in known:
        memo.put(event_id, fact)


def _parsed_of(connection: AsyncConnection) -> ParsedFacts:
    engine = connection.sync_engine
    found = _PARSED.get(engine)
    if found is None:
        found = _PARSED[engine] = ParsedFacts(_CAPACITY)
    return found


_FETCH_CHUNK = 5_000


Key = Row[tuple[UUID, str, int]]


async def _keys(connection: AsyncConnection, where: ColumnElement[bool]) -> list[Key]:
    query = select(facts.c.event_id, facts.c.stream_id, facts.c.stream_version).where(where)
    return list(await connection.execute(query))


async def _rows(connection: AsyncConnection, where: ColumnElement[bool]) -> list[FactRow]:
    return await _parsed(connection, await _keys(connection, where))


async def _parsed(connection: AsyncConnection, keys: Sequence[Key]) -> list[FactRow]:
    """The rows of ``keys``, their events parsed (or found parsed before)."""
    memo = _parsed_of(connection)
    parsed = {key.event_id: memo.get(key.event_id) for key in keys}
    missing = [event_id for event_id, fact in parsed.items() if fact is None]
    for start in range(0, len(missing), _FETCH_CHUNK):
        chunk = missing[start : start + _FETCH_CHUNK]
        fetched = select(facts.c.event_id, facts.c.event).where(facts.c.event_id.in_(chunk))
        for event_id, event in await connection.execute(fetched):
            fact = FactEvent.of(parse_event(event))
            memo.put(event_id, fact)
            parsed[event_id] = fact
    return [
        FactRow(key.event_id, key.stream_id, key.stream_version, known)
        for key in keys
        if (known := parsed[key.event_id]) is not None
    ]


async def with_predecessors(connection: AsyncConnection, agencies: Iterable[str]) -> set[str]:
    """``agencies`` and every agency they continue by a merger, transitively (the mergers
    read in one statement: a few dozen rows)."""
    return with_predecessors_among(await mergers(connection), agencies)


async def arrivals_into(connection: AsyncConnection, agencies: Collection[str]) -> Arrivals:
    """The members and units transferred into any of ``agencies``."""
    query = select(facts.c.event_type, facts.c.member_id, facts.c.unit_id).where(
        facts.c.event_type.in_(("MemberTransferred", "UnitTransferred")),
        facts.c.agency.in_(sorted(agencies)),
    )
    members, units = set(), set()
    for event_type, member_id, unit_id in await connection.execute(query):
        if event_type == "MemberTransferred":
            members.add(str(member_id))
        else:
            units.add(str(unit_id))
    return Arrivals(frozenset(members), frozenset(units))


async def _companion_streams(
    connection: AsyncConnection, scope: Collection[str], arrivals: Arrivals
) -> set[StreamKey]:
    """Streams, outside ``scope``, of the facts about the arrivals (their decisions and
    registrations), and of the initiatives the arriving members authored there."""
    query = (
        select(facts.c.agency, facts.c.stream_id)
        .where(arrivals.about(), facts.c.agency.not_in(sorted(scope)))
        .distinct()
    )
    streams = {(str(a), str(s)) for a, s in await connection.execute(query)}
    elsewhere = {agency for agency, _ in streams}
    streams |= await _initiative_streams(connection, elsewhere, arrivals.members)
    return streams | await _under_successors(connection, streams)


async def _under_successors(
    connection: AsyncConnection, streams: Collection[StreamKey]
) -> set[StreamKey]:
    """The same streams under the agencies that continue theirs: a successor revokes its
    predecessor's decision in its own name, on the decision's stream."""
    known = await mergers(connection)
    continuing = {merger.successor: takeover_days(known, merger.successor) for merger in known}
    return {
        (successor, stream)
        for agency, stream in streams
        for successor, continued in continuing.items()
        if agency in continued
    }


async def _initiative_streams(
    connection: AsyncConnection, agencies: Collection[str], members: Collection[str]
) -> set[StreamKey]:
    """Streams of the initiatives of ``agencies`` that any of ``members`` authored."""
    if not agencies or not members:
        return set()
    authors = facts.c.event["payload"]["author_member_ids"]
    query = select(facts.c.agency, facts.c.stream_id, authors).where(
        facts.c.event_type == "InitiativeRegistered", facts.c.agency.in_(sorted(agencies))
    )
    return {
        (str(agency), str(stream))
        for agency, stream, listed in await connection.execute(query)
        if not set(members).isdisjoint(listed)
    }


def _subjectless_in(streams: Collection[StreamKey]) -> ColumnElement[bool]:
    """The rows of ``streams`` that name no member or unit (a decision's number and
    revocations, a registration's approval, an initiative): the others are about someone."""
    if not streams:
        return false()
    return and_(
        tuple_(facts.c.agency, facts.c.stream_id).in_(sorted(streams)),
        facts.c.member_id.is_(None),
        facts.c.unit_id.is_(None),
    )


async def agency_of_member(connection: AsyncConnection, member_id: str) -> str | None:
    """The agency the member belongs to now (member ids are globally unique), if any."""
    return await member_agency_now(connection, member_id)


async def knows_member(connection: AsyncConnection, agency: str, member_id: str) -> bool:
    """Whether any of the facts of the agency or of one it continues names the member (a
    member transferred into it is named by the transfer)."""
    scope = await with_predecessors(connection, [agency])
    query = (
        select(facts.c.event_id)
        .where(facts.c.member_id == member_id, facts.c.agency.in_(sorted(scope)))
        .limit(1)
    )
    return await connection.scalar(query) is not None
