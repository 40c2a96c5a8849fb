"""Whose records a recipient's award history covers (hồ sơ thành tích across agencies).

An agency's history of a recipient covers what it recorded, what the agencies it continues
recorded (a merger's predecessors, transitively), and, for a unit or member transferred into
it, what the agencies it belonged to before recorded; each transfer is shown with its day.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.domain.tenancy import Tenure
from services.awards.localview.directory import tenures_of
from services.awards.localview.facts_loader import with_predecessors
from shared.events.vocabulary import RecipientKind


@dataclass(frozen=True, slots=True)
class Transfer:
    """A unit or member moved from one agency to another; ``on``: its first day there."""

    from_agency: str
    to_agency: str
    on: date


@dataclass(frozen=True, slots=True)
class HistoryScope:
    """The agencies whose records a history covers, and the transfers between them."""

    agencies: tuple[str, ...]
    transfers: tuple[Transfer, ...] = ()


def scope_of(lineage: Collection[str], tenures: Sequence[Tenure]) -> HistoryScope:
    """``lineage`` (an agency and its predecessors) and the agencies the recipient belonged
    to before its last tenure within it, with every transfer to or from them."""
    within = [i for i, tenure in enumerate(tenures) if tenure.agency in lineage]
    before = tenures[: within[-1] + 1] if within else ()
    agencies = set(lineage) | {tenure.agency for tenure in before}
    transfers = tuple(
        Transfer(left.agency, joined.agency, joined.since)
        for left, joined in pairwise(tenures)
        if joined.since is not None and {left.agency, joined.agency} & agencies
    )
    return HistoryScope(tuple(sorted(agencies)), transfers)


async def history_scope(
    connection: AsyncConnection, agency: str, kind: RecipientKind, recipient_id: str
) -> HistoryScope:
    """The scope of ``agency``'s history of the recipient, from the local view."""
    lineage = await with_predecessors(connection, [agency])
    if kind not in (RecipientKind.MEMBER, RecipientKind.UNIT):
        return scope_of(lineage, ())
    tenures = await tenures_of(connection, kind, [recipient_id])
    return scope_of(lineage, tenures.get((kind, recipient_id), ()))
