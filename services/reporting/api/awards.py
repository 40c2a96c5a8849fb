"""Streaks, achievement history and the narrative summary of an agency."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from services.reporting.api.params import (
    OptionalYearsDep,
    ReportingDep,
    YearsDep,
    known_agency,
    known_award_code,
)
from services.reporting.api.stats import AgencyPath
from services.reporting.narrative import narrative
from services.reporting.queries.agency_stats import agency_period_stats
from services.reporting.queries.history import AwardHistoryEntry, recipient_history
from services.reporting.queries.models import YearBasis
from services.reporting.queries.streaks import Streak, agency_streaks, years_held_by_agency
from shared.auth import CurrentPrincipal, require_agency
from shared.events import RecipientKind
from shared.events.vocabulary import AgencyCode, EntityId
from shared.http.pagination import Limit, Offset, Page
from shared.vietnam_time import today_in_vietnam

router = APIRouter(prefix="/v1", tags=["awards"])


@router.get("/streaks", summary="Consecutive years of an award per recipient")
async def streaks(
    principal: CurrentPrincipal,
    reporting: ReportingDep,
    agency: Annotated[AgencyCode, Query(description="Agency code.")],
    years: OptionalYearsDep,
    code: Annotated[str | None, Query(description="Award code, e.g. CO_THI_DUA_BO.")] = None,
    recipient_kind: Annotated[RecipientKind | None, Query(description="Only these.")] = None,
    min_years: Annotated[int, Query(ge=1, le=100, description="Shortest run listed.")] = 2,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[Streak]:
    """Longest and current runs of consecutive years per recipient (units, members, and the
    agency itself, e.g. "5 năm liền Cờ thi đua cấp bộ"), longest first."""
    require_agency(principal, agency, access="read")
    known_award_code(code, "code")
    await known_agency(reporting, agency)
    async with reporting.engine.connect() as connection:
        found = await agency_streaks(
            connection,
            agency,
            code=code,
            recipient_kind=recipient_kind.value if recipient_kind else None,
            min_years=min_years,
            years=years,
        )
    return Page(items=found[offset : offset + limit], total=len(found), limit=limit, offset=offset)


@router.get(
    "/agencies/{agency}/recipients/{recipient_id}/awards",
    summary="Achievement history of a recipient",
)
async def history(
    principal: CurrentPrincipal,
    reporting: ReportingDep,
    agency: AgencyPath,
    recipient_id: Annotated[EntityId, Path(description="Unit id, member id or agency code.")],
    include_revoked: Annotated[bool, Query(description="List revoked awards too.")] = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[AwardHistoryEntry]:
    """Every award granted to the recipient in the agency, oldest achievement first."""
    require_agency(principal, agency, access="read")
    await known_agency(reporting, agency)
    async with reporting.engine.connect() as connection:
        found = await recipient_history(
            connection, agency, recipient_id, include_revoked=include_revoked
        )
    return Page(items=found[offset : offset + limit], total=len(found), limit=limit, offset=offset)


class Narrative(BaseModel):
    """A Vietnamese summary of an agency's period, generated from its numbers."""

    agency: str
    year_from: int
    year_to: int
    text: str = Field(description="The paragraphs, joined by blank lines.")
    paragraphs: list[str]


@router.get("/agencies/{agency}/narrative", summary="Vietnamese summary of an agency's period")
async def agency_narrative(
    principal: CurrentPrincipal, reporting: ReportingDep, agency: AgencyPath, years: YearsDep
) -> Narrative:
    """E.g. "Giai đoạn 2015 – 2020, Sở Công Thương Hà Nội đã có nhiều tập thể, cá nhân được
    khen thưởng: … 19 tập thể và 26 cá nhân được tặng Bằng khen cấp bộ; …"."""
    require_agency(principal, agency, access="read")
    info = await known_agency(reporting, agency)
    today = today_in_vietnam()
    stats = await agency_period_stats(reporting.engine, info, years, YearBasis.ACHIEVEMENT, today)
    async with reporting.engine.connect() as connection:
        held = await years_held_by_agency(connection, agency, years)
    paragraphs = narrative(stats, held)
    return Narrative(
        agency=agency,
        year_from=years.year_from,
        year_to=years.year_to,
        text="\n\n".join(paragraphs),
        paragraphs=paragraphs,
    )
