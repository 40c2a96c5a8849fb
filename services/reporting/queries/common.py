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


async def find_agency(connection: AsyncConnection, code: str) -> AgencyInfo | None:
    """The agency ``code`` if any event named it, else None."""
    query = select(agencies).where(agencies.c.agency_code == code)
    row = (await connection.execute(query)).mappings().first()
    return agency_info(row) if row else None


async def all_agencies(connection: AsyncConnection) -> list[AgencyInfo]:
    """Every agency any event named, by code."""
    rows = (await connection.execute(select(agencies).order_by(agencies.c.agency_code))).mappings()
    return [agency_info(row) for row in rows]
