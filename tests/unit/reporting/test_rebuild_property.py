"""A rebuild in one go equals the incremental projection, whatever the history's order.

Generated histories: grants (some revoked by ``AwardRevoked``, some by ``DecisionRevoked``,
some granted again under a new event id, as a re-import would), campaigns and members across
agencies, the members added, moved between position groups before and after their awards,
transferred to another agency (with or without a new group), and erased; units added and
transferred; agencies registered, one continued, one merged into a successor (its
``AgencyCeased`` and the successor's ``AgencyMerged`` on streams of their own); registrations
of units and members by several agencies (the same registrant by more than one), approved,
returned, resubmitted with other titles; the streams
are interleaved at random (each stream's own order kept), some
events are delivered twice. The incremental side feeds them through the
live consumer in random batch sizes; the rebuild side applies another interleaving in one batch
into the rebuild tables (the ``reporting_rebuild`` schema, on PostgreSQL). Every row of
every projection table must be equal, and stay equal once the switch copied them over; the
sector's registrant counts must be what ``registrants_by_year`` holds, each registrant once.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Table, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.tables import metadata as projection_metadata
from services.reporting.rebuild.run import Rebuild
from services.reporting.rebuild.schema import (
    create_rebuild_engine,
    prepare,
    rebuild_options,
    switch,
)
from shared.consumer.tables import metadata as consumer_metadata
from shared.consumer.tables import processed_events
from shared.database.engine import write_transaction
from shared.envelope import EventEnvelope
from shared.events import MemberErased
from shared.vietnam_time import business_time
from tests.harness.reporting_events import (
    award,
    award_revoked,
    campaign,
    decision_revoked,
    envelope,
    feed,
    member_history,
    national_screen,
    records,
    registration,
    registration_approved,
    registration_returned,
    reporting_consumer,
)
from tests.unit.reporting.lineage_events import (
    continued,
    merger,
    registered,
    unit_added,
    unit_transferred,
)
from tests.unit.reporting.lineage_events import member_transferred as transferred

SUCCESSOR = "SCT34-79"
AGENCIES = ("01", "79", SUCCESSOR)
CODES = ("LDTT", "CSTDCS", "BK_BO", "HCLD3")
ENTITY_TABLES = {
    "agencies",
    "members",
    "member_positions",
    "award_facts",
    "registration_facts",
    "proposal_facts",
}
MEMBERS = tuple(f"m-{n}" for n in range(4))
KIND_OF = {"u-1": "unit", "0100109106": "enterprise"}
"""The recipients that are not members: a unit, and an enterprise named by its tax code."""

_award = st.tuples(
    st.sampled_from(CODES),
    st.sampled_from((*MEMBERS, *KIND_OF)),
    st.integers(2018, 2020),
    st.sampled_from(AGENCIES),
    st.sampled_from(("no", "award", "decision")),
    st.booleans(),
)
_GROUPS = ("leader", "official", "worker")
_moment = st.builds(
    lambda day, hours: business_time(day) + timedelta(hours=hours),
    st.sampled_from(
        [date(2018, 6, 1), *(date(y, 1, d) for y in (2019, 2020, 2021) for d in (19, 20, 21))]
    ),
    st.sampled_from((0, 0, 10)),
)
_transfer = st.none() | st.tuples(
    st.sampled_from(AGENCIES),
    st.sampled_from([date(2019, 1, 20), date(2020, 7, 1), date(2021, 1, 1)]),
    st.sampled_from((*_GROUPS, None)),
)
_member = st.tuples(
    st.lists(st.tuples(_moment, st.sampled_from((*_GROUPS, None))), min_size=1, max_size=4),
    st.sampled_from(AGENCIES),
    st.booleans(),
    _transfer,
)
_unit = st.tuples(st.sampled_from(AGENCIES), st.integers(2018, 2020), _transfer)
_lineage = st.tuples(st.booleans(), st.booleans(), st.booleans())
"""Whether 01 and 79 are registered, 01 continued, 79 merged into the successor."""
_campaign = st.tuples(st.integers(2018, 2020), st.booleans(), st.sampled_from(AGENCIES))
_registration = st.tuples(
    st.sampled_from(AGENCIES),
    st.sampled_from(("u-1", "u-2", "m-1", "m-2")),
    st.integers(2019, 2020),
    st.lists(st.sampled_from(CODES), min_size=1, max_size=2, unique=True),
    st.sampled_from(("submitted", "approved", "returned", "resubmitted")),
)


@st.composite
def histories(draw: st.DrawFn) -> list[list[EventEnvelope]]:
    """Streams of events (each stream's order matters, the order across streams does not)."""
    streams: list[list[EventEnvelope]] = []
    decision_revocations: dict[str, list[str]] = {agency: [] for agency in AGENCIES}
    specs = draw(st.lists(_award, max_size=12))
    for index, (code, recipient, year, agency, revoked, granted_again) in enumerate(specs):
        award_id = f"a-{index}"
        kind = KIND_OF.get(recipient, "member")
        granted = award(code, recipient, year, kind=kind, agency=agency, award_id=award_id)
        stream = [granted]
        if granted_again:
            stream.append(granted.model_copy(update={"event_id": uuid.uuid4()}))
        if revoked == "award":
            stream.append(award_revoked(award_id, agency=agency))
        elif revoked == "decision":
            decision_revocations[agency].append(award_id)
        streams.append(stream)
    for agency, award_ids in decision_revocations.items():
        if award_ids:
            streams.append([decision_revoked(award_ids, agency=agency)])
    for member_id in draw(st.lists(st.sampled_from(MEMBERS), unique=True)):
        positions, agency, erased, transfer = draw(_member)
        positions = sorted(positions, key=lambda position: position[0])
        first = (positions[0][0], positions[0][1] or _GROUPS[0])
        erased_at = positions[-1][0] + timedelta(days=1) if erased else None
        history = member_history(member_id, [first, *positions[1:]], agency=agency)
        streams.append(_ended(member_id, agency, history, transfer, erased_at))
    for index, (agency, year, transfer) in enumerate(draw(st.lists(_unit, max_size=3))):
        unit = [unit_added(f"u-{index}", agency, year)]
        if transfer is not None and transfer[0] != agency:
            unit.append(unit_transferred(f"u-{index}", agency, transfer[0], transfer[1]))
        streams.append(unit)
    streams += _lineage_streams(*draw(_lineage))
    for year, ended, agency in draw(st.lists(_campaign, max_size=4)):
        end = date(year + 1, 12, 31) if ended else None
        streams.append([campaign(date(year, 3, 1), end, agency=agency)])
    for index, spec in enumerate(draw(st.lists(_registration, max_size=6))):
        streams.append(_registration_stream(f"r-{index}", *spec))
    return streams


def _registration_stream(
    registration_id: str, agency: str, registrant: str, year: int, titles: list[str], fate: str
) -> list[EventEnvelope]:
    """A registration submitted by ``agency``, then approved, returned, or returned and
    resubmitted with other titles."""
    kind = "member" if registrant.startswith("m-") else "unit"
    submitted = registration(registration_id, registrant, year, titles, kind=kind)
    stream = [submitted]
    if fate == "approved":
        stream.append(registration_approved(registration_id))
    if fate in ("returned", "resubmitted"):
        stream.append(registration_returned(registration_id))
    if fate == "resubmitted":
        again = titles[1:] or [code for code in CODES if code not in titles][:1]
        stream.append(registration(registration_id, registrant, year, again, kind=kind))
    return [event.model_copy(update={"agency": agency}) for event in stream]


def _ended(
    member_id: str,
    agency: str,
    history: list[EventEnvelope],
    transfer: tuple[str, date, str | None] | None,
    erased_at: datetime | None,
) -> list[EventEnvelope]:
    """The member's stream, then a transfer to another agency and an erasure if drawn."""
    stream = list(history)
    if transfer is not None and transfer[0] != agency:
        to_agency, on, group = transfer
        unit = f"u-{len(stream) - 1}"
        moved = transferred(member_id, agency, to_agency, unit=unit, on=on, group=group)
        stream.append(moved.model_copy(update={"stream_version": len(stream) + 1}))
    if erased_at is not None:
        erased = envelope(MemberErased(member_id=member_id), agency=stream[-1].agency)
        update = {
            "stream_id": f"member-{member_id}",
            "stream_version": len(stream) + 1,
            "occurred_at": erased_at,
        }
        stream.append(erased.model_copy(update=update))
    return stream


def _lineage_streams(
    register: bool, continue_01: bool, merge_79: bool
) -> list[list[EventEnvelope]]:
    """The agencies' own streams (each in order; the merger's sides on separate streams)."""
    hanoi, other = [], []
    if register:
        hanoi.append(registered("01", "Sở Công Thương Hà Nội", "01"))
        other.append(registered("79", "Sở Công Thương TP. Hồ Chí Minh", "79"))
    if continue_01:
        hanoi.append(continued("01", "01", version=len(hanoi) + 1))
    streams = [hanoi, other]
    if merge_79:
        successor = registered(SUCCESSOR, "Sở Công Thương TP. Hồ Chí Minh", "79", "34")
        merged, ceased = merger(SUCCESSOR, ["79"])
        streams += [[successor, *merged]]
        other += [e.model_copy(update={"stream_version": len(other) + 1}) for e in ceased]
    return [stream for stream in streams if stream]


def interleave(streams: list[list[EventEnvelope]], rng: random.Random) -> list[EventEnvelope]:
    """One arrival order: streams interleaved, each stream in order, some events twice."""
    heads = [list(stream) for stream in streams if stream]
    order: list[EventEnvelope] = []
    while heads:
        stream = rng.choice(heads)
        order.append(stream.pop(0))
        if not stream:
            heads.remove(stream)
    for event in list(order):
        if rng.random() < 0.2:
            order.insert(rng.randint(order.index(event), len(order)), event)
    return order


def batches(events: list[EventEnvelope], rng: random.Random) -> list[list[EventEnvelope]]:
    cut, result = 0, []
    while cut < len(events):
        size = rng.randint(1, 8)
        result.append(events[cut : cut + size])
        cut += size
    return result


async def snapshot(engine: AsyncEngine, *, rebuilt: bool) -> dict[str, Any]:
    """Every row of every projection table (sorted), and the applied event ids."""
    found: dict[str, Any] = {}
    async with engine.connect() as connection:
        if rebuilt:
            await connection.execution_options(**rebuild_options())
        tables: list[Table] = list(projection_metadata.sorted_tables)
        for table in tables:
            rows = [tuple(row) for row in (await connection.execute(select(table))).all()]
            if table.name not in ENTITY_TABLES:
                # A counter that went back to zero keeps its row: as good as no row.
                rows = [row for row in rows if row[-1] != 0]
            found[table.name] = sorted(rows)
        ids = (await connection.execute(select(processed_events.c.event_id))).scalars()
        found["processed_events"] = sorted(ids)
    return found


_LIVE_TABLES = ", ".join([*(t.name for t in projection_metadata.sorted_tables), "processed_events"])


async def incremental_and_rebuilt(
    url: str, streams: list[list[EventEnvelope]], seed: int
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    rng = random.Random(seed)
    engine = create_rebuild_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(projection_metadata.create_all)
            await connection.run_sync(consumer_metadata.create_all)
            await connection.execute(text(f"TRUNCATE {_LIVE_TABLES}"))
        async with write_transaction(engine) as connection:
            await prepare(connection)

        await feed(reporting_consumer(engine), *batches(interleave(streams, rng), rng))
        incremental = await snapshot(engine, rebuilt=False)

        # The rebuild's own path: its consumer on the rebuild tables, the history in one batch.
        screen = national_screen()
        rebuild = Rebuild(engine, "unused:9092", [], screen=screen, report=lambda _line: None)
        await rebuild._consumer.process(records(interleave(streams, rng)))
        rebuilt = await snapshot(engine, rebuilt=True)

        async with write_transaction(engine) as connection:
            await switch(connection)
        switched = await snapshot(engine, rebuilt=False)
        return incremental, rebuilt, switched
    finally:
        await engine.dispose()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(streams=histories(), seed=st.integers(0, 2**32 - 1))
def test_rebuilt_projections_equal_incremental_ones(
    postgres_database_url: str, streams: list[list[EventEnvelope]], seed: int
) -> None:
    incremental, rebuilt, switched = asyncio.run(
        incremental_and_rebuilt(postgres_database_url, streams, seed)
    )
    assert rebuilt == incremental
    assert switched == incremental
    assert_sector_registrants_derived(incremental)


def assert_sector_registrants_derived(found: dict[str, Any]) -> None:
    """``sector_registrants`` sums ``registrants_by_year`` over agencies and titles, and
    ``sector_registrant_counts`` counts the registrants above zero: each one once."""
    summed: Counter[tuple[Any, ...]] = Counter()
    for _agency, year, kind, registrant, _title, n in found["registrants_by_year"]:
        summed[(year, kind, registrant)] += n
    expected = sorted((*key, n) for key, n in summed.items() if n)
    assert found["sector_registrants"] == expected
    counted = Counter((year, kind) for year, kind, _registrant, n in expected if n > 0)
    assert found["sector_registrant_counts"] == sorted((*key, n) for key, n in counted.items())
