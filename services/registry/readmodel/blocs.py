"""Read model of blocs and their pacts (tables, appliers, queries)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    and_,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel.appliers import Appliers
from services.registry.readmodel.bloc_views import BlocPublic, PactPublic
from services.registry.readmodel.metadata import metadata
from shared.envelope import EventPayload
from shared.events import BlocFormed, PactSigned
from shared.eventstore import RecordedEvent
from shared.http.pagination import Page

blocs = Table(
    "blocs",
    metadata,
    Column("bloc_id", String(128), primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("name", String(300), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("member_ids", JSON, nullable=False),
    Column("outside_members", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_blocs_agency", "agency"),
)

pacts = Table(
    "pacts",
    metadata,
    Column("pact_id", String(128), primary_key=True),
    Column("bloc_id", String(128), nullable=False),
    Column("agency", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("signatory_ids", JSON, nullable=False),
    UniqueConstraint("bloc_id", "year", name="uq_pacts_bloc_year"),
    Index("ix_pacts_agency_year", "agency", "year"),
)


async def _formed(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, BlocFormed)
    await connection.execute(
        insert(blocs).values(
            bloc_id=p.bloc_id,
            agency=event.agency,
            name=p.name,
            kind=p.kind.value,
            member_ids=list(p.member_ids),
            outside_members=list(p.outside_members),
            version=event.stream_version,
        )
    )


async def _pact_signed(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, PactSigned)
    await connection.execute(
        insert(pacts).values(
            pact_id=p.pact_id,
            bloc_id=p.bloc_id,
            agency=event.agency,
            year=p.year,
            signatory_ids=list(p.signatory_ids),
        )
    )
    await connection.execute(
        update(blocs).where(blocs.c.bloc_id == p.bloc_id).values(version=event.stream_version)
    )


APPLIERS: Appliers = {"BlocFormed": _formed, "PactSigned": _pact_signed}


async def bloc_agency(connection: AsyncConnection, bloc_id: str) -> str | None:
    """The agency that formed the bloc, or None if there is no such bloc."""
    agency = await connection.scalar(select(blocs.c.agency).where(blocs.c.bloc_id == bloc_id))
    return None if agency is None else str(agency)


async def list_blocs(
    connection: AsyncConnection, agency: str, limit: int, offset: int
) -> Page[BlocPublic]:
    condition = blocs.c.agency == agency
    total = await connection.scalar(select(func.count()).select_from(blocs).where(condition))
    query = select(blocs).where(condition).order_by(blocs.c.name, blocs.c.bloc_id)
    rows = (await connection.execute(query.limit(limit).offset(offset))).all()
    signed = await _pacts_of(connection, [row.bloc_id for row in rows])
    items = [
        BlocPublic.model_validate({**row._mapping, "pacts": signed.get(row.bloc_id, [])})
        for row in rows
    ]
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)


async def get_bloc(connection: AsyncConnection, bloc_id: str) -> BlocPublic | None:
    row = (await connection.execute(select(blocs).where(blocs.c.bloc_id == bloc_id))).first()
    if row is None:
        return None
    signed = await _pacts_of(connection, [bloc_id])
    return BlocPublic.model_validate({**row._mapping, "pacts": signed.get(bloc_id, [])})


async def _pacts_of(
    connection: AsyncConnection, bloc_ids: list[str]
) -> dict[str, list[PactPublic]]:
    query = select(pacts).where(pacts.c.bloc_id.in_(bloc_ids)).order_by(pacts.c.year)
    found: dict[str, list[PactPublic]] = {}
    for row in await connection.execute(query):
        found.setdefault(row.bloc_id, []).append(PactPublic.model_validate(row._mapping))
    return found


async def list_pacts(
    connection: AsyncConnection, agency: str, year: int | None, limit: int, offset: int
) -> Page[PactPublic]:
    condition: ColumnElement[bool] = pacts.c.agency == agency
    if year is not None:
        condition = and_(condition, pacts.c.year == year)
    total = await connection.scalar(select(func.count()).select_from(pacts).where(condition))
    query = select(pacts).where(condition).order_by(pacts.c.year, pacts.c.bloc_id)
    rows = await connection.execute(query.limit(limit).offset(offset))
    items = [PactPublic.model_validate(row._mapping) for row in rows]
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)
