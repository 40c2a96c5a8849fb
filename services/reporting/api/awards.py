"""Streaks, achievement history and the narrative summary of an agency."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from services.reporting.api.params import (
    IncludePredecessors,
    OptionalYearsDep,
    ReportingDep,
    YearsDep,
    agency_in_scope,
    known_award_code,
)
from services.reporting.api.stats import AgencyPath
from services.reporting.lineage_words import scope_sentence
from services.reporting.narrative import narrative
from services.reporting.queries.agency_stats import agency_period_stats
from services.reporting.queries.history import AwardHistoryEntry, recipient_history
from services.reporting.queries.models import YearBasis
from services.reporting.queries.streaks import Streak, agency_streaks, years_held_by_agency
from shared.auth import CurrentPrincipal, require_agency
from shared.database.engine import connection_for_reads
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
    include_predecessors: IncludePredecessors = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[Streak]:
    """Longest and current runs of consecutive years per recipient (units, members, and the
    agency itself, e.g. "5 năm liền Cờ thi đua cấp bộ"), longest first; with
    ``include_predecessors`` a recipient's years under the agencies merged into this one
    and under it make one run."""
    require_agency(principal, agency, access="read")
    known_award_code(code, "code")
    scope = await agency_in_scope(reporting, agency, include_predecessors)
    async with connection_for_reads(reporting.engine) as connection:
        found = await agency_streaks(
            connection,
            scope.codes,
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
    include_predecessors: IncludePredecessors = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[AwardHistoryEntry]:
    """Every award granted to the recipient in the agency (and, with
    ``include_predecessors``, in the agencies merged into it), oldest achievement first."""
    require_agency(principal, agency, access="read")
    scope = await agency_in_scope(reporting, agency, include_predecessors)
    async with connection_for_reads(reporting.engine) as connection:
        found = await recipient_history(
            connection, scope.codes, recipient_id, include_revoked=include_revoked
        )
    return Page(items=found[offset : offset + limit], total=len(found), limit=limit, offset=offset)


class Narrative(BaseModel):
    """A Vietnamese summary of an agency's period, generated from its numbers."""

    agency: str
    agencies_counted: list[str] = Field(
        default_factory=list, description="The agency, then the predecessors counted."
    )
    year_from: int
    year_to: int
    text: str = Field(description="The paragraphs, joined by blank lines.")
    paragraphs: list[str]


@router.get("/agencies/{agency}/narrative", summary="Vietnamese summary of an agency's period")
async def agency_narrative(
    principal: CurrentPrincipal,
    reporting: ReportingDep,
    agency: AgencyPath,
    years: YearsDep,
    include_predecessors: IncludePredecessors = False,
) -> Narrative:
    """E.g. "Giai đoạn 2015 – 2020, Sở Công Thương Hà Nội đã có nhiều tập thể, cá nhân được
    khen thưởng: … 19 tập thể và 26 cá nhân được tặng Bằng khen cấp bộ; …". For a successor
    of a merger the last paragraph says whether its predecessors' history is counted."""
    require_agency(principal, agency, access="read")
    scope = await agency_in_scope(reporting, agency, include_predecessors)
    today = today_in_vietnam()
    stats = await agency_period_stats(
        reporting.engine, scope.agency, years, YearBasis.ACHIEVEMENT, today, scope=scope
    )
    async with connection_for_reads(reporting.engine) as connection:
        held = await years_held_by_agency(connection, agency, years)
    paragraphs = [*narrative(stats, held), *filter(None, [scope_sentence(scope)])]
    return Narrative(
        agency=agency,
        agencies_counted=list(scope.codes),
        year_from=years.year_from,
        year_to=years.year_to,
        text="\n\n".join(paragraphs),
        paragraphs=paragraphs,
    )
