"""Reading from the local view which agencies an agency continues by a merger, and from when.

The registry records ``AgencyMerged`` in the successor's name (its stream), with the first
day of the successor and the agencies it continues.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.domain.tenancy import Merger, takeover_days
from services.awards.localview.tables import facts


async def mergers(connection: AsyncConnection) -> list[Merger]:
    """Every merger the view knows (a few dozen: the reorganisations of the sector)."""
    return mergers_from(await connection.execute(merger_rows()))


def merger_rows() -> Select[tuple[str, Any, str | None]]:
    """Every merger's row: (successor, predecessors' codes, its first day)."""
    payload = facts.c.event["payload"]
    return select(facts.c.agency, payload["predecessor_codes"], payload["on"].as_string()).where(
        facts.c.event_type == "AgencyMerged"
    )


def mergers_from(rows: Iterable[Sequence[Any]]) -> list[Merger]:
    """The mergers of :func:`merger_rows`' rows."""
    return [
        Merger(str(successor), tuple(str(code) for code in codes), date.fromisoformat(on))
        for successor, codes, on in rows
    ]


async def continued_by(connection: AsyncConnection, successor: str) -> dict[str, date]:
    """The agencies whose work ``successor`` continues, each with the first day it does."""
    return takeover_days(await mergers(connection), successor)
