"""Reads of the initiatives read model."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Row, and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel.initiative_views import InitiativePublic, RecognitionPublic
from services.registry.readmodel.initiatives import (
    initiative_authors,
    initiative_recognitions,
    initiatives,
)
from shared.events.vocabulary import InitiativeLevel
from shared.http.pagination import Page


def _filters(
    agency: str, year: int | None, level: InitiativeLevel | None, author_id: str | None
) -> ColumnElement[bool]:
    condition: ColumnElement[bool] = initiatives.c.agency == agency
    if year is not None:
        condition = and_(condition, initiatives.c.year == year)
    if level is not None:
        recognised = select(initiative_recognitions.c.initiative_id).where(
            initiative_recognitions.c.level == level.value
        )
        condition = and_(condition, initiatives.c.initiative_id.in_(recognised))
    if author_id is not None:
        authored = select(initiative_authors.c.initiative_id).where(
            initiative_authors.c.member_id == author_id
        )
        condition = and_(condition, initiatives.c.initiative_id.in_(authored))
    return condition


async def list_initiatives(
    connection: AsyncConnection,
    agency: str,
    *,
    year: int | None,
    level: InitiativeLevel | None,
    author_id: str | None,
    limit: int,
    offset: int,
) -> Page[InitiativePublic]:
    """A page of an agency's initiatives, filtered by year, recognised level and author."""
    condition = _filters(agency, year, level, author_id)
    total = await connection.scalar(select(func.count()).select_from(initiatives).where(condition))
    rows = await connection.execute(
        select(initiatives)
        .where(condition)
        .order_by(initiatives.c.year, initiatives.c.initiative_id)
        .limit(limit)
        .offset(offset)
    )
    items = await _public(connection, rows.all())
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)


async def get_initiative(
    connection: AsyncConnection, initiative_id: str
) -> InitiativePublic | None:
    query = select(initiatives).where(initiatives.c.initiative_id == initiative_id)
    row = (await connection.execute(query)).first()
    return None if row is None else (await _public(connection, [row]))[0]


async def _public(
    connection: AsyncConnection, rows: Sequence[Row[tuple[object, ...]]]
) -> list[InitiativePublic]:
    ids = [row.initiative_id for row in rows]
    authors = await _authors(connection, ids)
    recognitions = await _recognitions(connection, ids)
    return [
        InitiativePublic.model_validate(
            {
                **row._mapping,
                "author_ids": authors[row.initiative_id],
                "recognitions": recognitions[row.initiative_id],
            }
        )
        for row in rows
    ]


async def _authors(connection: AsyncConnection, ids: list[str]) -> defaultdict[str, list[str]]:
    authors: defaultdict[str, list[str]] = defaultdict(list)
    query = (
        select(initiative_authors)
        .where(initiative_authors.c.initiative_id.in_(ids))
        .order_by(initiative_authors.c.position)
    )
    for author in await connection.execute(query):
        authors[author.initiative_id].append(author.member_id)
    return authors


async def _recognitions(
    connection: AsyncConnection, ids: list[str]
) -> defaultdict[str, list[RecognitionPublic]]:
    recognitions: defaultdict[str, list[RecognitionPublic]] = defaultdict(list)
    query = (
        select(initiative_recognitions)
        .where(initiative_recognitions.c.initiative_id.in_(ids))
        .order_by(initiative_recognitions.c.recognised_on)
    )
    for row in await connection.execute(query):
        recognitions[row.initiative_id].append(RecognitionPublic.model_validate(row._mapping))
    return recognitions
