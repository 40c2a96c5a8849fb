"""What every query shares: the year range, the agencies table, award names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.tables import agencies
from services.reporting.queries.models import AgencyInfo
from shared.reference.awards import AWARDS
from shared.reference.provinces import UnknownProvinceCode, current_code_of


@dataclass(frozen=True)
class YearRange:
    """An inclusive range of years (already validated by the API)."""

    year_from: int
    year_to: int

    @property
    def years(self) -> range:
        return range(self.year_from, self.year_to + 1)


def award_name(code: str) -> str | None:
    """The Vietnamese name of ``code``, or None for codes the catalogue does not know."""
    award = AWARDS.get(code)
    return award.name_vi if award else None


def agency_info(row: Mapping[Any, Any]) -> AgencyInfo:
    code, list_ = row["province_code"], row["province_list"]
    return AgencyInfo(
        agency_code=row["agency_code"],
        name=row["name"],
        kind=row["kind"],
        province_code=code,
        province_list=list_,
        province_code_34=_today(code, list_),
    )


def _today(code: str | None, list_: str | None) -> str | None:
    if code is None or list_ is None:
        return None
    if list_ == "34":
        return code
    try:
        return current_code_of(code)
    except UnknownProvinceCode:
        return None


_REGISTERED = agencies.c.name.is_not(None)
"""An agency is known once its ``AgencyRegistered`` arrived (which alone gives its name).

Events of an agency never registered are projected like any other (so that a registration
arriving after them, from the other topic or later in a rebuild, makes them count at once,
whatever the order), but no answer shows them: their agency is unknown (404), and the
national view, built from the known agencies, leaves them out. The metric
``tdkt_reporting_unregistered_agencies`` names such agencies
(:func:`unregistered_agencies`).
"""


async def find_agency(connection: AsyncConnection, code: str) -> AgencyInfo | None:
    """The agency ``code`` if it is registered, else None."""
    query = select(agencies).where(agencies.c.agency_code == code, _REGISTERED)
    row = (await connection.execute(query)).mappings().first()
    return agency_info(row) if row else None


async def all_agencies(connection: AsyncConnection) -> list[AgencyInfo]:
    """Every registered agency, by code."""
    query = select(agencies).where(_REGISTERED).order_by(agencies.c.agency_code)
    rows = (await connection.execute(query)).mappings()
    return [agency_info(row) for row in rows]


async def unregistered_agencies(connection: AsyncConnection) -> list[str]:
    """The codes of the agencies that events name but no ``AgencyRegistered`` registered."""
    query = select(agencies.c.agency_code).where(agencies.c.name.is_(None))
    return list((await connection.execute(query.order_by(agencies.c.agency_code))).scalars())
