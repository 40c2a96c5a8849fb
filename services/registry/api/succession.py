"""Tenancy of the records a merged department left open: its successor reads them and acts
on them in its own name (:mod:`services.registry.domain.succession`); every other agency is
refused as before."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.registry.domain.succession import before_takeover_message, continues, taken_over_on
from services.registry.readmodel.succession import successors_lineage
from shared.auth import ForbiddenError, Principal, may_access, require_agency
from shared.database.engine import connection_for_reads
from shared.http.commands import CommandRequest
from shared.http.problems import NotFoundProblem


async def acting_agency(
    request: CommandRequest,
    engine: AsyncEngine,
    owner: str | None,
    resource: str,
    day: date,
) -> str:
    """The agency a command on ``resource`` (recorded by ``owner``; None: no such resource,
    404) is written in: the owner's, or the caller's when the caller's agency continues the
    owner's work on ``day``, the command's business date (403 if it took over only later)."""
    if owner is None:
        raise NotFoundProblem(f"no {resource}")
    principal = request.principal
    if principal.agency == owner or not may_access(principal, principal.agency, "write"):
        return request.writable_agency(owner, resource)
    async with connection_for_reads(engine) as connection:
        lineage = await successors_lineage(connection, owner)
    first_day = taken_over_on(lineage, principal.agency)
    if first_day is None:
        return request.writable_agency(owner, resource)
    if day < first_day:
        raise ForbiddenError(before_takeover_message(lineage, principal.agency, day))
    return principal.agency


async def require_readable(principal: Principal, connection: AsyncConnection, owner: str) -> None:
    """403 unless ``principal`` may read ``owner``'s records: its own agency's, every agency's
    for admins and analysts, and those of the agencies its agency continues."""
    if may_access(principal, owner, "read"):
        return
    if continues(await successors_lineage(connection, owner), principal.agency):
        return
    require_agency(principal, owner, access="read")
