"""Read model of the directory: appliers for agencies, units and members, and agency reads.

Personal details (``member_profiles``) are written by the member commands beside the events,
never from them. Erasure is the exception that runs here: the ``MemberErased`` applier deletes
the profile row, so replaying the events over a restored backup erases the data again.
"""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    RowMapping,
    and_,
    delete,
    func,
    insert,
    select,
    true,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel.appliers import Appliers
from services.registry.readmodel.directory_tables import agencies, member_profiles, members, units
from services.registry.readmodel.directory_views import AgencyPublic
from services.registry.readmodel.ratings import erase_member_hold_notes
from shared.envelope import EventPayload
from shared.events import (
    AgencyRegistered,
    MemberAdded,
    MemberErased,
    MemberMoved,
    UnitAdded,
    UnitRenamed,
)
from shared.eventstore import RecordedEvent
from shared.http.pagination import Page
from shared.reference.provinces import current_code_of, get_province


async def _agency_registered(
    connection: AsyncConnection, event: RecordedEvent, p: EventPayload
) -> None:
    assert isinstance(p, AgencyRegistered)
    await connection.execute(
        insert(agencies).values(
            agency_code=p.agency_code,
            name=p.name,
            kind=p.kind.value,
            province_code=p.province_code,
            province_list=p.province_list,
            established_on=p.established_on,
            predecessor_codes=[],
            version=event.stream_version,
        )
    )


async def _unit_added(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, UnitAdded)
    await connection.execute(
        insert(units).values(
            unit_id=p.unit_id,
            agency=event.agency,
            parent_unit_id=p.parent_unit_id,
            name=p.name,
            version=event.stream_version,
        )
    )


async def _unit_renamed(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, UnitRenamed)
    await connection.execute(
        update(units)
        .where(units.c.unit_id == p.unit_id)
        .values(name=p.name, version=event.stream_version)
    )


async def _member_added(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, MemberAdded)
    await connection.execute(
        insert(members).values(
            member_id=p.member_id,
            agency=event.agency,
            unit_id=p.unit_id,
            position_group=p.position_group.value,
            erased=False,
            version=event.stream_version,
        )
    )


async def _member_moved(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, MemberMoved)
    values: dict[str, object] = {"unit_id": p.to_unit_id, "version": event.stream_version}
    if p.position_group is not None:
        values["position_group"] = p.position_group.value
    await connection.execute(
        update(members).where(members.c.member_id == p.member_id).values(**values)
    )


async def _member_erased(
    connection: AsyncConnection, event: RecordedEvent, p: EventPayload
) -> None:
    assert isinstance(p, MemberErased)
    await connection.execute(
        delete(member_profiles).where(member_profiles.c.member_id == p.member_id)
    )
    await erase_member_hold_notes(connection, p.member_id)
    await connection.execute(
        update(members)
        .where(members.c.member_id == p.member_id)
        .values(erased=True, version=event.stream_version)
    )


APPLIERS: Appliers = {
    "AgencyRegistered": _agency_registered,
    "UnitAdded": _unit_added,
    "UnitRenamed": _unit_renamed,
    "MemberAdded": _member_added,
    "MemberMoved": _member_moved,
    "MemberErased": _member_erased,
}


async def list_agencies(
    connection: AsyncConnection,
    kind: str | None,
    province_list: str | None,
    limit: int,
    offset: int,
) -> Page[AgencyPublic]:
    condition: ColumnElement[bool] = true()
    if kind is not None:
        condition = and_(condition, agencies.c.kind == kind)
    if province_list is not None:
        condition = and_(condition, agencies.c.province_list == province_list)
    total = await connection.scalar(select(func.count()).select_from(agencies).where(condition))
    rows = await connection.execute(
        select(agencies)
        .where(condition)
        .order_by(agencies.c.agency_code)
        .limit(limit)
        .offset(offset)
    )
    items = [_agency_public(row._mapping) for row in rows]
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)


async def get_agency(connection: AsyncConnection, agency_code: str) -> AgencyPublic | None:
    query = select(agencies).where(agencies.c.agency_code == agency_code)
    row = (await connection.execute(query)).first()
    return None if row is None else _agency_public(row._mapping)


def _agency_public(row: RowMapping) -> AgencyPublic:
    names = _province_names(row["province_code"], row["province_list"])
    return AgencyPublic.model_validate(dict(row) | names)


def _province_names(code: str | None, list_: str | None) -> dict[str, str | None]:
    """The province's name on its list, and its code and name on today's 34-province list."""
    if code is None:
        return {"province_name": None, "current_province_code": None, "current_province_name": None}
    if list_ == "63":
        current = current_code_of(code)
        return {
            "province_name": get_province(code, "63").name,
            "current_province_code": current,
            "current_province_name": get_province(current, "34").name,
        }
    name = get_province(code, "34").name
    return {"province_name": name, "current_province_code": code, "current_province_name": name}
