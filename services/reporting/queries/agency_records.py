"""One agency's campaigns, registrations, initiatives and proposals over a range of years.

Each answer is a set of queries over the parameters of
:mod:`~services.reporting.queries.together` (``*_queries``) and a function that folds their
rows (``*_from``), so that :func:`~services.reporting.queries.agency_stats.agency_period_stats`
can read every part in one statement; the ``agency_*`` functions read one part alone the
same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from functools import cache

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
from services.reporting.queries.directory_sizes import DIRECTORY_QUERIES, directory_sizes_from
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
from services.reporting.queries.together import (
    CODES,
    FIRST_DAY,
    LAST_DAY,
    YEAR_FROM,
    YEAR_TO,
    range_parameters,
)
from shared.database.together import Query, Rows, Together, json_date

_AGE_BUCKETS = ((30, "0_30"), (90, "31_90"), (180, "91_180"), (365, "181_365"))
_CAMPAIGN_DIMENSIONS = ("launching_level", "scope", "form", "duration")

Queries = dict[str, Query]


def _campaign_queries() -> Queries:
    t = campaign_counts
    dimensions = [t.c[name] for name in _CAMPAIGN_DIMENSIONS]
    query = select(t.c.year, *dimensions, t.c.campaigns).where(
        t.c.agency.in_(CODES), t.c.year.between(YEAR_FROM, YEAR_TO)
    )
    return {"campaigns": query}


CAMPAIGN_QUERIES = _campaign_queries()


def campaigns_from(parts: dict[str, Rows]) -> CampaignSummary:
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    by_year: Counter[int] = Counter()
    for year, *values, campaigns in parts["campaigns"]:
        by_year[year] += campaigns
        for dimension, value in zip(_CAMPAIGN_DIMENSIONS, values, strict=True):
            counts[dimension][value] += campaigns
    return CampaignSummary(
        total=sum(by_year.values()),
        by_year=[YearCount(year=y, count=n) for y, n in sorted(by_year.items()) if n],
        by_launching_level=dict(counts["launching_level"]),
        by_scope=dict(counts["scope"]),
        by_form=dict(counts["form"]),
        by_duration=dict(counts["duration"]),
    )


async def agency_campaigns(
    connection: AsyncConnection, codes: Sequence[str], years: YearRange
) -> CampaignSummary:
    parts = await _alone("campaigns").read(connection, range_parameters(codes, years))
    return campaigns_from(parts)


def _registration_queries() -> Queries:
    """Registrations by year and status, the distinct live registrants by (year, kind) and
    by (year, title, kind) (the same registrant may have registered with a predecessor and
    with its successor: counted once), and the directory's sizes."""
    t = registration_counts
    in_range = (t.c.agency.in_(CODES), t.c.year.between(YEAR_FROM, YEAR_TO))
    statuses = (
        select(t.c.year, t.c.status, func.sum(t.c.registrations))
        .where(*in_range)
        .group_by(t.c.year, t.c.status)
    )
    r = registrants_by_year
    live = (r.c.agency.in_(CODES), r.c.year.between(YEAR_FROM, YEAR_TO), r.c.registrations > 0)
    distinct = func.count(func.distinct(r.c.registrant_id))
    by_kind = (r.c.year, r.c.registrant_kind)
    by_title = (r.c.year, r.c.award_code, r.c.registrant_kind)
    return {
        **DIRECTORY_QUERIES,
        "registration_statuses": statuses,
        "registrants": select(*by_kind, distinct).where(*live).group_by(*by_kind),
        "registrant_titles": select(*by_title, distinct).where(*live).group_by(*by_title),
    }


REGISTRATION_QUERIES = _registration_queries()


def registrations_from(
    parts: dict[str, Rows], years: YearRange, ceased_on: date | None
) -> list[RegistrationYear]:
    directory = directory_sizes_from(parts, years, ceased_on)
    statuses: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for year, status, count in parts["registration_statuses"]:
        if count:
            statuses[year][status] = count
    registrants = Counter({(year, kind): n for year, kind, n in parts["registrants"]})
    titles = Counter({(year, code, kind): n for year, code, kind, n in parts["registrant_titles"]})
    return [
        _registration_year(year, directory[year], statuses[year], registrants, titles)
        for year in years.years
    ]


async def agency_registrations(
    connection: AsyncConnection, codes: Sequence[str], years: YearRange, ceased_on: date | None
) -> list[RegistrationYear]:
    """Registration per year, and its coverage of the directory of ``codes`` (together) as
    it stood at the end of the year, or on the last day of an agency that ceased
    (``ceased_on``: the agency whose statistics these are)."""
    parts = await _alone("registrations").read(connection, range_parameters(codes, years))
    return registrations_from(parts, years, ceased_on)


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


def _initiative_queries() -> Queries:
    t = initiative_counts
    query = select(t.c.year, t.c.stage, t.c.level, t.c.initiatives).where(
        t.c.agency.in_(CODES), t.c.year.between(YEAR_FROM, YEAR_TO)
    )
    return {"initiatives": query}


INITIATIVE_QUERIES = _initiative_queries()


def initiatives_from(parts: dict[str, Rows]) -> InitiativeSummary:
    by_year: defaultdict[int, Counter[str]] = defaultdict(Counter)
    levels: Counter[str] = Counter()
    for year, stage, level, initiatives in parts["initiatives"]:
        by_year[year][stage] += initiatives
        if stage == "recognised":
            levels[level] += initiatives
    return InitiativeSummary(
        registered=sum(c["registered"] for c in by_year.values()),
        recognised=sum(levels.values()),
        recognised_by_level={level: n for level, n in levels.items() if n},
        by_year=[
            InitiativeYear(year=y, registered=c["registered"], recognised=c["recognised"])
            for y, c in sorted(by_year.items())
        ],
    )


async def agency_initiatives(
    connection: AsyncConnection, codes: Sequence[str], years: YearRange
) -> InitiativeSummary:
    parts = await _alone("initiatives").read(connection, range_parameters(codes, years))
    return initiatives_from(parts)


def _proposal_queries() -> Queries:
    t = proposal_counts
    proposals = select(t.c.submitted_on, t.c.state, t.c.proposals).where(
        t.c.agency.in_(CODES), t.c.submitted_on.between(FIRST_DAY, LAST_DAY), t.c.proposals > 0
    )
    n = proposal_nominee_counts
    nominees = (
        select(n.c.nominee_kind, func.sum(n.c.nominees))
        .where(
            n.c.agency.in_(CODES),
            n.c.submitted_on.between(FIRST_DAY, LAST_DAY),
            n.c.state.in_(PENDING),
        )
        .group_by(n.c.nominee_kind)
    )
    return {"proposals": proposals, "pending_nominees": nominees}


PROPOSAL_QUERIES = _proposal_queries()


def proposals_from(parts: dict[str, Rows], as_of: date) -> ProposalSummary:
    rows = [(json_date(submitted_on), state, n) for submitted_on, state, n in parts["proposals"]]
    states = Counter[str]()
    for _, state, count in rows:
        states[state] += count
    pending_days = [((as_of - on).days, n) for on, state, n in rows if state in PENDING]
    return ProposalSummary(
        submitted=sum(states.values()),
        open=states["open"],
        forwarded=states["forwarded"],
        returned=states["returned"],
        decided=states["decided"],
        pending=sum(n for _, n in pending_days),
        pending_nominees={kind: n for kind, n in parts["pending_nominees"] if n},
        age=_age(as_of, pending_days),
    )


async def agency_proposals(
    connection: AsyncConnection, codes: Sequence[str], years: YearRange, as_of: date
) -> ProposalSummary:
    parts = await _alone("proposals").read(connection, range_parameters(codes, years))
    return proposals_from(parts, as_of)


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


@cache
def _alone(part: str) -> Together:
    """The statement of one part read alone."""
    queries = {
        "campaigns": CAMPAIGN_QUERIES,
        "registrations": REGISTRATION_QUERIES,
        "initiatives": INITIATIVE_QUERIES,
        "proposals": PROPOSAL_QUERIES,
    }
    return Together(queries[part])
