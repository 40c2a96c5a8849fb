"""The local view across the 2025 reorganisation and transfers (issue 15), on PostgreSQL: a
successor's facts include its predecessors' (transitively) and everything about the members
and units transferred into it, with the rest of the streams their history lives in; whose a
member is follows the latest transfer; agencies' lifetimes are kept from the registry."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.awards.domain.eligibility import Facts
from services.awards.domain.tenancy import Tenure
from services.awards.localview.consumer import RegistryFactsHandler
from services.awards.localview.directory import directory_of
from services.awards.localview.facts_loader import (
    agency_of_member,
    knows_member,
    load_facts,
    load_facts_of,
)
from services.awards.localview.tables import lifetimes
from services.awards.readmodel.metadata import metadata
from shared.consumer import IdempotentConsumer
from shared.consumer.tables import metadata as consumer_metadata
from shared.database import create_engine
from shared.database.engine import connection_for_reads
from shared.envelope import EventEnvelope, EventPayload
from shared.events import (
    AgencyCeased,
    AgencyMerged,
    AgencyRegistered,
    AnyEvent,
    AwardRevoked,
    DecisionIssued,
    MemberTransferred,
    RatingRecorded,
    RegistrationApproved,
    RegistrationSubmitted,
    UnitAdded,
    UnitRatingRecorded,
    UnitTransferred,
    parse_event,
)
from shared.events.vocabulary import AgencyKind, InitiativeLevel, Rating, RecipientKind
from shared.lifetimes import AgencyCeasedError, LifetimeGuard
from tests.harness.statements import statements_sent
from tests.unit.awards.test_localview_facts import (
    MemorySink,
    apply_own,
    consume,
    envelope,
    granted,
    initiative,
    member_added,
)

pytestmark = pytest.mark.integration

BAC_GIANG, BAC_NINH, BAC_NINH_34, BAC_KAN, HA_NOI = "24", "27", "SCT34-24", "06", "01"
JULY_2025 = date(2025, 7, 1)
BASIS = "Nghị quyết 202/2025/QH15"
HOA = (RecipientKind.MEMBER, "m-hoa")


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


async def facts_of(engine: AsyncEngine, agency: str) -> Facts:
    async with engine.connect() as connection:
        return await load_facts(connection, agency)


def in_stream(stream: str, *payloads: tuple[str, EventPayload, date]) -> list[EventEnvelope]:
    """``(agency, payload, day)`` appended one after the other to ``stream``."""
    return [
        envelope(payload, agency=agency, on=day, stream=stream, version=version)
        for version, (agency, payload, day) in enumerate(payloads, start=1)
    ]


def transferred(member_id: str, from_agency: str, to_unit: str = "u-qlcn") -> MemberTransferred:
    return MemberTransferred(
        member_id=member_id,
        from_agency=from_agency,
        from_unit_id="u-qlcn",
        to_unit_id=to_unit,
        on=JULY_2025,
        legal_basis=BASIS,
    )


def rated(member_id: str, year: int, agency: str) -> EventEnvelope:
    payload = RatingRecorded(member_id=member_id, year=year, rating=Rating.HTXSNV)
    return envelope(payload, agency=agency, on=date(year, 12, 20))


def merged(successor: str, *predecessors: str) -> EventEnvelope:
    payload = AgencyMerged(on=JULY_2025, predecessor_codes=list(predecessors), legal_basis=BASIS)
    return envelope(payload, agency=successor, on=JULY_2025, stream=f"agency-{successor}")


async def bac_giang_merged(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent], member_id: str = "m-hoa"
) -> None:
    """Bắc Giang's member, rated and granted CSTĐCS 2024 by 24, moved to SCT34-24."""
    stream = f"member-{member_id}"
    await consume(
        consumer,
        *in_stream(
            stream,
            (BAC_GIANG, member_added(member_id), date(2016, 1, 10)),
            (BAC_NINH_34, transferred(member_id, BAC_GIANG), JULY_2025),
        ),
        rated(member_id, 2024, BAC_GIANG),
        merged(BAC_NINH_34, BAC_GIANG, BAC_NINH),
    )
    await apply_own(
        engine, envelope(granted(member_id, "CSTDCS", f"qd-{uuid.uuid4()}"), agency=BAC_GIANG)
    )


async def test_a_successor_folds_its_predecessors_history_and_they_not_its(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    await bac_giang_merged(engine, consumer)
    await consume(consumer, rated("m-lan", 2024, BAC_NINH), rated("m-xa", 2024, HA_NOI))

    successor, predecessor = await facts_of(engine, BAC_NINH_34), await facts_of(engine, BAC_GIANG)

    assert [(a.code, a.agency) for a in successor.awards_of(HOA)] == [("CSTDCS", BAC_GIANG)]
    assert successor.rating("m-hoa", 2024) is Rating.HTXSNV
    assert successor.rating("m-lan", 2024) is Rating.HTXSNV  # the other predecessor's
    assert successor.rating("m-xa", 2024) is None
    assert successor.agency_of(HOA) == BAC_NINH_34
    assert predecessor.agency_of(HOA) == BAC_GIANG
    assert predecessor.rating("m-lan", 2024) is None


async def test_predecessors_are_followed_transitively(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    await consume(consumer, rated("m-cu", 2019, BAC_KAN), merged("X-1", BAC_KAN))
    await consume(consumer, merged("X-2", "X-1"))

    assert (await facts_of(engine, "X-2")).rating("m-cu", 2019) is Rating.HTXSNV


async def test_a_member_transferred_alone_brings_their_own_history_and_nothing_else(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    """m-hoa leaves Bắc Kạn's department for Hà Nội's; a colleague stays in Bắc Kạn."""
    registered, recognised = initiative("m-hoa")
    await consume(
        consumer,
        *in_stream(
            "member-m-hoa",
            (BAC_KAN, member_added("m-hoa"), date(2016, 1, 10)),
            (HA_NOI, transferred("m-hoa", BAC_KAN, "u-hn"), JULY_2025),
        ),
        *in_stream(
            "sk-1",
            (BAC_KAN, registered, date(2024, 3, 1)),
            (BAC_KAN, recognised, date(2024, 11, 15)),
        ),
        *in_stream(
            "registration-dk-1",
            (BAC_KAN, registration("dk-1", "m-hoa"), date(2024, 2, 1)),
            (BAC_KAN, RegistrationApproved(registration_id="dk-1"), date(2024, 2, 15)),
        ),
        rated("m-hoa", 2024, BAC_KAN),
        rated("m-ban", 2024, BAC_KAN),
    )
    await bac_kans_decision(engine)

    facts = await facts_of(engine, HA_NOI)

    assert facts.agency_of(HOA) == HA_NOI
    assert facts.rating("m-hoa", 2024) is Rating.HTXSNV
    assert facts.rating("m-ban", 2024) is None
    [standing] = facts.awards_of(HOA)
    assert (standing.code, standing.decision_number, standing.agency) == (
        "CSTDCS",
        "12/QĐ-SCT",
        BAC_KAN,
    )
    assert facts.awards_of((RecipientKind.MEMBER, "m-ban")) == ()
    assert [r.status.value for r in facts.registrations] == ["approved"]
    assert [i.level for i in facts.initiatives_of("m-hoa")] == [InitiativeLevel.GRASSROOTS]
    assert (facts.unit_of("m-hoa", 2024), facts.unit_of("m-hoa", 2025)) == ("u-qlcn", "u-hn")


def registration(registration_id: str, member_id: str) -> RegistrationSubmitted:
    return RegistrationSubmitted(
        registration_id=registration_id,
        registrant_kind="member",
        registrant_id=member_id,
        year=2024,
        award_codes=["CSTDCS"],
    )


async def bac_kans_decision(engine: AsyncEngine) -> None:
    """Decision 12/QĐ-SCT of Bắc Kạn: LĐTT and CSTĐCS 2024 to m-hoa (LĐTT revoked since)
    and LĐTT to m-ban."""
    ldtt, cstdcs = granted("m-hoa", "LDTT", "qd-12"), granted("m-hoa", "CSTDCS", "qd-12")
    colleague = granted("m-ban", "LDTT", "qd-12")
    issued = DecisionIssued(
        decision_id="qd-12",
        number="12/QĐ-SCT",
        signed_on=date(2025, 1, 20),
        issuing_authority="Giám đốc Sở Công Thương Bắc Kạn",
        authority_level="unit",
        commendation_kind="regular",
        award_ids=[ldtt.award_id, cstdcs.award_id, colleague.award_id],
    )
    revoked = AwardRevoked(
        award_id=ldtt.award_id, decision_id="qd-12", reason="Ghi nhầm", revoked_on=date(2025, 2, 1)
    )
    payloads = (issued, ldtt, cstdcs, colleague, revoked)
    await apply_own(
        engine,
        *(
            envelope(p, agency=BAC_KAN, stream="decision-qd-12", version=v)
            for v, p in enumerate(payloads, start=1)
        ),
    )


async def test_a_unit_transferred_brings_its_own_facts_but_not_its_members(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    moved = UnitTransferred(unit_id="u-bk", from_agency=BAC_KAN, on=JULY_2025, legal_basis=BASIS)
    added = UnitAdded(unit_id="u-bk", name="Phòng Quản lý thương mại")
    await consume(
        consumer,
        *in_stream("unit-u-bk", (BAC_KAN, added, date(2016, 1, 5)), (HA_NOI, moved, JULY_2025)),
        envelope(
            UnitRatingRecorded(unit_id="u-bk", year=2024, rating=Rating.HTXSNV), agency=BAC_KAN
        ),
        envelope(member_added("m-ban", "u-bk"), agency=BAC_KAN),
    )

    facts = await facts_of(engine, HA_NOI)

    assert facts.unit_rating("u-bk", 2024) is Rating.HTXSNV
    assert facts.agency_of((RecipientKind.UNIT, "u-bk")) == HA_NOI
    assert facts.members_of("u-bk", 2024) == ()


async def test_whose_a_member_is_follows_the_latest_transfer(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    """Entered by Bắc Giang (whose code sorts before SCT34-24's, the first found before)."""
    await bac_giang_merged(engine, consumer)

    async with engine.connect() as connection:
        now = await agency_of_member(connection, "m-hoa")
        directory = await directory_of(connection, BAC_NINH_34, [HOA])
        successor_knows = await knows_member(connection, BAC_NINH_34, "m-hoa")
        stranger_knows = await knows_member(connection, HA_NOI, "m-hoa")

    assert now == BAC_NINH_34
    assert directory.owner_of(*HOA) == BAC_NINH_34
    assert directory.owner_of(*HOA, on=date(2025, 6, 30)) == BAC_GIANG
    assert (successor_knows, stranger_knows) == (True, False)


async def test_the_directory_is_one_statement_and_its_mergers_tell_the_predecessors(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    """The placements, the kinds and the mergers come in one statement (a member known only
    by other facts than its placements costs one more); the facts judged with the
    directory's mergers are those read with the predecessors looked up, along a chain of two
    mergers."""
    await bac_giang_merged(engine, consumer)
    ministry_unit = AgencyRegistered(agency_code="X-2", name="Cục X", kind="ministry_unit")
    await consume(
        consumer,
        merged("X-2", BAC_NINH_34),
        envelope(ministry_unit, agency="X-2", stream="agency-X-2"),
        rated("m-only-rated", 2024, BAC_NINH),
    )
    async with connection_for_reads(engine) as connection:
        with statements_sent(engine) as sent:
            directory = await directory_of(connection, "X-2", [HOA])
        with statements_sent(engine) as sent_with_unplaced:
            await directory_of(connection, "X-2", [(RecipientKind.MEMBER, "m-only-rated")])
        judged = await load_facts_of(connection, {"X-2"}, directory.mergers)
        looked_up = await load_facts_of(connection, {"X-2"})

    assert (len(sent), len(sent_with_unplaced)) == (1, 2)
    assert directory.owner_of(*HOA) == BAC_NINH_34
    assert directory.tenures[HOA] == (Tenure(BAC_GIANG), Tenure(BAC_NINH_34, JULY_2025))
    assert directory.kinds == {"X-2": AgencyKind.MINISTRY_UNIT}
    assert directory.continued == {
        BAC_NINH_34: JULY_2025,
        BAC_GIANG: JULY_2025,
        BAC_NINH: JULY_2025,
    }
    assert judged == looked_up
    assert judged.rating("m-only-rated", 2024) is Rating.HTXSNV  # Bắc Ninh's, two mergers back
    assert [(a.code, a.agency) for a in judged.awards_of(HOA)] == [("CSTDCS", BAC_GIANG)]


async def test_the_consumer_keeps_agencies_lifetimes_and_the_guard_names_the_successor(
    engine: AsyncEngine, consumer: IdempotentConsumer[AnyEvent]
) -> None:
    ceased = AgencyCeased(
        ceased_on=date(2025, 6, 30), successor_code=BAC_NINH_34, legal_basis=BASIS
    )
    await consume(
        consumer,
        envelope(department(BAC_GIANG, "Sở Công Thương Bắc Giang", "63"), agency=BAC_GIANG),
        envelope(department(BAC_NINH_34, "Sở Công Thương Bắc Ninh", "34"), agency=BAC_NINH_34),
        envelope(ceased, agency=BAC_GIANG, on=JULY_2025),
    )
    guard = LifetimeGuard(lifetimes)

    async with engine.connect() as connection:
        row = (
            await connection.execute(select(lifetimes).where(lifetimes.c.agency == BAC_GIANG))
        ).one()
        await guard.check(connection, BAC_GIANG, date(2025, 6, 30))
        with pytest.raises(AgencyCeasedError) as refused:
            await guard.check(connection, BAC_GIANG, date(2026, 1, 5))

    assert (row.ceased_on, row.successor_code) == (date(2025, 6, 30), BAC_NINH_34)
    assert "Sở Công Thương Bắc Ninh (mã SCT34-24)" in str(refused.value)


def department(code: str, name: str, province_list: str) -> AgencyRegistered:
    return AgencyRegistered(
        agency_code=code,
        name=name,
        kind="provincial_department",
        province_code="24",
        province_list=province_list,
    )
