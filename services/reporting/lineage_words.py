"""The sentence that says whose history an agency's answer counts (the narrative and the
forms' notes): with its predecessors, or without them, named with their codes and last days.
"""

from __future__ import annotations

from services.reporting.queries.common import AgencyScope
from services.reporting.queries.models import AgencyInfo


def scope_sentence(scope: AgencyScope) -> str | None:
    """None for an agency that continues no other one."""
    if not scope.predecessors:
        return None
    named = "; ".join(_named(agency) for agency in scope.predecessors)
    own = scope.agency.name or f"cơ quan {scope.agency.agency_code}"
    if scope.include_predecessors:
        return f"Số liệu của {own} gồm cả số liệu của các cơ quan tiền thân: {named}."
    return (
        f"Số liệu chỉ gồm số liệu của {own}, không gồm số liệu của các cơ quan tiền thân: {named}."
    )


def _named(agency: AgencyInfo) -> str:
    name = agency.name or "cơ quan"
    until = f", đến ngày {agency.ceased_on:%d/%m/%Y}" if agency.ceased_on else ""
    return f"{name} (mã {agency.agency_code}{until})"
