"""The local view: registry events (through the idempotent consumer) and the service's own
award events (inline appliers) in, the eligibility engine's facts out. PostgreSQL, no broker."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.awards.domain.eligibility import Facts
from services.awards.localview import own_awards
from services.awards.localview.consumer import RegistryFactsHandler
from services.awards.localview.facts_loader import agency_of_member, knows_member, load_facts
from services.awards.localview.tables import facts
from services.awards.readmodel.metadata import metadata
from shared.consumer import DeadLetter, IdempotentConsumer, IncomingRecord
from shared.consumer.tables import metadata as consumer_metadata
from shared.database import create_engine, write_transaction
from shared.envelope import EventEnvelope, EventPayload
from shared.events import (
    AnyEvent,
    AwardGranted,
    AwardRevoked,
    DecisionIssued,
    DecisionRevoked,
    DisciplineHoldLifted,
    DisciplineHoldPlaced,
    InitiativeRecognised,
    InitiativeRegistered,
    MemberAdded,
    RatingRecorded,
    new_event,
    parse_event,
)
from shared.events.vocabulary import (
    CommendationKind,
    GrantingLevel,
    InitiativeLevel,
    PositionGroup,
    Rating,
    RecipientKind,
)
from shared.eventstore import RecordedEvent

HA_NOI, BAC_KAN = "01", "06"


class MemorySink:
    def __init__(self) -> None:
        self.letters: list[DeadLetter] = []

    async def send(self, letters: list[DeadLetter]) -> None:
        self.letters.extend(letters)


@pytest.fixture
async def engine(postgres_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_database_url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
        await connection.run_sync(consumer_metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def consumer(engine: AsyncEngine) -> IdempotentConsumer[AnyEvent]:
    return IdempotentConsumer(
        name="registry-facts",
        engine=engine,
        parse=parse_event,
        event_id_of=lambda event: event.event_id,
        handler=RegistryFactsHandler(),
        dead_letters=MemorySink(),
    )


def envelope(
    payload: EventPayload,
    *,
    agency: str = HA_NOI,
    on: date = date(2024, 12, 31),
    stream: str | None = None,
    version: int = 1,
) -> EventEnvelope:
    event = new_event(payload, occurred_at=datetime(on.year, on.month, on.day, tzinfo=UTC))
    return EventEnvelope(
        **event.model_dump(),
        agency=agency,
        stream_id=stream or f"s-{uuid.uuid4()}",
        stream_version=version,
        recorded_at=datetime.now(UTC),
        actor="test",
        correlation_id=uuid.uuid4(),
    )


def record(event: EventEnvelope) -> IncomingRecord:
    return IncomingRecord("t.registry.events", 0, 0, event.stream_id.encode(), event.to_json())


async def consume(consumer: IdempotentConsumer[AnyEvent], *events: EventEnvelope) -> None:
    await consumer.process([record(event) for event in events])


async def apply_own(engine: AsyncEngine, *events: EventEnvelope) -> None:
    """The decision's transaction, as the inline projection runs it (own-award appliers only)."""
    async with write_transaction(engine) as connection:
        await apply_own_in(connection, *events)


async def apply_own_in(connection: AsyncConnection, *events: EventEnvelope) -> None:
    for position, event in enumerate(events, start=1):
        recorded = RecordedEvent(**event.model_dump(), position=position)
        payload = parse_event(recorded.model_dump(mode="json")).payload
        applier = own_awards.APPLIERS.get(event.event_type)
        if applier is not None:
            await applier(connection, recorded, payload)


async def facts_of(engine: AsyncEngine, agency: str = HA_NOI) -> Facts:
    async with engine.connect() as connection:
        return await load_facts(connection, agency)


async def stored(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(facts)) or 0)


def member_added(member_id: str, unit_id: str = "u-qlcn") -> MemberAdded:
    return MemberAdded(member_id=member_id, unit_id=unit_id, position_group=PositionGroup.OFFICIAL)


def rating(member_id: str, value: Rating = Rating.HTTNV, year: int = 2024) -> RatingRecorded:
    return RatingRecorded(member_id=member_id, year=year, rating=value)


def initiative(member_id: str) -> tuple[InitiativeRegistered, InitiativeRecognised]:
    initiative_id = f"sk-{uuid.uuid4()}"
    title = "Số hóa hồ sơ cấp phép cụm công nghiệp"
    registered = InitiativeRegistered(
        initiative_id=initiative_id, title=title, author_member_ids=[member_id], year=2024
    )
    recognised = InitiativeRecognised(
        initiative_id=initiative_id,
        level=InitiativeLevel.GRASSROOTS,
        recognised_on=date(2024, 11, 15),
    )
    return registered, recognised


def granted(member_id: str, code: str, decision_id: str, year: int = 2024) -> AwardGranted:
    return AwardGranted(
        award_id=f"a-{uuid.uuid4()}",
        decision_id=decision_id,
        recipient_kind="member",
        recipient_id=member_id,
        award_code=code,
        commendation_kind="regular",
        granting_level="unit",
        achievement_year_from=year,
        achievement_year_to=year,
        decision_signed_on=date(year + 1, 1, 20),
    )


async def test_registry_events_become_facts(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    registered, recognised = initiative("m-lan")
    events = [member_added("m-lan"), rating("m-lan", Rating.HTXSNV), registered, recognised]

    await consume(consumer, *(envelope(payload) for payload in events))

    found = await facts_of(engine)
    assert found.rating("m-lan", 2024) is Rating.HTXSNV
    assert found.unit_of("m-lan", 2024) == "u-qlcn"
    assert [i.level for i in found.initiatives_of("m-lan")] == [InitiativeLevel.GRASSROOTS]


async def test_an_event_delivered_twice_counts_once(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    registered, recognised = initiative("m-lan")
    recognition = envelope(recognised)

    await consume(consumer, envelope(registered), recognition, recognition)
    await consume(consumer, recognition)

    assert len((await facts_of(engine)).initiatives_of("m-lan")) == 1
    assert await stored(engine) == 2


async def test_facts_about_a_member_not_yet_added_are_kept(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    await consume(consumer, envelope(rating("m-hoa")))
    await consume(consumer, envelope(member_added("m-hoa")))

    found = await facts_of(engine)
    assert found.rating("m-hoa", 2024) is Rating.HTTNV
    assert found.members_of("u-qlcn", 2024) == ("m-hoa",)


async def test_a_correction_wins_whatever_order_it_arrived_in(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    stream = f"rating-m-lan-2024-{uuid.uuid4()}"
    first = envelope(rating("m-lan", Rating.HTNV), stream=stream, version=1)
    correction = envelope(rating("m-lan", Rating.HTXSNV), stream=stream, version=2)

    await consume(consumer, correction)
    await consume(consumer, first)

    assert (await facts_of(engine)).rating("m-lan", 2024) is Rating.HTXSNV


async def test_a_hold_lifted_ends_on_its_last_day(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    held = {"hold_id": "hold-1", "subject_kind": "member", "subject_id": "m-lan"}
    placed = DisciplineHoldPlaced(**held, from_date=date(2023, 3, 1))
    lifted = DisciplineHoldLifted(**held, to_date=date(2023, 8, 31))
    stream = f"hold-{uuid.uuid4()}"

    await consume(
        consumer, envelope(placed, stream=stream), envelope(lifted, stream=stream, version=2)
    )

    [hold] = (await facts_of(engine)).holds_of((RecipientKind.MEMBER, "m-lan"))
    assert (hold.from_date, hold.to_date) == (date(2023, 3, 1), date(2023, 8, 31))


async def test_each_agency_sees_its_own_facts(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    await consume(consumer, envelope(rating("m-lan")), envelope(rating("m-mai"), agency=BAC_KAN))

    assert (await facts_of(engine, HA_NOI)).rating("m-mai", 2024) is None
    assert (await facts_of(engine, BAC_KAN)).rating("m-mai", 2024) is Rating.HTTNV


async def test_award_events_on_the_registry_topic_are_not_facts(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    await consume(consumer, envelope(granted("m-lan", "LDTT", "qd-1")))

    assert await stored(engine) == 0


async def test_members_are_found_by_the_facts_naming_them(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    await consume(consumer, envelope(member_added("m-mai"), agency=BAC_KAN))

    async with engine.connect() as connection:
        assert await agency_of_member(connection, "m-mai") == BAC_KAN
        assert await knows_member(connection, BAC_KAN, "m-mai")
        assert not await knows_member(connection, HA_NOI, "m-mai")
        assert await agency_of_member(connection, "m-nobody") is None


async def test_granted_awards_count_until_revoked(engine: AsyncEngine) -> None:
    ldtt, cstdcs = granted("m-lan", "LDTT", "qd-1"), granted("m-lan", "CSTDCS", "qd-1")
    revoked = AwardRevoked(
        award_id=cstdcs.award_id,
        decision_id="qd-1",
        reason="Kê khai thành tích không trung thực",
        revoked_on=date(2025, 5, 1),
    )

    await apply_own(engine, envelope(ldtt, stream="decision-qd-1"))
    await apply_own(engine, envelope(cstdcs, stream="decision-qd-1", version=2))
    await apply_own(engine, envelope(revoked, stream="decision-qd-1", version=3))

    standing = (await facts_of(engine)).awards_of((RecipientKind.MEMBER, "m-lan"))
    assert [award.code for award in standing] == ["LDTT"]


async def test_a_revoked_decision_takes_every_award_with_it(engine: AsyncEngine) -> None:
    awards = [granted("m-lan", "LDTT", "qd-2"), granted("m-hoa", "LDTT", "qd-2")]
    revoked = DecisionRevoked(
        decision_id="qd-2",
        award_ids=[awards[0].award_id],
        reason="Xét duyệt trái quy định",
        revoked_on=date(2025, 5, 1),
    )

    await apply_own(engine, envelope(revoked, stream="decision-qd-2", version=3))
    grants = [envelope(a, stream="decision-qd-2", version=i) for i, a in enumerate(awards, 1)]
    await apply_own(engine, *grants)

    assert list((await facts_of(engine)).all_awards()) == []


def issued(decision_id: str, *grants: AwardGranted) -> list[EventEnvelope]:
    """A decision's events as issuing it appends them: DecisionIssued, then its grants."""
    head = DecisionIssued(
        decision_id=decision_id,
        number=f"{decision_id}/QĐ-SCT",
        signed_on=date(2025, 1, 20),
        issuing_authority="Giám đốc Sở Công Thương Hà Nội",
        authority_level=GrantingLevel.UNIT,
        commendation_kind=CommendationKind.REGULAR,
        award_ids=[grant.award_id for grant in grants],
    )
    stream = f"decision-{decision_id}"
    return [
        envelope(payload, stream=stream, version=version)
        for version, payload in enumerate([head, *grants], start=1)
    ]


async def test_facts_read_again_after_new_rows_are_those_a_fresh_read_folds(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent], postgres_database_url: str
) -> None:
    """The facts folded for an agency are kept and grown by the decisions recorded since; a
    process that never read them before (its own engine) folds the same facts from scratch,
    after new decisions and after rows that make the kept facts fold anew."""
    await consume(consumer, envelope(member_added("m-lan")), envelope(rating("m-lan")))
    await apply_own(engine, *issued("qd-1", granted("m-lan", "LDTT", "qd-1")))
    first = await facts_of(engine)
    fresh = create_engine(postgres_database_url)
    try:
        second_decision = issued(
            "qd-2", granted("m-lan", "CSTDCS", "qd-2"), granted("m-new", "LDTT", "qd-2")
        )
        await apply_own(engine, *second_decision)
        grown = await facts_of(engine)
        assert grown == await facts_of(fresh) != first
        assert [a.decision_number for a in grown.awards_of((RecipientKind.MEMBER, "m-lan"))] == [
            "qd-1/QĐ-SCT",
            "qd-2/QĐ-SCT",
        ]

        revoked = DecisionRevoked(
            decision_id="qd-2",
            award_ids=list(second_decision[0].payload["award_ids"]),
            reason="Xét duyệt trái quy định",
            revoked_on=date(2025, 5, 1),
        )
        await apply_own(engine, envelope(revoked, stream="decision-qd-2", version=4))
        await consume(consumer, envelope(rating("m-new", Rating.HTXSNV)))
        again = await facts_of(engine)
        assert again == await facts_of(fresh)
        assert again.awards_of((RecipientKind.MEMBER, "m-new")) == ()
        assert again.rating("m-new", 2024) is Rating.HTXSNV
    finally:
        await fresh.dispose()


async def test_rows_committed_after_later_ones_are_not_missed(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent], postgres_database_url: str
) -> None:
    """A decision whose transaction began before another's but committed after it is in the
    facts read next, as a process that folds everything from scratch finds it."""
    await consume(consumer, envelope(member_added("m-lan")), envelope(rating("m-lan")))
    await apply_own(engine, *issued("qd-1", granted("m-lan", "LDTT", "qd-1")))
    await facts_of(engine)
    slow_member, fast_member = (RecipientKind.MEMBER, "m-slow"), (RecipientKind.MEMBER, "m-fast")
    async with engine.connect() as slow:
        transaction = await slow.begin()
        await apply_own_in(slow, *issued("qd-2", granted("m-slow", "LDTT", "qd-2")))
        await apply_own(engine, *issued("qd-3", granted("m-fast", "LDTT", "qd-3")))
        before_commit = await facts_of(engine)
        await transaction.commit()
    after_commit = await facts_of(engine)
    fresh = create_engine(postgres_database_url)
    try:
        assert after_commit == await facts_of(fresh)
    finally:
        await fresh.dispose()
    assert before_commit.awards_of(slow_member) == ()
    assert before_commit.awards_of(fast_member) != ()
    assert [a.decision_id for a in after_commit.awards_of(slow_member)] == ["qd-2"]
    assert [a.decision_id for a in after_commit.awards_of(fast_member)] == ["qd-3"]
