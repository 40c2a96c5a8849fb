"""Reads of the registrations read model: lists, one registration, coverage, lookups."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel.directory_queries import count_members, count_units
from services.registry.readmodel.registration_views import (
    AwardCodeCount,
    CoverageShare,
    RegistrationCoverage,
    RegistrationPublic,
)
from services.registry.readmodel.registrations import (
    campaign_key,
    registration_award_codes,
    registrations,
)
from shared.database.rows_by_key import rows_matching
from shared.http.pagination import Page
from shared.reference.awards import AWARDS

#: Registrations that count as "registered": a returned one counts again once resubmitted.
COUNTED_STATUSES = ("submitted", "approved")


@dataclass(frozen=True)
class RegistrationFilter:
    """Which registrations a list or the coverage covers."""

    agency: str
    year: int | None = None
    campaign_id: str | None = None
    status: str | None = None
    registrant_kind: str | None = None

    def condition(self) -> ColumnElement[bool]:
        columns = registrations.c
        clauses = [columns.agency == self.agency]
        if self.year is not None:
            clauses.append(columns.year == self.year)
        if self.campaign_id is not None:
            clauses.append(columns.campaign_key == campaign_key(self.campaign_id))
        if self.status is not None:
            clauses.append(columns.status == self.status)
        if self.registrant_kind is not None:
            clauses.append(columns.registrant_kind == self.registrant_kind)
        return and_(*clauses)


async def list_registrations(
    connection: AsyncConnection, where: RegistrationFilter, limit: int, offset: int
) -> Page[RegistrationPublic]:
    condition = where.condition()
    total = await connection.scalar(
        select(func.count()).select_from(registrations).where(condition)
    )
    rows = await connection.execute(
        select(registrations)
        .where(condition)
        .order_by(registrations.c.year, registrations.c.registrant_id, registrations.c.campaign_key)
        .limit(limit)
        .offset(offset)
    )
    found = [dict(row._mapping) for row in rows]
    codes = await _codes_of(connection, [row["registration_id"] for row in found])
    items = [_public(row, codes.get(row["registration_id"], [])) for row in found]
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)


async def get_registration(
    connection: AsyncConnection, registration_id: str
) -> RegistrationPublic | None:
    query = select(registrations).where(registrations.c.registration_id == registration_id)
    row = (await connection.execute(query)).first()
    if row is None:
        return None
    codes = await _codes_of(connection, [registration_id])
    return _public(dict(row._mapping), codes.get(registration_id, []))


def _public(row: dict[str, object], codes: list[str]) -> RegistrationPublic:
    return RegistrationPublic.model_validate({**row, "award_codes": codes})


async def _codes_of(connection: AsyncConnection, ids: list[str]) -> dict[str, list[str]]:
    if not ids:
        return {}
    table = registration_award_codes
    rows = await connection.execute(select(table).where(table.c.registration_id.in_(ids)))
    order = {code: position for position, code in enumerate(AWARDS)}
    codes: dict[str, list[str]] = {}
    for row in rows:
        codes.setdefault(row.registration_id, []).append(row.award_code)
    return {
        key: sorted(value, key=lambda code: order.get(code, len(order)))
        for key, value in codes.items()
    }


RegistrantYear = tuple[str, str, int, str | None]
"""A registrant's kind and id, a year and a campaign (None: the yearly titles)."""


async def find_registrations(
    connection: AsyncConnection, keys: Collection[RegistrantYear]
) -> dict[RegistrantYear, tuple[str, str]]:
    """Id and status of the registration of each of ``keys`` that has one (one query, the
    keys as one parameter: an import's 200 keys as a tuple ``IN`` were 800 parameters, planned
    anew at each of a connection's first five calls)."""
    wanted = {
        (kind, id_, year, campaign_key(campaign)): (kind, id_, year, campaign)
        for kind, id_, year, campaign in keys
    }
    rows = await rows_matching(connection, registrations, _KEY_COLUMNS, wanted)
    return {
        wanted[(row.registrant_kind, row.registrant_id, row.year, row.campaign_key)]: (
            str(row.registration_id),
            str(row.status),
        )
        for row in rows
    }


_KEY_COLUMNS = ("registrant_kind", "registrant_id", "year", "campaign_key")


async def coverage(
    connection: AsyncConnection, agency: str, year: int, campaign_id: str | None
) -> RegistrationCoverage:
    """Share of the agency's units and members registered for the year (see COUNTED_STATUSES)."""
    where = RegistrationFilter(agency=agency, year=year, campaign_id=campaign_id)
    units = await _share(connection, where, "unit", await count_units(connection, agency))
    members = await _share(connection, where, "member", await count_members(connection, agency))
    return RegistrationCoverage(
        agency=agency,
        year=year,
        campaign_id=campaign_id,
        units=units,
        members=members,
        award_codes=await _award_code_counts(connection, where),
    )


async def _share(
    connection: AsyncConnection, where: RegistrationFilter, kind: str, total: int
) -> CoverageShare:
    condition = and_(where.condition(), registrations.c.registrant_kind == kind)
    registered = await _distinct_registrants(connection, condition, COUNTED_STATUSES)
    approved = await _distinct_registrants(connection, condition, ("approved",))
    return CoverageShare(
        registered=registered,
        approved=approved,
        total=total,
        share_percent=percent(registered, total),
    )


async def _distinct_registrants(
    connection: AsyncConnection, condition: ColumnElement[bool], statuses: tuple[str, ...]
) -> int:
    query = select(func.count(registrations.c.registrant_id.distinct())).where(
        condition, registrations.c.status.in_(statuses)
    )
    return int(await connection.scalar(query) or 0)


async def _award_code_counts(
    connection: AsyncConnection, where: RegistrationFilter
) -> list[AwardCodeCount]:
    code = registration_award_codes.c.award_code
    count = func.count().label("registrations")
    query = (
        select(code, count)
        .select_from(
            registration_award_codes.join(
                registrations,
                registrations.c.registration_id == registration_award_codes.c.registration_id,
            )
        )
        .where(where.condition(), registrations.c.status.in_(COUNTED_STATUSES))
        .group_by(code)
        .order_by(count.desc(), code)
    )
    rows = await connection.execute(query)
    return [
        AwardCodeCount(
            award_code=row.award_code,
            name_vi=AWARDS[row.award_code].name_vi,
            registrations=row.registrations,
        )
        for row in rows
    ]


def percent(part: int, whole: int) -> float | None:
    """``part / whole`` in percent with one decimal, rounded half up; None when ``whole`` is 0."""
    if whole == 0:
        return None
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return float(share)
