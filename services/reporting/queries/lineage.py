"""Agencies' lineage across the 2025 reorganisation, read at query time from both sides.

A merger is told twice, on different streams that may arrive in any order: each predecessor's
``AgencyCeased`` names its successor, the successor's ``AgencyMerged`` names its
predecessors. Either side alone links them; what depends on both is derived here, from the
agencies as they are when the question is asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from services.reporting.queries.models import AgencyInfo


def linked(known: Sequence[AgencyInfo]) -> list[AgencyInfo]:
    """``known`` with ``successor_code`` and ``predecessor_codes`` completed from either side."""
    predecessors: dict[str, set[str]] = {a.agency_code: set(a.predecessor_codes) for a in known}
    successor = {a.agency_code: a.successor_code for a in known}
    for agency in known:
        if agency.successor_code is not None:
            predecessors.setdefault(agency.successor_code, set()).add(agency.agency_code)
        for code in agency.predecessor_codes:
            if successor.get(code) is None:
                successor[code] = agency.agency_code
    return [
        agency.model_copy(
            update={
                "successor_code": successor[agency.agency_code],
                "predecessor_codes": sorted(predecessors[agency.agency_code]),
            }
        )
        for agency in known
    ]


def lineage_codes(code: str, by_code: Mapping[str, AgencyInfo]) -> list[str]:
    """``code`` and every agency it continues, transitively: ``code`` first, then by code."""
    seen, pending = {code}, [code]
    while pending:
        agency = by_code.get(pending.pop())
        for predecessor in agency.predecessor_codes if agency else ():
            if predecessor not in seen:
                seen.add(predecessor)
                pending.append(predecessor)
    return [code, *sorted(seen - {code})]


def last_successor(agency: AgencyInfo, by_code: Mapping[str, AgencyInfo]) -> AgencyInfo:
    """The agency that continues ``agency`` today (itself if it has no successor known)."""
    seen = {agency.agency_code}
    while (code := agency.successor_code) is not None and code in by_code and code not in seen:
        seen.add(code)
        agency = by_code[code]
    return agency


def by_code(agencies: Iterable[AgencyInfo]) -> dict[str, AgencyInfo]:
    return {agency.agency_code: agency for agency in agencies}
