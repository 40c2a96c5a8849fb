"""Reads of the directory: units, members (with personal details), the unit tree, and the
lookups other areas use to check that a unit or member exists and whose it is."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import ColumnElement, RowMapping, Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel.directory_tables import (
    agencies,
    member_profiles,
    member_transfers,
    members,
    unit_transfers,
    units,
)
from services.registry.readmodel.directory_views import (
    AgencyTree,
    MemberPublic,
    MemberTransferPublic,
    UnitNode,
    UnitPublic,
)
from shared.http.pagination import Page


async def unit_agency(connection: AsyncConnection, unit_id: str) -> str | None:
    """The agency of the unit, or None if there is no such unit."""
    agency = await connection.scalar(select(units.c.agency).where(units.c.unit_id == unit_id))
    return None if agency is None else str(agency)


async def member_agency(connection: AsyncConnection, member_id: str) -> str | None:
    """The agency of the member (erased or not), or None if there is no such member."""
    query = select(members.c.agency).where(members.c.member_id == member_id)
    agency = await connection.scalar(query)
    return None if agency is None else str(agency)


Moves = list[tuple[date, str]]
"""A unit's or member's transfers, in order: (first day in the new agency, agency left)."""


def agency_on(agency_now: str | None, moves: Moves, day: date) -> str | None:
    """The agency on ``day`` of a subject whose agency is ``agency_now`` after ``moves``:
    the one left by the first transfer after ``day``, if any."""
    return next((left for on, left in moves if on > day), agency_now)


async def member_agency_on(connection: AsyncConnection, member_id: str, day: date) -> str | None:
    """The agency the member belonged to on ``day`` (transfers counted), None if no member."""
    moves = await moves_of(connection, [], [member_id])
    now = await member_agency(connection, member_id)
    return agency_on(now, moves.get(("member", member_id), []), day)


async def unit_agency_on(connection: AsyncConnection, unit_id: str, day: date) -> str | None:
    """The agency the unit belonged to on ``day`` (transfers counted), None if no unit."""
    moves = await moves_of(connection, [unit_id], [])
    return agency_on(await unit_agency(connection, unit_id), moves.get(("unit", unit_id), []), day)


async def member_agencies_ever(connection: AsyncConnection, member_id: str) -> set[str]:
    """Every agency the member belonged to: now, and before each transfer (none if there
    is no such member)."""
    now = await member_agency(connection, member_id)
    moves = (await moves_of(connection, [], [member_id])).get(("member", member_id), [])
    return {left for _, left in moves} | ({now} if now is not None else set())


async def moves_of(
    connection: AsyncConnection, unit_ids: Collection[str], member_ids: Collection[str]
) -> dict[tuple[str, str], Moves]:
    """The transfers of each of the units and members that has any, keyed as
    :func:`agencies_of` keys its answer."""
    found: dict[tuple[str, str], Moves] = {}
    for kind, table, key, ids in (
        ("unit", unit_transfers, unit_transfers.c.unit_id, unit_ids),
        ("member", member_transfers, member_transfers.c.member_id, member_ids),
    ):
        if ids:
            query = select(key, table.c.on, table.c.from_agency).where(key.in_(sorted(ids)))
            for subject, on, left in await connection.execute(query.order_by(table.c.version)):
                found.setdefault((kind, str(subject)), []).append((on, str(left)))
    return found


async def agencies_of(
    connection: AsyncConnection, unit_ids: Collection[str], member_ids: Collection[str]
) -> dict[tuple[str, str], str]:
    """The agency of each unit and member that exists, keyed ``("unit"|"member", id)``."""
    found: dict[tuple[str, str], str] = {}
    for kind, table, key, ids in (
        ("unit", units, units.c.unit_id, unit_ids),
        ("member", members, members.c.member_id, member_ids),
    ):
        if ids:
            query = select(key, table.c.agency).where(key.in_(sorted(ids)))
            found |= {(kind, str(i)): str(a) for i, a in await connection.execute(query)}
    return found


async def count_units(connection: AsyncConnection, agency: str) -> int:
    query = select(func.count()).select_from(units).where(units.c.agency == agency)
    return int(await connection.scalar(query) or 0)


async def count_members(connection: AsyncConnection, agency: str) -> int:
    """Every member of the agency. Erased members count: erasure removes personal data, not
    the membership (their awards and ratings still count too)."""
    query = select(func.count()).select_from(members).where(members.c.agency == agency)
    return int(await connection.scalar(query) or 0)


async def units_of_agency(
    connection: AsyncConnection, agency: str, unit_ids: Collection[str]
) -> set[str]:
    """Those of ``unit_ids`` that are units of ``agency``."""
    query = select(units.c.unit_id).where(units.c.agency == agency, units.c.unit_id.in_(unit_ids))
    return set((await connection.scalars(query)).all())


async def registered_agencies(connection: AsyncConnection, codes: Collection[str]) -> set[str]:
    """Those of ``codes`` that are registered agencies."""
    query = select(agencies.c.agency_code).where(agencies.c.agency_code.in_(codes))
    return set((await connection.scalars(query)).all())


async def list_units(
    connection: AsyncConnection, agency: str, parent_unit_id: str | None, limit: int, offset: int
) -> Page[UnitPublic]:
    condition: ColumnElement[bool] = units.c.agency == agency
    if parent_unit_id is not None:
        condition = and_(condition, units.c.parent_unit_id == parent_unit_id)
    total = await connection.scalar(select(func.count()).select_from(units).where(condition))
    query = select(units).where(condition).order_by(units.c.name, units.c.unit_id)
    rows = await connection.execute(query.limit(limit).offset(offset))
    items = [UnitPublic.model_validate(row._mapping) for row in rows]
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)


async def get_unit(connection: AsyncConnection, unit_id: str) -> UnitPublic | None:
    row = (await connection.execute(select(units).where(units.c.unit_id == unit_id))).first()
    return None if row is None else UnitPublic.model_validate(row._mapping)


async def unit_tree(connection: AsyncConnection, agency: str) -> AgencyTree | None:
    """The agency's units as a tree; None if the agency is neither registered nor has units."""
    name = await connection.scalar(select(agencies.c.name).where(agencies.c.agency_code == agency))
    query = select(units.c.unit_id, units.c.parent_unit_id, units.c.name)
    rows = (await connection.execute(query.where(units.c.agency == agency))).all()
    if name is None and not rows:
        return None
    children: dict[str | None, list[tuple[str, str]]] = {}
    for row in sorted(rows, key=lambda r: (r.name, r.unit_id)):
        children.setdefault(row.parent_unit_id, []).append((row.unit_id, row.name))

    def nodes(parent: str | None) -> list[UnitNode]:
        return [
            UnitNode(unit_id=unit_id, name=unit_name, children=nodes(unit_id))
            for unit_id, unit_name in children.get(parent, [])
        ]

    return AgencyTree(agency=agency, name=name, units=nodes(None))


def _members_with_profiles() -> Select[tuple[object, ...]]:
    return select(
        members,
        member_profiles.c.full_name,
        member_profiles.c.birth_year,
        member_profiles.c.gender,
        member_profiles.c.job_title,
    ).select_from(members.outerjoin(member_profiles))


async def list_members(
    connection: AsyncConnection, agency: str, unit_id: str | None, limit: int, offset: int
) -> Page[MemberPublic]:
    condition: ColumnElement[bool] = members.c.agency == agency
    if unit_id is not None:
        condition = and_(condition, members.c.unit_id == unit_id)
    total = await connection.scalar(select(func.count()).select_from(members).where(condition))
    query = _members_with_profiles().where(condition).order_by(members.c.member_id)
    rows = await connection.execute(query.limit(limit).offset(offset))
    found = [row._mapping for row in rows]
    items = await _with_transfers(connection, found)
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)


async def get_member(connection: AsyncConnection, member_id: str) -> MemberPublic | None:
    query = _members_with_profiles().where(members.c.member_id == member_id)
    row = (await connection.execute(query)).first()
    return None if row is None else (await _with_transfers(connection, [row._mapping]))[0]


async def _with_transfers(
    connection: AsyncConnection, rows: list[RowMapping]
) -> list[MemberPublic]:
    """The members of ``rows``, each with their transfers (one query for them all)."""
    ids = [row["member_id"] for row in rows]
    query = (
        select(member_transfers)
        .where(member_transfers.c.member_id.in_(ids))
        .order_by(member_transfers.c.member_id, member_transfers.c.version)
    )
    transfers: dict[str, list[MemberTransferPublic]] = {}
    for t in (await connection.execute(query)).mappings() if ids else []:
        transfers.setdefault(t["member_id"], []).append(MemberTransferPublic.model_validate(t))
    return [
        MemberPublic.model_validate(dict(row) | {"transfers": transfers.get(row["member_id"], [])})
        for row in rows
    ]


async def units_and_members_of(
    connection: AsyncConnection, agencies_: Collection[str]
) -> tuple[list[RowMapping], list[RowMapping]]:
    """The units (id, agency, parent) and the members (id, agency) of ``agencies_``, by id."""
    unit_rows = await connection.execute(
        select(units.c.unit_id, units.c.agency, units.c.parent_unit_id)
        .where(units.c.agency.in_(agencies_))
        .order_by(units.c.unit_id)
    )
    member_rows = await connection.execute(
        select(members.c.member_id, members.c.agency)
        .where(members.c.agency.in_(agencies_))
        .order_by(members.c.member_id)
    )
    return list(unit_rows.mappings()), list(member_rows.mappings())
