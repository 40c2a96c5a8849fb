"""The command runner on PostgreSQL: idempotency keys, If-Match, atomic batches, and the one
handler of every transition (look the facts up, then decide and append)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import BaseModel, SecretStr
from sqlalchemy import Column, MetaData, String, Table, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.application.commands import BatchRejected, Command, CommandRunner
from shared.application.idempotency import (
    FingerprintKey,
    IdempotencyKeyReused,
    IdempotencyRequest,
)
from shared.application.transitions import CommandTerms, Transition, run_transition
from shared.database import create_engine
from shared.domain_errors import InvalidCommand
from shared.envelope import EventPayload
from shared.events import RegistrationApproved
from shared.eventstore import AppendContext, ConcurrencyConflict, RecordedEvent, SqlEventStore
from shared.eventstore.append_lock import APPEND_LOCK_KEY
from shared.instances import (
    NATIONAL,
    AgencyServedElsewhere,
    Assignment,
    FixedOwnership,
    InstanceScope,
    OwnershipLedger,
)
from tests.harness.event_store import create_store_tables
from tests.harness.statements import statements_sent

pytestmark = pytest.mark.integration

read_metadata = MetaData()
approved = Table("approved", read_metadata, Column("registration_id", String(64)))


class ApprovedProjection:
    async def apply(self, connection: AsyncConnection, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            await connection.execute(
                insert(approved).values(registration_id=event.payload["registration_id"])
            )


@pytest.fixture
async def engine(make_postgres_database: Any) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(await make_postgres_database())
    await create_store_tables(engine)
    async with engine.begin() as connection:
        await connection.run_sync(read_metadata.create_all)
    yield engine
    await engine.dispose()


def approve(registration_id: str, refuse: bool = False, **options: Any) -> Command:
    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        if refuse:
            raise InvalidCommand("cannot approve", field="registration_id")
        return [RegistrationApproved(registration_id=registration_id)]

    return Command(
        stream_id=f"registration-{registration_id}",
        resource_id=registration_id,
        decide=decide,
        context=AppendContext(agency="06", actor="officer", correlation_id=uuid.uuid4()),
        occurred_at=datetime(2020, 1, 10, tzinfo=UTC),
        **options,
    )


FINGERPRINTS = FingerprintKey(SecretStr("a-test-secret-of-thirty-two-bytes!"))


def key(name: str, *parts: object) -> IdempotencyRequest:
    return IdempotencyRequest("06", name, FINGERPRINTS.fingerprint(*parts))


async def approved_rows(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(approved)) or 0)


async def test_a_repeated_key_returns_the_first_outcome_and_writes_once(
    engine: AsyncEngine,
) -> None:
    runner = CommandRunner(engine, SqlEventStore(engine), ApprovedProjection())

    first = await runner.run(approve("r1", idempotency=key("k1", "approve", "r1")))
    again = await runner.run(approve("r1", idempotency=key("k1", "approve", "r1")))

    assert (again.resource_id, again.version, again.event_ids) == (
        first.resource_id,
        first.version,
        first.event_ids,
    )
    assert again.replayed
    assert not first.replayed
    assert await approved_rows(engine) == 1
    with pytest.raises(IdempotencyKeyReused):
        await runner.run(approve("r2", idempotency=key("k1", "approve", "r2")))


async def test_concurrent_requests_with_one_key_take_effect_once(engine: AsyncEngine) -> None:
    runner = CommandRunner(engine, SqlEventStore(engine), ApprovedProjection())
    outcomes = await asyncio.gather(
        *(runner.run(approve("r9", idempotency=key("k9", "same"))) for _ in range(5))
    )
    assert len({outcome.event_ids[0] for outcome in outcomes}) == 1
    assert sum(not outcome.replayed for outcome in outcomes) == 1
    assert await approved_rows(engine) == 1


async def test_a_stale_expected_version_is_a_conflict(engine: AsyncEngine) -> None:
    runner = CommandRunner(engine, SqlEventStore(engine), ApprovedProjection())
    await runner.run(approve("r3"))

    with pytest.raises(ConcurrencyConflict):
        await runner.run(approve("r3", expected_version=0))
    assert (await runner.run(approve("r3", expected_version=1))).version == 2


async def test_a_batch_with_one_refused_command_writes_nothing(engine: AsyncEngine) -> None:
    store = SqlEventStore(engine)
    runner = CommandRunner(engine, store, ApprovedProjection())

    with pytest.raises(BatchRejected) as rejected:
        await runner.run_batch([approve("b1"), approve("b2", refuse=True), approve("b3")])

    assert [index for index, _ in rejected.value.errors] == [1]
    assert await approved_rows(engine) == 0
    assert await store.stream_version("registration-b1") == 0


async def test_a_good_batch_is_written_together_and_replayed_by_key(engine: AsyncEngine) -> None:
    runner = CommandRunner(engine, SqlEventStore(engine), ApprovedProjection())
    batch = [approve("c1"), approve("c2"), approve("c3")]

    first = await runner.run_batch(batch, key("file-1", "import", "hash"))
    again = await runner.run_batch(batch, key("file-1", "import", "hash"))

    assert [o.resource_id for o in first] == ["c1", "c2", "c3"]
    assert [o.event_ids for o in again] == [o.event_ids for o in first]
    assert await approved_rows(engine) == 3


class Approve(BaseModel):
    registration_id: str


def approving(looked_up: list[str], side_write_fails: list[bool]) -> Transition[Approve, str]:
    """Approves once the look-up found the registration's agency (recorded in ``looked_up``);
    the side write raises ``IntegrityError`` while ``side_write_fails`` says so."""

    async def agency_of(engine: AsyncEngine, command: Approve) -> str:
        looked_up.append(command.registration_id)
        return "06"

    async def fail_once(connection: AsyncConnection) -> None:
        if side_write_fails and side_write_fails.pop():
            raise IntegrityError("INSERT", {}, Exception("a concurrent writer was first"))

    def decide(
        history: Sequence[EventPayload], command: Approve, agency: str
    ) -> list[EventPayload]:
        if agency != "06":
            raise InvalidCommand("not of this agency", field="registration_id")
        return [RegistrationApproved(registration_id=command.registration_id)]

    return Transition(
        Approve,
        stream=lambda c: f"registration-{c.registration_id}",
        resource=lambda c: c.registration_id,
        occurred_at=lambda c: datetime(2020, 1, 10, tzinfo=UTC),
        look_up=agency_of,
        decide=decide,
        side_write=lambda c: fail_once,
        retries_on_race=True,
    )


def terms(**options: Any) -> CommandTerms:
    context = AppendContext(agency="06", actor="officer", correlation_id=uuid.uuid4())
    return CommandTerms(context, **options)


async def test_a_transition_decides_on_the_facts_it_looked_up(engine: AsyncEngine) -> None:
    runner = CommandRunner(engine, SqlEventStore(engine), ApprovedProjection())
    looked_up: list[str] = []
    transition = approving(looked_up, [])

    first = await run_transition(runner, transition, Approve(registration_id="t1"), terms())
    again = await run_transition(
        runner, transition, Approve(registration_id="t1"), terms(expected_version=1)
    )

    assert (first.resource_id, first.version, again.version) == ("t1", 1, 2)
    assert looked_up == ["t1", "t1"]
    with pytest.raises(ConcurrencyConflict):
        await run_transition(
            runner, transition, Approve(registration_id="t1"), terms(expected_version=1)
        )


async def test_a_transition_retries_once_when_it_lost_a_race(engine: AsyncEngine) -> None:
    runner = CommandRunner(engine, SqlEventStore(engine), ApprovedProjection())
    looked_up: list[str] = []
    once = approving(looked_up, [True])
    twice = approving([], [True, True])

    outcome = await run_transition(runner, once, Approve(registration_id="t2"), terms())

    assert (outcome.version, looked_up) == (1, ["t2", "t2"])
    with pytest.raises(IntegrityError):
        await run_transition(runner, twice, Approve(registration_id="t3"), terms())
    assert await approved_rows(engine) == 1


async def test_a_transition_is_replayed_by_its_key(engine: AsyncEngine) -> None:
    runner = CommandRunner(engine, SqlEventStore(engine), ApprovedProjection())
    transition = approving([], [])
    by_key = terms(idempotency=key("k-t4", "approve", "t4"))

    first = await run_transition(runner, transition, Approve(registration_id="t4"), by_key)
    again = await run_transition(runner, transition, Approve(registration_id="t4"), by_key)

    assert again.replayed
    assert again.event_ids == first.event_ids


class BlockingProjection:
    """Holds the command's transaction open until ``release`` is set."""

    def __init__(self) -> None:
        self.entered, self.release = asyncio.Event(), asyncio.Event()

    async def apply(self, connection: AsyncConnection, events: Sequence[RecordedEvent]) -> None:
        self.entered.set()
        await self.release.wait()


async def relay_could_read(engine: AsyncEngine) -> bool:
    """Whether the relay's exclusive append lock is free now (no append in flight)."""
    async with engine.begin() as connection:
        query = select(func.pg_try_advisory_xact_lock(APPEND_LOCK_KEY))
        return bool((await connection.execute(query)).scalar_one())


@pytest.mark.parametrize("existing", [False, True], ids=["new stream", "existing stream"])
async def test_a_command_holds_the_append_lock_from_its_read_to_its_commit(
    engine: AsyncEngine, existing: bool
) -> None:
    """The relay's gap safety: an append in flight keeps the relay from reading past it,
    for a new stream (the read finds no event, yet takes the lock) as for an existing one."""
    store = SqlEventStore(engine)
    if existing:
        await CommandRunner(engine, store, ApprovedProjection()).run(approve("r-1"))
    projection = BlockingProjection()
    runner = CommandRunner(engine, store, projection)
    running = asyncio.create_task(runner.run(approve("r-1" if existing else "r-2")))
    await asyncio.wait_for(projection.entered.wait(), 10)

    assert not await relay_could_read(engine)
    projection.release.set()
    outcome = await running
    assert outcome.version == (2 if existing else 1)
    assert await relay_could_read(engine)


async def test_a_keyed_command_reads_its_key_with_its_stream_in_one_statement(
    engine: AsyncEngine,
) -> None:
    runner = CommandRunner(engine, SqlEventStore(engine), ApprovedProjection())
    with statements_sent(engine) as statements:
        first = await runner.run(approve("r5", idempotency=key("k5", "approve", "r5")))
        again = await runner.run(approve("r5", idempotency=key("k5", "approve", "r5")))

    assert again.replayed
    assert again.event_ids == first.event_ids
    reads = [s for s in statements if s.startswith("SELECT")]
    assert len(reads) == 2  # one per command: its stream, the append lock and its key
    assert all("idempotency_keys" in s for s in reads)


async def test_a_repeat_after_the_agency_moved_to_another_instance_returns_the_first_outcome(
    engine: AsyncEngine,
) -> None:
    ledger = OwnershipLedger()
    scope = InstanceScope(NATIONAL, (), FixedOwnership(ledger))
    runner = CommandRunner(engine, SqlEventStore(engine), ApprovedProjection(), scope=scope)
    first = await runner.run(approve("r6", idempotency=key("k6", "approve", "r6")))

    ledger.learn(Assignment("06", 1, datetime(2026, 1, 5, tzinfo=UTC), "sct-06"))
    again = await runner.run(approve("r6", idempotency=key("k6", "approve", "r6")))

    assert again.replayed
    assert again.event_ids == first.event_ids
    with pytest.raises(AgencyServedElsewhere):
        await runner.run(approve("r7", idempotency=key("k7", "approve", "r7")))
    assert await approved_rows(engine) == 1
