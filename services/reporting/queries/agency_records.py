"""One agency's campaigns, registrations, initiatives and proposals over a range of years."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.proposals import PENDING
from services.reporting.projections.tables import (
    campaign_counts,
    initiative_counts,
    proposal_counts,
    proposal_nominee_counts,
    registrants_by_year,
    registration_counts,
)
from services.reporting.queries.common import YearRange, award_name
from services.reporting.queries.directory_sizes import directory_sizes
from services.reporting.queries.models import (
    CampaignSummary,
    InitiativeSummary,
    InitiativeYear,
    PendingAge,
    ProposalSummary,
    RegistrationYear,
    TitleRegistrations,
    YearCount,
)

_AGE_BUCKETS = ((30, "0_30"), (90, "31_90"), (180, "91_180"), (365, "181_365"))


async def agency_campaigns(
    connection: AsyncConnection, codes: Sequence[str], years: YearRange
) -> CampaignSummary:
    t = campaign_counts
    query = select(t).where(t.c.agency.in_(codes), t.c.year.between(years.year_from, years.year_to))
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    by_year: Counter[int] = Counter()
    for row in (await connection.execute(query)).mappings():
        by_year[row["year"]] += row["campaigns"]
        for dimension in ("launching_level", "scope", "form", "duration"):
            counts[dimension][row[dimension]] += row["campaigns"]
    return CampaignSummary(
        total=sum(by_year.values()),
        by_year=[YearCount(year=y, count=n) for y, n in sorted(by_year.items()) if n],
        by_launching_level=dict(counts["launching_level"]),
        by_scope=dict(counts["scope"]),
        by_form=dict(counts["form"]),
        by_duration=dict(counts["duration"]),
    )


async def agency_registrations(
    connection: AsyncConnection, codes: Sequence[str], years: YearRange, ceased_on: date | None
) -> list[RegistrationYear]:
    """Registration per year, and its coverage of the directory of ``codes`` (together) as
    it stood at the end of the year, or on the last day of an agency that ceased
    (``ceased_on``: the agency whose statistics these are)."""
    directory = await directory_sizes(connection, codes, years, ceased_on)
    t = registration_counts
    query = (
        select(t.c.year, t.c.status, func.sum(t.c.registrations))
        .where(t.c.agency.in_(codes), t.c.year.between(years.year_from, years.year_to))
        .group_by(t.c.year, t.c.status)
    )
    statuses: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for year, status, count in (await connection.execute(query)).all():
        if count:
            statuses[year][status] = int(count)
    registrants, titles = await _registrants(connection, codes, years)
    return [
        _registration_year(year, directory[year], statuses[year], registrants, titles)
        for year in years.years
    ]


async def _registrants(
    connection: AsyncConnection, codes: Sequence[str], years: YearRange
) -> tuple[Counter[tuple[int, str]], Counter[tuple[int, str, str]]]:
    """Distinct live registrants by (year, kind), and by (year, title, kind), of ``codes``
    together."""
    t = registrants_by_year
    query = select(t.c.year, t.c.registrant_kind, t.c.registrant_id, t.c.award_code).where(
        t.c.agency.in_(codes),
        t.c.year.between(years.year_from, years.year_to),
        t.c.registrations > 0,
    )
    # The same registrant may have registered with a predecessor and with its successor.
    rows = {tuple(row) for row in (await connection.execute(query)).all()}
    registrants = Counter((year, kind) for year, kind, _ in {(r[0], r[1], r[2]) for r in rows})
    titles = Counter((year, code, kind) for year, kind, _, code in rows)
    return registrants, titles


def _registration_year(
    year: int,
    directory: Counter[str],
    statuses: dict[str, int],
    registrants: Counter[tuple[int, str]],
    titles: Counter[tuple[int, str, str]],
) -> RegistrationYear:
    units, members = registrants[year, "unit"], registrants[year, "member"]
    codes = sorted({code for (y, code, _) in titles if y == year})
    return RegistrationYear(
        year=year,
        units_in_directory=directory["unit"],
        members_in_directory=directory["member"],
        registered_units=units,
        registered_members=members,
        unit_coverage=_share(units, directory["unit"]),
        member_coverage=_share(members, directory["member"]),
        by_status=statuses,
        by_title=[
            TitleRegistrations(
                award_code=code,
                name_vi=award_name(code),
                units=titles[year, code, "unit"],
                members=titles[year, code, "member"],
            )
            for code in codes
        ],
    )


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


async def agency_initiatives(
    connection: AsyncConnection, codes: Sequence[str], years: YearRange
) -> InitiativeSummary:
    t = initiative_counts
    query = select(t).where(t.c.agency.in_(codes), t.c.year.between(years.year_from, years.year_to))
    by_year: defaultdict[int, Counter[str]] = defaultdict(Counter)
    levels: Counter[str] = Counter()
    for row in (await connection.execute(query)).mappings():
        by_year[row["year"]][row["stage"]] += row["initiatives"]
        if row["stage"] == "recognised":
            levels[row["level"]] += row["initiatives"]
    return InitiativeSummary(
        registered=sum(c["registered"] for c in by_year.values()),
        recognised=sum(levels.values()),
        recognised_by_level={level: n for level, n in levels.items() if n},
        by_year=[
            InitiativeYear(year=y, registered=c["registered"], recognised=c["recognised"])
            for y, c in sorted(by_year.items())
        ],
    )


async def agency_proposals(
    connection: AsyncConnection, codes: Sequence[str], years: YearRange, as_of: date
) -> ProposalSummary:
    t = proposal_counts
    first, last = date(years.year_from, 1, 1), date(years.year_to, 12, 31)
    query = select(t.c.submitted_on, t.c.state, t.c.proposals).where(
        t.c.agency.in_(codes), t.c.submitted_on.between(first, last), t.c.proposals > 0
    )
    rows = (await connection.execute(query)).all()
    states = Counter[str]()
    for _, state, count in rows:
        states[state] += count
    pending_days = [((as_of - day).days, n) for day, state, n in rows if state in PENDING]
    return ProposalSummary(
        submitted=sum(states.values()),
        open=states["open"],
        forwarded=states["forwarded"],
        returned=states["returned"],
        decided=states["decided"],
        pending=sum(n for _, n in pending_days),
        pending_nominees=await _pending_nominees(connection, codes, first, last),
        age=_age(as_of, pending_days),
    )


async def _pending_nominees(
    connection: AsyncConnection, codes: Sequence[str], first: date, last: date
) -> dict[str, int]:
    t = proposal_nominee_counts
    query = (
        select(t.c.nominee_kind, func.sum(t.c.nominees))
        .where(t.c.agency.in_(codes), t.c.submitted_on.between(first, last), t.c.state.in_(PENDING))
        .group_by(t.c.nominee_kind)
    )
    return {kind: int(n) for kind, n in (await connection.execute(query)).all() if n}


def _age(as_of: date, pending_days: list[tuple[int, int]]) -> PendingAge:
    buckets: Counter[str] = Counter()
    for days, count in pending_days:
        label = next((name for limit, name in _AGE_BUCKETS if days <= limit), "over_365")
        buckets[label] += count
    total = sum(count for _, count in pending_days)
    return PendingAge(
        as_of=as_of,
        oldest_days=max((days for days, _ in pending_days), default=None),
        mean_days=round(sum(d * n for d, n in pending_days) / total, 1) if total else None,
        by_age=dict(buckets),
    )
