"""Read model of initiatives: one row each, their authors and recognitions (inline)."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, String, Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel.appliers import Appliers
from services.registry.readmodel.metadata import metadata
from shared.envelope import EventPayload
from shared.events import InitiativeRecognised, InitiativeRegistered
from shared.eventstore import RecordedEvent

initiatives = Table(
    "initiatives",
    metadata,
    Column("initiative_id", String(128), primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("title", String(2000), nullable=False),
    Column("year", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_initiatives_agency_year", "agency", "year"),
)

initiative_authors = Table(
    "initiative_authors",
    metadata,
    Column("initiative_id", String(128), primary_key=True),
    Column("member_id", String(128), primary_key=True),
    Column("position", Integer, nullable=False),
    Index("ix_initiative_authors_member", "member_id"),
)

initiative_recognitions = Table(
    "initiative_recognitions",
    metadata,
    Column("initiative_id", String(128), primary_key=True),
    Column("level", String(32), primary_key=True),
    Column("recognised_on", Date, nullable=False),
    Index("ix_initiative_recognitions_level", "level", "initiative_id"),
)


async def _registered(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, InitiativeRegistered)
    await connection.execute(
        insert(initiatives).values(
            initiative_id=p.initiative_id,
            agency=event.agency,
            title=p.title,
            year=p.year,
            version=event.stream_version,
        )
    )
    await connection.execute(
        insert(initiative_authors),
        [
            {"initiative_id": p.initiative_id, "member_id": member_id, "position": position}
            for position, member_id in enumerate(p.author_member_ids)
        ],
    )


async def _recognised(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, InitiativeRecognised)
    await connection.execute(
        insert(initiative_recognitions).values(
            initiative_id=p.initiative_id, level=p.level.value, recognised_on=p.recognised_on
        )
    )
    await connection.execute(
        update(initiatives)
        .where(initiatives.c.initiative_id == p.initiative_id)
        .values(version=event.stream_version)
    )


APPLIERS: Appliers = {
    "InitiativeRegistered": _registered,
    "InitiativeRecognised": _recognised,
}


async def initiative_agency(connection: AsyncConnection, initiative_id: str) -> str | None:
    """The agency the initiative was registered in, or None if there is no such initiative."""
    query = select(initiatives.c.agency).where(initiatives.c.initiative_id == initiative_id)
    agency = await connection.scalar(query)
    return None if agency is None else str(agency)
