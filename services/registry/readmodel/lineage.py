"""Read model of agencies' lineage: continued, merged into, ceased; units and members
transferred to another agency (a merger transfers hundreds at once: bulk appliers).

A transferred unit or member belongs to the receiving agency (the event's envelope agency)
from then on: the agency's lists and the "whose is it" look-ups follow; the transfer rows keep
where it was before (:func:`.directory_queries.member_agency_on`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import String, bindparam, func, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel.appliers import Appliers, BulkAppliers
from services.registry.readmodel.directory_tables import (
    agencies,
    member_transfers,
    members,
    unit_transfers,
    units,
)
from shared.envelope import EventPayload
from shared.events import (
    AgencyCeased,
    AgencyContinued,
    AgencyMerged,
    MemberTransferred,
    UnitTransferred,
)
from shared.eventstore import RecordedEvent

Run = Sequence[tuple[RecordedEvent, EventPayload]]
_group = bindparam("b_group", type_=String)


async def _continued(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, AgencyContinued)
    values: dict[str, object] = {"province_code": p.province_code, "province_list": p.province_list}
    if p.name is not None:
        values["name"] = p.name
    await _set_agency(connection, event, **values)


async def _merged(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, AgencyMerged)
    await _set_agency(connection, event, predecessor_codes=list(p.predecessor_codes))


async def _ceased(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, AgencyCeased)
    await _set_agency(connection, event, ceased_on=p.ceased_on, successor_code=p.successor_code)


async def _set_agency(connection: AsyncConnection, event: RecordedEvent, **values: object) -> None:
    await connection.execute(
        update(agencies)
        .where(agencies.c.agency_code == event.agency)
        .values(**values, version=event.stream_version)
    )


async def _units_transferred(connection: AsyncConnection, run: Run) -> None:
    rows = []
    for event, p in run:
        assert isinstance(p, UnitTransferred)
        rows.append((event, p))
    moved = [
        {"b_unit": p.unit_id, "b_agency": e.agency, "b_parent": p.parent_unit_id}
        | {"b_version": e.stream_version}
        for e, p in rows
    ]
    await connection.execute(
        update(units)
        .where(units.c.unit_id == bindparam("b_unit"))
        .values(
            agency=bindparam("b_agency"),
            parent_unit_id=bindparam("b_parent"),
            version=bindparam("b_version"),
        ),
        moved,
    )
    history = [
        {"unit_id": p.unit_id, "version": e.stream_version, "from_agency": p.from_agency}
        | {"to_agency": e.agency, "on": p.on, "legal_basis": p.legal_basis}
        for e, p in rows
    ]
    await connection.execute(insert(unit_transfers), history)


async def _members_transferred(connection: AsyncConnection, run: Run) -> None:
    rows = []
    for event, p in run:
        assert isinstance(p, MemberTransferred)
        rows.append((event, p))
    moved = [
        {"b_member": p.member_id, "b_agency": e.agency, "b_unit": p.to_unit_id}
        | {"b_group": None if p.position_group is None else p.position_group.value}
        | {"b_version": e.stream_version}
        for e, p in rows
    ]
    await connection.execute(
        update(members)
        .where(members.c.member_id == bindparam("b_member"))
        .values(
            agency=bindparam("b_agency"),
            unit_id=bindparam("b_unit"),
            # The position group changes with some transfers only.
            position_group=func.coalesce(_group, members.c.position_group),
            version=bindparam("b_version"),
        ),
        moved,
    )
    history = [
        {"member_id": p.member_id, "version": e.stream_version, "from_agency": p.from_agency}
        | {"to_agency": e.agency, "from_unit_id": p.from_unit_id, "to_unit_id": p.to_unit_id}
        | {"on": p.on, "legal_basis": p.legal_basis}
        for e, p in rows
    ]
    await connection.execute(insert(member_transfers), history)


async def _unit_transferred(
    connection: AsyncConnection, event: RecordedEvent, p: EventPayload
) -> None:
    await _units_transferred(connection, [(event, p)])


async def _member_transferred(
    connection: AsyncConnection, event: RecordedEvent, p: EventPayload
) -> None:
    await _members_transferred(connection, [(event, p)])


APPLIERS: Appliers = {
    "AgencyContinued": _continued,
    "AgencyMerged": _merged,
    "AgencyCeased": _ceased,
    "UnitTransferred": _unit_transferred,
    "MemberTransferred": _member_transferred,
}

BULK_APPLIERS: BulkAppliers = {
    "UnitTransferred": _units_transferred,
    "MemberTransferred": _members_transferred,
}
