"""The 2025 reorganisation in the demo (Nghị quyết 202/2025/QH15), over the registry's API.

The departments of the 11 provinces the reorganisation left as they were *continue*: one
agency, one code, its province on the 34 list from 2025-07-01. The departments of the other
52 *merge* into the department of their new province (``SCT34-<34-list code>``, established
2025-07-01), which takes over their units and members with their ids, so that their titles,
streaks and histories run on across the boundary.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from shared.reference.provinces import MERGER_DATE, current_code_of, provinces_2025
from tooling.demo.directory import Directory

if TYPE_CHECKING:
    from tooling.demo.loader import AgencySpec, DemoClient

LEGAL_BASIS = "Nghị quyết 202/2025/QH15"
"""The National Assembly's resolution that rearranged the provinces."""
AGENCY_PREFIX_34 = "SCT34-"
"""A merged department's code is this prefix and its province code: ``SCT34-24``."""
LAST_DAY_63 = MERGER_DATE - timedelta(days=1)
"""The last day a merged department acted (2025-06-30)."""


def agency_code_34(province_code: str) -> str:
    """The agency code of the merged department of ``province_code`` (a 34-list code)."""
    return AGENCY_PREFIX_34 + province_code


@cache
def unchanged_provinces() -> frozenset[str]:
    """The 11 provinces of the 63 that are the same province on the 34 list (same code)."""
    return frozenset(code for code, p in provinces_2025().items() if p.merged_from == (code,))


def successor_code(province_code_63: str) -> str | None:
    """The agency that continues the department of a 63-list province: None when the
    department itself continues."""
    if province_code_63 in unchanged_provinces():
        return None
    return agency_code_34(current_code_of(province_code_63))


def predecessors(spec: AgencySpec, loaded: Collection[str]) -> list[str]:
    """The departments of the 63 merged into ``spec`` (a merged department) among ``loaded``."""
    if not spec.merged or spec.province_code is None:
        return []
    return [code for code in provinces_2025()[spec.province_code].merged_from if code in loaded]


def continuation_body(spec: AgencySpec) -> dict[str, Any]:
    """The department of an unchanged province, on the 34 list from the merger day."""
    assert spec.province_code is not None
    body: dict[str, Any] = {
        "on": MERGER_DATE.isoformat(),
        "province_code": spec.province_code,
        "province_list": "34",
        "legal_basis": LEGAL_BASIS,
    }
    name = f"Sở Công Thương {provinces_2025()[spec.province_code].name}"
    if name != spec.name:  # Thừa Thiên Huế is now Huế
        body["name"] = name
    return body


async def continue_agency(api: DemoClient, spec: AgencySpec) -> None:
    await api.post(
        "registry",
        f"/v1/agencies/{spec.code}/continuation",
        agency=spec.code,
        role="admin",
        key=("continuation", spec.code),
        json=continuation_body(spec),
    )


async def merge(api: DemoClient, spec: AgencySpec, codes: list[str]) -> None:
    """``codes`` cease on 2025-06-30 and ``spec`` continues them (units and members move)."""
    if not codes:
        return
    await api.post(
        "registry",
        f"/v1/agencies/{spec.code}/merger",
        agency=spec.code,
        role="admin",
        key=("merger", spec.code, *codes),
        json={
            "predecessor_codes": codes,
            "on": MERGER_DATE.isoformat(),
            "legal_basis": LEGAL_BASIS,
        },
    )


def taken_over(own: Directory, inherited: Iterable[Directory], seed: int, code: str) -> Directory:
    """A merged department's directory after the merger: its own units and members, then its
    predecessors' (each but its board, which the merged department's own board replaces for
    the year's titles). Its two stars are the predecessors' CSTĐCS of their last year, where
    there are any: their streaks run on across the merger."""
    before = list(inherited)
    found = Directory(
        units=[*own.units, *(u for d in before for u in d.units[1:])],
        members=[*own.members, *(m for d in before for m in d.members)],
    )
    rng = random.Random(f"{seed}-{code}-stars")
    holders = [m for d in before for m in d.stars]
    best = rng.sample(holders, min(2, len(holders)))
    others = [m for m in found.members if m not in best]
    found.stars = best + rng.sample(others, min(2 - len(best), len(others)))
    return found
