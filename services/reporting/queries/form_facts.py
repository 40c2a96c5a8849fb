"""What the forms of Circular 02/2023/TT-BNV count, read row by row for a reporting period:
the live awards whose decision was signed within it, the campaigns started within it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.tables import agencies, award_facts, campaign_facts


@dataclass(frozen=True)
class AwardFact:
    """One live award, as the award forms break it down."""

    award_code: str
    recipient_kind: str
    position_group: str | None
    """The member's group when it was granted; None for other recipients or unknown."""
    commendation_kind: str
    agency_kind: str | None
    """provincial_department or ministry_unit; None until the agency is registered."""


@dataclass(frozen=True)
class CampaignFact:
    """One launched campaign, as form 0601.N breaks it down."""

    launching_level: str
    launcher_kind: str | None
    """The kind of the agency that launched it (None: an authority outside the system)."""
    scope: str
    form: str
    start_date: date
    end_date: date | None


async def awards_signed_within(
    connection: AsyncConnection,
    level_class: str,
    first_day: date,
    last_day: date,
    codes: Sequence[str] | None,
) -> list[AwardFact]:
    """Live awards of ``level_class`` whose decision was signed from ``first_day`` to
    ``last_day`` (of the agencies ``codes``, or of every agency)."""
    t = award_facts
    query = (
        select(
            t.c.award_code,
            t.c.recipient_kind,
            t.c.position_group,
            t.c.commendation_kind,
            agencies.c.kind,
        )
        .select_from(t.outerjoin(agencies, agencies.c.agency_code == t.c.agency))
        .where(
            t.c.granted,
            ~t.c.revoked,
            t.c.level_class == level_class,
            t.c.signed_on.between(first_day, last_day),
        )
    )
    if codes is not None:
        query = query.where(t.c.agency.in_(codes))
    rows = (await connection.execute(query)).all()
    return [AwardFact(str(c), str(r), g, str(k), a) for c, r, g, k, a in rows]


async def campaigns_started_within(
    connection: AsyncConnection, first_day: date, last_day: date, codes: Sequence[str] | None
) -> list[CampaignFact]:
    """Campaigns that start from ``first_day`` to ``last_day`` (recorded by the agencies
    ``codes``, or by every agency)."""
    t = campaign_facts
    launcher = agencies.alias("launcher")
    query = (
        select(
            t.c.launching_level, launcher.c.kind, t.c.scope, t.c.form, t.c.start_date, t.c.end_date
        )
        .select_from(t.outerjoin(launcher, and_(launcher.c.agency_code == t.c.launching_agency)))
        .where(t.c.start_date.between(first_day, last_day))
    )
    if codes is not None:
        query = query.where(t.c.agency.in_(codes))
    rows = (await connection.execute(query)).all()
    return [CampaignFact(*row) for row in rows]
