"""A recipient's achievement history: every award granted to it, from ``award_facts``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.tables import award_facts
from services.reporting.queries.common import award_name


class AwardHistoryEntry(BaseModel):
    """One award granted to the recipient."""

    award_id: str
    agency: str = Field(description="The agency that recorded it (a predecessor, perhaps).")
    award_code: str
    name_vi: str | None
    year_from: int = Field(description="First year of the achievement.")
    year_to: int = Field(description="Last year of the achievement: the year it counts in.")
    decision_id: str
    signed_on: date
    recipient_kind: str
    commendation_kind: str
    granting_level: str
    level_class: str
    revoked: bool = Field(description="Revoked awards count nowhere.")


async def recipient_history(
    connection: AsyncConnection, codes: Sequence[str], recipient_id: str, *, include_revoked: bool
) -> list[AwardHistoryEntry]:
    """The recipient's awards in the agencies ``codes``, oldest first."""
    t = award_facts
    query = (
        select(t)
        .where(t.c.agency.in_(codes), t.c.recipient_id == recipient_id, t.c.granted.is_(True))
        .order_by(t.c.year, t.c.signed_on, t.c.award_code, t.c.award_id)
    )
    if not include_revoked:
        query = query.where(t.c.revoked.is_(False))
    rows = (await connection.execute(query)).mappings()
    return [
        AwardHistoryEntry(
            award_id=row["award_id"],
            agency=row["agency"],
            award_code=row["award_code"],
            name_vi=award_name(row["award_code"]),
            year_from=row["year_from"],
            year_to=row["year"],
            decision_id=row["decision_id"],
            signed_on=row["signed_on"],
            recipient_kind=row["recipient_kind"],
            commendation_kind=row["commendation_kind"],
            granting_level=row["granting_level"],
            level_class=row["level_class"],
            revoked=row["revoked"],
        )
        for row in rows
    ]
