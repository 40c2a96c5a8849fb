"""Keeping ``agency_lifetimes`` from the registry's agency events (idempotent upserts: a
redelivered or replayed event writes the same row)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.envelope import EventPayload
from shared.events import AgencyCeased, AgencyContinued, AgencyRegistered

LIFETIME_EVENT_TYPES = frozenset({"AgencyRegistered", "AgencyContinued", "AgencyCeased"})


def _changes(agency: str, payload: EventPayload) -> dict[str, Any] | None:
    match payload:
        case AgencyRegistered(name=name):
            return {"name": name}
        case AgencyContinued(name=str() as name):
            return {"name": name}
        case AgencyCeased():
            return {
                "ceased_on": payload.ceased_on,
                "successor_code": payload.successor_code,
                "legal_basis": payload.legal_basis,
            }
    return None


async def apply_lifetimes(
    connection: AsyncConnection, table: Table, events: Iterable[tuple[str, EventPayload]]
) -> None:
    """Apply ``(agency, payload)`` pairs in order; payloads of other types change nothing."""
    for agency, payload in events:
        changes = _changes(agency, payload)
        if changes is None:
            continue
        statement = postgresql.insert(table).values(agency=agency, **changes)
        statement = statement.on_conflict_do_update(index_elements=["agency"], set_=changes)
        await connection.execute(statement)
