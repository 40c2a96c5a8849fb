"""Tenancy at the HTTP edge: the 422 answered when a command names units, members, agencies
or campaigns of another agency (every such field at once, each with the officer's message in
Vietnamese), and in whose name a command on an existing proposal or decision is written (its
agency's, or its successor's: :func:`acting_agency`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.awards.domain.tenancy import NamesAnotherAgency, before_takeover_message
from services.awards.localview.lineage import continued_by
from shared.auth import ForbiddenError, Principal, may_access, require_agency
from shared.database.engine import connection_for_reads
from shared.http.commands import CommandRequest
from shared.http.problems import NotFoundProblem, ProblemError

OTHER_AGENCY = "urn:tdkt:problem:other-agency"


def other_agency_problem(refused: NamesAnotherAgency) -> ProblemError:
    """422 of type ``urn:tdkt:problem:other-agency``: ``errors`` names each field
    (``body.awards.2.recipient_id``), its rule (``type``), the agency it belongs to and the
    officer's message (``msg``, Vietnamese); ``detail`` is in English."""
    errors = [
        {
            "field": f"body.{reference.field}",
            "msg": reference.message_vi,
            "type": reference.code,
            "agency": reference.owner,
        }
        for reference in refused.references
    ]
    return ProblemError(
        refused.message,
        status=422,
        title="Unprocessable Content",
        type=OTHER_AGENCY,
        extra={"errors": errors},
    )


@contextmanager
def refusing_other_agencies() -> Iterator[None]:
    """Answer :class:`NamesAnotherAgency` raised within as :func:`other_agency_problem`."""
    try:
        yield
    except NamesAnotherAgency as refused:
        raise other_agency_problem(refused) from None


async def acting_agency(
    request: CommandRequest, engine: AsyncEngine, owner: str | None, resource: str, day: date
) -> str:
    """The agency a command dated ``day`` on ``resource`` (recorded by ``owner``; None: there
    is no such resource, 404) is written in: the caller's when its agency continues the
    owner's work by then (a merger's successor, transitively), the owner's otherwise; 403
    unless the caller may write there, or if the successor took over only after ``day``."""
    if owner is None:
        raise NotFoundProblem(f"no {resource}")
    caller = request.principal.agency
    if caller == owner or not may_access(request.principal, caller, "write"):
        return request.writable_agency(owner, resource)
    async with connection_for_reads(engine) as connection:
        first_day = (await continued_by(connection, caller)).get(owner)
    if first_day is None:
        return request.writable_agency(owner, resource)
    if day < first_day:
        raise ForbiddenError(before_takeover_message(owner, caller, first_day, day))
    return caller


async def require_readable(principal: Principal, connection: AsyncConnection, owner: str) -> None:
    """403 unless ``principal`` may read ``owner``'s records: its own agency's, every agency's
    for admins and analysts, and those of the agencies its agency continues."""
    if may_access(principal, owner, "read"):
        return
    if owner not in await continued_by(connection, principal.agency):
        require_agency(principal, owner, access="read")
