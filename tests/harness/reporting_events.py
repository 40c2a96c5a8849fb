"""Building the events the reporting service consumes, and feeding them to its consumer."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.all import AllProjections
from services.reporting.screening import ReportingScreen
from shared.consumer import DeadLetter, IdempotentConsumer, IncomingRecord, RetryPolicy
from shared.envelope import EventEnvelope, EventPayload
from shared.events import (
    AgencyRegistered,
    AnyEvent,
    AwardGranted,
    AwardRevoked,
    CampaignLaunched,
    DecisionIssued,
    DecisionRevoked,
    InitiativeRecognised,
    InitiativeRegistered,
    MemberAdded,
    MemberErased,
    MemberMoved,
    Nominee,
    ProposalForwarded,
    ProposalReturned,
    ProposalSubmitted,
    RegistrationApproved,
    RegistrationReturned,
    RegistrationSubmitted,
    UnitAdded,
    new_event,
    parse_event,
)
from shared.instances import FixedOwnership
from shared.kafka.topics import TopicNames
from shared.reference.awards import get_award

HANOI = "01"


def on(day: date) -> datetime:
    """A business date as an envelope's ``occurred_at``: midnight in Vietnam, in UTC."""
    return datetime.combine(day, time(), UTC) - timedelta(hours=7)


def envelope(
    payload: EventPayload, *, agency: str = HANOI, day: date | None = None
) -> EventEnvelope:
    """``payload`` in a valid envelope of ``agency``, business date ``day``."""
    event = new_event(payload, occurred_at=on(day or date(2020, 1, 15)))
    return EventEnvelope(
        **event.model_dump(),
        agency=agency,
        stream_id=f"s-{uuid.uuid4()}",
        stream_version=1,
        recorded_at=datetime.now(UTC),
        actor="test",
        correlation_id=uuid.uuid4(),
    )


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def agency_registered(
    code: str = HANOI,
    name: str = "Sở Công Thương Hà Nội",
    province: str | None = "01",
    province_list: str = "63",
) -> EventEnvelope:
    kind = "provincial_department" if province else "ministry_unit"
    payload = AgencyRegistered(
        agency_code=code,
        name=name,
        kind=kind,
        province_code=province,
        province_list=province_list if province else None,
    )
    return envelope(payload, agency=code, day=date(2015, 1, 1))


def award(
    code: str,
    recipient: str,
    year: int,
    *,
    kind: str = "member",
    agency: str = HANOI,
    award_id: str | None = None,
    year_from: int | None = None,
    signed_on: date | None = None,
    commendation_kind: str = "regular",
) -> EventEnvelope:
    """An ``AwardGranted`` for achievement year ``year`` (or ``year_from``–``year``)."""
    signed = signed_on or date(year + 1, 1, 20)
    payload = AwardGranted(
        award_id=award_id or new_id("a"),
        decision_id=new_id("d"),
        recipient_kind=kind,
        recipient_id=recipient,
        award_code=code,
        commendation_kind=commendation_kind,
        granting_level=get_award(code).granting_level,
        achievement_year_from=year_from or year,
        achievement_year_to=year,
        decision_signed_on=signed,
    )
    return envelope(payload, agency=agency, day=signed)


def award_id_of(granted: EventEnvelope) -> str:
    return str(granted.payload["award_id"])


def award_revoked(award_id: str, agency: str = HANOI) -> EventEnvelope:
    payload = AwardRevoked(
        award_id=award_id, decision_id="d", reason="Hồ sơ giả mạo", revoked_on=date(2021, 3, 1)
    )
    return envelope(payload, agency=agency, day=date(2021, 3, 1))


def decision_revoked(award_ids: Sequence[str], agency: str = HANOI) -> EventEnvelope:
    payload = DecisionRevoked(
        decision_id="d",
        award_ids=list(award_ids),
        reason="Sai quy trình",
        revoked_on=date(2021, 3, 1),
    )
    return envelope(payload, agency=agency, day=date(2021, 3, 1))


def unit_added(unit_id: str, agency: str = HANOI, year: int = 2015) -> EventEnvelope:
    payload = UnitAdded(unit_id=unit_id, name=f"Phòng {unit_id}")
    return envelope(payload, agency=agency, day=date(year, 1, 2))


def member_added(
    member_id: str, group: str = "official", agency: str = HANOI, year: int = 2015
) -> EventEnvelope:
    payload = MemberAdded(member_id=member_id, unit_id="u-1", position_group=group)
    return envelope(payload, agency=agency, day=date(year, 1, 2))


def member_history(
    member_id: str,
    positions: Sequence[tuple[datetime, str | None]],
    *,
    agency: str = HANOI,
    erased_at: datetime | None = None,
) -> list[EventEnvelope]:
    """One member's stream: added at the first moment with its group, then moved at each
    later one (``None``: a move that keeps the group), then erased if ``erased_at``."""
    payloads: list[tuple[datetime, EventPayload]] = []
    for index, (moment, group) in enumerate(positions):
        if index == 0:
            added = MemberAdded(member_id=member_id, unit_id="u-0", position_group=group)
            payloads.append((moment, added))
        else:
            moved = MemberMoved(
                member_id=member_id,
                from_unit_id=f"u-{index - 1}",
                to_unit_id=f"u-{index}",
                position_group=group,
            )
            payloads.append((moment, moved))
    if erased_at is not None:
        payloads.append((erased_at, MemberErased(member_id=member_id)))
    return [
        envelope(payload, agency=agency).model_copy(
            update={
                "stream_id": f"member-{member_id}",
                "stream_version": version,
                "occurred_at": moment,
            }
        )
        for version, (moment, payload) in enumerate(payloads, start=1)
    ]


def campaign(
    start: date, end: date | None = None, *, form: str = "regular", agency: str = HANOI
) -> EventEnvelope:
    payload = CampaignLaunched(
        campaign_id=new_id("c"),
        title="Phong trào thi đua",
        form=form,
        scope="sector_local",
        launching_level="ministry_province",
        launching_agency=agency,
        start_date=start,
        end_date=end,
    )
    return envelope(payload, agency=agency, day=start)


def registration(
    registration_id: str, registrant: str, year: int, codes: Sequence[str], kind: str = "unit"
) -> EventEnvelope:
    payload = RegistrationSubmitted(
        registration_id=registration_id,
        registrant_kind=kind,
        registrant_id=registrant,
        year=year,
        award_codes=list(codes),
    )
    return envelope(payload, day=date(year, 1, 10))


def registration_approved(registration_id: str) -> EventEnvelope:
    return envelope(RegistrationApproved(registration_id=registration_id))


def registration_returned(registration_id: str) -> EventEnvelope:
    return envelope(RegistrationReturned(registration_id=registration_id, reason="Bổ sung"))


def initiative(year: int, level: str | None = None) -> list[EventEnvelope]:
    """An initiative registered in ``year`` (and recognised at ``level`` that year)."""
    initiative_id = new_id("i")
    registered = InitiativeRegistered(
        initiative_id=initiative_id, title="Sáng kiến", author_member_ids=["m-1"], year=year
    )
    events = [envelope(registered, day=date(year, 3, 1))]
    if level:
        recognised = InitiativeRecognised(
            initiative_id=initiative_id, level=level, recognised_on=date(year, 11, 1)
        )
        events.append(envelope(recognised, day=date(year, 11, 1)))
    return events


def proposal(proposal_id: str, day: date, nominees: Iterable[tuple[str, str]]) -> EventEnvelope:
    payload = ProposalSubmitted(
        proposal_id=proposal_id,
        nominees=[
            Nominee(
                nominee_kind=kind, nominee_id=new_id("n"), award_code=code, achievement_year=2019
            )
            for kind, code in nominees
        ],
        commendation_kind="regular",
        addressed_to="ministry_province",
    )
    return envelope(payload, day=day)


def proposal_forwarded(proposal_id: str) -> EventEnvelope:
    return envelope(ProposalForwarded(proposal_id=proposal_id, to_level="prime_minister"))


def proposal_returned(proposal_id: str) -> EventEnvelope:
    return envelope(ProposalReturned(proposal_id=proposal_id, reason="Thiếu hồ sơ"))


def decision(proposal_id: str | None, day: date = date(2020, 5, 1)) -> EventEnvelope:
    payload = DecisionIssued(
        decision_id=new_id("d"),
        number="123/QĐ-SCT",
        signed_on=day,
        issuing_authority="Sở Công Thương Hà Nội",
        authority_level="unit",
        commendation_kind="regular",
        proposal_id=proposal_id,
        award_ids=[new_id("a")],
    )
    return envelope(payload, day=day)


class DeadLetters:
    """A dead-letter sink that keeps the letters in memory."""

    def __init__(self) -> None:
        self.letters: list[DeadLetter] = []

    async def send(self, letters: list[DeadLetter]) -> None:
        self.letters.extend(letters)


NATIONAL_TOPIC = TopicNames().registry_events
"""The topic :func:`records` puts events on by default: the national registry's (prefix tdkt)."""


def national_screen() -> ReportingScreen:
    """The service's screen under prefix ``tdkt``, no agency assigned to a province."""
    return ReportingScreen(FixedOwnership(), TopicNames())


def reporting_consumer(
    engine: AsyncEngine,
    dead_letters: DeadLetters | None = None,
    screen: ReportingScreen | None = None,
) -> IdempotentConsumer[AnyEvent]:
    """The reporting service's consumer core on ``engine`` (dead letters kept in memory),
    screening with ``screen`` (default: :func:`national_screen`)."""
    screen = screen or national_screen()
    return IdempotentConsumer(
        name="projections",
        engine=engine,
        parse=parse_event,
        event_id_of=lambda event: event.event_id,
        handler=AllProjections(),
        dead_letters=dead_letters or DeadLetters(),
        screen=screen,
        prepare=screen.prepare,
        retry=RetryPolicy(initial_backoff_s=0.001, max_backoff_s=0.002, unknown_error_attempts=1),
    )


def records(
    envelopes: Iterable[EventEnvelope], topic: str = NATIONAL_TOPIC
) -> list[IncomingRecord]:
    """The envelopes as the Kafka records the consumer receives from ``topic``."""
    return [
        IncomingRecord(topic, 0, offset, wire.key, wire.value, tuple(wire.headers))
        for offset, wire in enumerate(e.wire() for e in envelopes)
    ]


async def feed(
    consumer: IdempotentConsumer[AnyEvent],
    *batches: Iterable[EventEnvelope],
    topic: str = NATIONAL_TOPIC,
) -> None:
    """Process each batch in turn (one transaction each), as records of ``topic``; fail if
    any event was dead-lettered."""
    for batch in batches:
        await consumer.process(records(batch, topic))
    assert consumer.dead_lettered_total == 0, "an event was dead-lettered (see the log)"


async def counters(
    engine: AsyncEngine, table: Table, *columns: str, count: str | None = None
) -> dict[tuple[Any, ...], int]:
    """``{(columns…): sum of the count column}`` over ``table``, leaving out zero sums."""
    count_column = table.c[count] if count else list(table.c)[-1]
    keys = [table.c[name] for name in columns]
    query = select(*keys, func.sum(count_column)).group_by(*keys)
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).all()
    return {tuple(row[:-1]): int(row[-1]) for row in rows if row[-1]}
