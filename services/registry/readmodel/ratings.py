"""Read model of yearly ratings (of members and of units) and discipline holds, with the
holds' private notes.

Ratings and holds are personal data (Decree 13/2023/NĐ-CP); the notes on a hold are the only
place the reasons are written, beside the events, so that they can be erased.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel.appliers import Appliers
from services.registry.readmodel.metadata import metadata
from shared.envelope import EventPayload
from shared.events import (
    DisciplineHoldLifted,
    DisciplineHoldPlaced,
    RatingRecorded,
    UnitRatingRecorded,
)
from shared.eventstore import RecordedEvent

ratings = Table(
    "ratings",
    metadata,
    Column("member_id", String(128), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("rating", String(8), nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_ratings_agency_year_rating", "agency", "year", "rating"),
)

#: A unit's own rating for the year (Art 27, 28 point a); not personal data.
unit_ratings = Table(
    "unit_ratings",
    metadata,
    Column("unit_id", String(128), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("rating", String(8), nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_unit_ratings_agency_year", "agency", "year"),
)

discipline_holds = Table(
    "discipline_holds",
    metadata,
    Column("hold_id", String(128), primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("subject_kind", String(16), nullable=False),
    Column("subject_id", String(128), nullable=False),
    Column("from_date", Date, nullable=False),
    Column("to_date", Date, nullable=True),
    Column("lifted", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_discipline_holds_agency_from", "agency", "from_date"),
    Index("ix_discipline_holds_subject", "subject_id"),
)

#: Personal data: why a hold was placed. Never in an event; erasable.
discipline_hold_notes = Table(
    "discipline_hold_notes",
    metadata,
    Column("hold_id", String(128), primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("note", Text, nullable=False),
)


async def _rated(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, RatingRecorded)
    values = {"rating": p.rating.value, "version": event.stream_version}
    if event.stream_version == 1:
        row = {"member_id": p.member_id, "year": p.year, "agency": event.agency, **values}
        await connection.execute(insert(ratings).values(**row))
        return
    await connection.execute(
        update(ratings)
        .where(ratings.c.member_id == p.member_id, ratings.c.year == p.year)
        .values(**values)
    )


async def _unit_rated(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, UnitRatingRecorded)
    values = {"rating": p.rating.value, "version": event.stream_version}
    if event.stream_version == 1:
        row = {"unit_id": p.unit_id, "year": p.year, "agency": event.agency, **values}
        await connection.execute(insert(unit_ratings).values(**row))
        return
    await connection.execute(
        update(unit_ratings)
        .where(unit_ratings.c.unit_id == p.unit_id, unit_ratings.c.year == p.year)
        .values(**values)
    )


async def _hold_placed(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, DisciplineHoldPlaced)
    await connection.execute(
        insert(discipline_holds).values(
            hold_id=p.hold_id,
            agency=event.agency,
            subject_kind=p.subject_kind.value,
            subject_id=p.subject_id,
            from_date=p.from_date,
            to_date=p.to_date,
            lifted=False,
            version=event.stream_version,
        )
    )


async def _hold_lifted(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, DisciplineHoldLifted)
    await connection.execute(
        update(discipline_holds)
        .where(discipline_holds.c.hold_id == p.hold_id)
        .values(to_date=p.to_date, lifted=True, version=event.stream_version)
    )


APPLIERS: Appliers = {
    "RatingRecorded": _rated,
    "UnitRatingRecorded": _unit_rated,
    "DisciplineHoldPlaced": _hold_placed,
    "DisciplineHoldLifted": _hold_lifted,
}


async def write_hold_note(
    connection: AsyncConnection, hold_id: str, agency: str, note: str
) -> None:
    """Keep a hold's private note (call in the transaction that places the hold)."""
    await connection.execute(
        insert(discipline_hold_notes).values(hold_id=hold_id, agency=agency, note=note)
    )


async def erase_member_hold_notes(connection: AsyncConnection, member_id: str) -> None:
    """Erase the notes on every hold of a member (for the MemberErased applier to call)."""
    held = select(discipline_holds.c.hold_id).where(
        discipline_holds.c.subject_kind == "member", discipline_holds.c.subject_id == member_id
    )
    await connection.execute(
        delete(discipline_hold_notes).where(discipline_hold_notes.c.hold_id.in_(held))
    )


async def hold_agency(connection: AsyncConnection, hold_id: str) -> str | None:
    """The agency that placed the hold, or None if there is no such hold."""
    query = select(discipline_holds.c.agency).where(discipline_holds.c.hold_id == hold_id)
    agency = await connection.scalar(query)
    return None if agency is None else str(agency)
