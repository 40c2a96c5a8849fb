"""Who is who: agencies (every agency any event names), members' position groups (their
present one and their history), and the size of each agency's directory (units and members
added, by year of business time).

Runs first in :class:`~services.reporting.projections.all.AllProjections`, so the awards
projection of the same batch already sees the members it adds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.deltas import Counters, Deltas
from services.reporting.projections.position_history import record_positions
from services.reporting.projections.tables import agencies, directory_counts, members
from services.reporting.projections.upsert import put_rows
from shared.events import AgencyRegistered, AnyEvent, MemberAdded, MemberMoved, UnitAdded
from shared.vietnam_time import business_date

DIRECTORY = Counters(directory_counts, "added")
_AGENCY_DETAILS = ("name", "kind", "province_code", "province_list")


_DIRECTORY_PAYLOADS = frozenset({AgencyRegistered, UnitAdded, MemberAdded, MemberMoved})


class DirectoryProjection:
    """Keeps ``agencies``, ``members``, ``member_positions`` and ``directory_counts``."""

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        agency_rows: dict[str, dict[str, Any]] = {}
        member_rows: dict[str, dict[str, Any]] = {}
        deltas = Deltas()
        for event in events:
            if event.agency not in agency_rows:
                agency_rows[event.agency] = _agency_seen(event.agency)
            payload = event.payload
            if type(payload) not in _DIRECTORY_PAYLOADS:
                continue
            if isinstance(payload, AgencyRegistered):
                agency_rows[payload.agency_code] = _agency_registered(payload)
            elif isinstance(payload, UnitAdded | MemberAdded):
                kind = "unit" if isinstance(payload, UnitAdded) else "member"
                deltas.add(DIRECTORY, (event.agency, business_date(event.occurred_at).year, kind))
            if isinstance(payload, MemberAdded | MemberMoved):
                row = _member_row(event.agency, payload)
                member_rows[payload.member_id] = _merged(member_rows.get(payload.member_id), row)
        await put_rows(
            connection, agencies, list(agency_rows.values()), keep_existing=_AGENCY_DETAILS
        )
        await put_rows(
            connection,
            members,
            list(member_rows.values()),
            keep_existing=("unit_id", "position_group"),
        )
        await record_positions(connection, events)
        await deltas.write(connection)


async def record_agencies(connection: AsyncConnection, codes: Iterable[str]) -> None:
    """Every agency of ``codes`` is known (with the details an ``AgencyRegistered`` gave)."""
    rows = [_agency_seen(code) for code in sorted(set(codes))]
    if rows:
        await put_rows(connection, agencies, rows, keep_existing=_AGENCY_DETAILS)


def _agency_seen(code: str) -> dict[str, Any]:
    return {"agency_code": code} | dict.fromkeys(_AGENCY_DETAILS)


def _agency_registered(payload: AgencyRegistered) -> dict[str, Any]:
    return {
        "agency_code": payload.agency_code,
        "name": payload.name,
        "kind": payload.kind.value,
        "province_code": payload.province_code,
        "province_list": payload.province_list,
    }


def _member_row(agency: str, payload: MemberAdded | MemberMoved) -> dict[str, Any]:
    unit = payload.unit_id if isinstance(payload, MemberAdded) else payload.to_unit_id
    group = payload.position_group.value if payload.position_group else None
    return {
        "member_id": payload.member_id,
        "agency": agency,
        "unit_id": unit,
        "position_group": group,
    }


def _merged(earlier: dict[str, Any] | None, later: dict[str, Any]) -> dict[str, Any]:
    """``later``, with the values it leaves out (None) taken from ``earlier``."""
    if earlier is None:
        return later
    return {name: earlier[name] if value is None else value for name, value in later.items()}
