"""The lineage of an agency's successors, from the registry's read model of agencies
(``successor_code``/``ceased_on`` kept from ``AgencyCeased``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.domain.succession import MAX_SUCCESSIONS, Succession
from services.registry.readmodel.directory_tables import agencies


async def successors_lineage(connection: AsyncConnection, agency: str) -> list[Succession]:
    """``agency`` then each agency that continued the one before (one row per step: a
    lineage is one or two mergers long). Empty if ``agency`` is not registered."""
    t = agencies
    lineage: list[Succession] = []
    code: str | None = agency
    while code is not None and len(lineage) < MAX_SUCCESSIONS:
        query = select(t.c.name, t.c.ceased_on, t.c.successor_code).where(t.c.agency_code == code)
        row = (await connection.execute(query)).first()
        if row is None or any(step.agency == code for step in lineage):
            break
        lineage.append(Succession(code, row.name, row.ceased_on, row.successor_code))
        code = row.successor_code
    return lineage
