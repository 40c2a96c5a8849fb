"""What every query shares: the year range, the agencies table, award names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, String, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.tables import agencies
from services.reporting.queries.lineage import by_code, lineage_codes, linked
from services.reporting.queries.models import AgencyInfo
from shared.reference.awards import AWARDS
from shared.reference.provinces import UnknownProvinceCode, current_code_of


@dataclass(frozen=True)
class AgencyScope:
    """Whose history an answer about ``agency`` counts: the agency alone, or with the
    agencies it continues (``predecessors``, transitively, by code)."""

    agency: AgencyInfo
    predecessors: tuple[AgencyInfo, ...] = ()
    include_predecessors: bool = False

    @property
    def codes(self) -> tuple[str, ...]:
        """The agencies counted, the agency first."""
        if not self.include_predecessors:
            return (self.agency.agency_code,)
        return (self.agency.agency_code, *(a.agency_code for a in self.predecessors))


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
    if row["continued_province_code"] is not None:
        code, list_ = row["continued_province_code"], row["continued_province_list"]
    registered_63 = row["province_code"] if row["province_list"] == "63" else None
    return AgencyInfo(
        agency_code=row["agency_code"],
        name=row["name"],
        kind=row["kind"],
        province_code=code,
        province_list=list_,
        province_code_63=registered_63,
        province_code_34=_today(code, list_),
        established_on=row["established_on"] or row["merged_on"],
        continued_on=row["continued_on"],
        ceased_on=row["ceased_on"],
        successor_code=row["successor_code"],
        predecessor_codes=(row["predecessor_codes"] or "").split(),
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
    """The agency ``code`` if it is registered, else None; linked to its predecessors and
    successor from either side (its row and the rows that name it: one indexed read and a
    scan of a few hundred rows at most)."""
    query = rows_naming(literal(code, String))
    return registered_among(list((await connection.execute(query)).mappings()), code)


def registered_among(rows: Sequence[Mapping[Any, Any]], code: str) -> AgencyInfo | None:
    """The agency ``code`` if it is registered, from the ``agencies`` rows that name it (its
    own and its predecessors' and successor's, each with ``registered``), linked to them."""
    infos = linked([agency_info(row) for row in rows])
    found = [info for info, row in zip(infos, rows, strict=True) if row["registered"]]
    return next((info for info in found if info.agency_code == code), None)


def rows_naming(code: ColumnElement[str]) -> Select[Any]:
    """The ``agencies`` rows :func:`registered_among` reads for the agency ``code`` (a bind
    parameter: the statement is built once), each with ``registered``."""
    t = agencies
    listed = func.strpos(func.concat(" ", t.c.predecessor_codes, " "), func.concat(" ", code, " "))
    names_it = or_(t.c.agency_code == code, t.c.successor_code == code, listed > 0)
    return select(t, _REGISTERED.label("registered")).where(names_it)


async def all_agencies(connection: AsyncConnection) -> list[AgencyInfo]:
    """Every registered agency, by code, linked to its predecessors and successor
    (:func:`~services.reporting.queries.lineage.linked`; a few hundred rows at most)."""
    query = select(agencies, _REGISTERED.label("registered")).order_by(agencies.c.agency_code)
    rows = list((await connection.execute(query)).mappings())
    infos = linked([agency_info(row) for row in rows])
    return [info for info, row in zip(infos, rows, strict=True) if row["registered"]]


async def agency_scope(
    connection: AsyncConnection, agency: AgencyInfo, include_predecessors: bool
) -> AgencyScope:
    """The scope of an answer about ``agency`` (see :class:`AgencyScope`)."""
    if not agency.predecessor_codes:
        return AgencyScope(agency, (), include_predecessors)
    known = by_code(await all_agencies(connection))
    codes = lineage_codes(agency.agency_code, known)[1:]
    predecessors = tuple(known[code] for code in codes if code in known)
    return AgencyScope(agency, predecessors, include_predecessors)


async def unregistered_agencies(connection: AsyncConnection) -> list[str]:
    """The codes of the agencies that events name but no ``AgencyRegistered`` registered."""
    query = select(agencies.c.agency_code).where(agencies.c.name.is_(None))
    return list((await connection.execute(query.order_by(agencies.c.agency_code))).scalars())
