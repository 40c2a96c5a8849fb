"""Events of the 2025 reorganisation as the registry writes them, for the reporting tests:
each in the stream it belongs to (``agency-<code>``, ``member-<id>``, ``unit-<id>``) and in
the name of the agency the registry writes it for."""

from __future__ import annotations

from datetime import date, timedelta

from shared.envelope import EventEnvelope, EventPayload
from shared.events import (
    AgencyCeased,
    AgencyContinued,
    AgencyMerged,
    AgencyRegistered,
    MemberAdded,
    MemberTransferred,
    UnitAdded,
    UnitTransferred,
)
from tests.harness.reporting_events import envelope

MERGED_ON = date(2025, 7, 1)
BASIS = "Nghị quyết 202/2025/QH15"


def in_stream(
    payload: EventPayload, agency: str, day: date, stream_id: str, version: int
) -> EventEnvelope:
    """``payload`` as event ``version`` of ``stream_id``, recorded by ``agency`` on ``day``."""
    return envelope(payload, agency=agency, day=day).model_copy(
        update={"stream_id": stream_id, "stream_version": version}
    )


def registered(
    code: str, name: str, province: str, province_list: str = "63", on: date | None = None
) -> EventEnvelope:
    payload = AgencyRegistered(
        agency_code=code,
        name=name,
        kind="provincial_department",
        province_code=province,
        province_list=province_list,
        established_on=on,
    )
    return in_stream(payload, code, on or date(2015, 1, 1), f"agency-{code}", 1)


def continued(code: str, province: str, version: int = 2) -> EventEnvelope:
    """The department carries on under its province on the 34 list from 2025-07-01."""
    payload = AgencyContinued(
        on=MERGED_ON, province_code=province, province_list="34", legal_basis=BASIS
    )
    return in_stream(payload, code, MERGED_ON, f"agency-{code}", version)


def merger(successor: str, predecessors: list[str]) -> list[list[EventEnvelope]]:
    """The successor's ``AgencyMerged`` (after its registration, version 2) and each
    predecessor's ``AgencyCeased`` (version 2 of its stream): one stream each."""
    merged = AgencyMerged(on=MERGED_ON, predecessor_codes=predecessors, legal_basis=BASIS)
    last_day = MERGED_ON - timedelta(days=1)
    streams = [[in_stream(merged, successor, MERGED_ON, f"agency-{successor}", 2)]]
    for code in predecessors:
        ceased = AgencyCeased(ceased_on=last_day, successor_code=successor, legal_basis=BASIS)
        streams.append([in_stream(ceased, code, MERGED_ON, f"agency-{code}", 2)])
    return streams


def member_added(member_id: str, agency: str, unit: str, group: str, year: int) -> EventEnvelope:
    payload = MemberAdded(member_id=member_id, unit_id=unit, position_group=group)
    return in_stream(payload, agency, date(year, 1, 2), f"member-{member_id}", 1)


def member_transferred(
    member_id: str,
    from_agency: str,
    to_agency: str,
    *,
    unit: str,
    on: date = MERGED_ON,
    version: int = 2,
    group: str | None = None,
    to_unit: str | None = None,
) -> EventEnvelope:
    payload = MemberTransferred(
        member_id=member_id,
        from_agency=from_agency,
        from_unit_id=unit,
        to_unit_id=to_unit or unit,
        on=on,
        position_group=group,
        legal_basis=BASIS,
    )
    return in_stream(payload, to_agency, on, f"member-{member_id}", version)


def unit_added(unit_id: str, agency: str, year: int) -> EventEnvelope:
    payload = UnitAdded(unit_id=unit_id, name=f"Phòng {unit_id}")
    return in_stream(payload, agency, date(year, 1, 2), f"unit-{unit_id}", 1)


def unit_transferred(
    unit_id: str, from_agency: str, to_agency: str, on: date = MERGED_ON, version: int = 2
) -> EventEnvelope:
    payload = UnitTransferred(unit_id=unit_id, from_agency=from_agency, on=on, legal_basis=BASIS)
    return in_stream(payload, to_agency, on, f"unit-{unit_id}", version)
