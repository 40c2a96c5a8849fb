"""What an agency's own events say about it, as changes to its ``agencies`` row.

Every row carries every detail column (``None``: this event says nothing of it), so rows of a
batch are written in one statement and a ``None`` keeps the stored value.
"""

from __future__ import annotations

from typing import Any

from shared.envelope import EventPayload
from shared.events import AgencyCeased, AgencyContinued, AgencyMerged, AgencyRegistered

AGENCY_DETAILS = (
    "name",
    "kind",
    "province_code",
    "province_list",
    "established_on",
    "continued_on",
    "continued_province_code",
    "continued_province_list",
    "merged_on",
    "predecessor_codes",
    "ceased_on",
    "successor_code",
)

AGENCY_PAYLOADS: frozenset[type] = frozenset(
    {AgencyRegistered, AgencyContinued, AgencyMerged, AgencyCeased}
)


def agency_seen(code: str) -> dict[str, Any]:
    """The row of an agency some event names, knowing nothing more of it."""
    return {"agency_code": code} | dict.fromkeys(AGENCY_DETAILS)


def agency_changes(agency: str, payload: EventPayload) -> dict[str, Any] | None:
    """The row's key and the details ``payload`` (of ``agency``'s stream) gives it (None: not
    an agency event)."""
    details = _details(payload)
    if details is None:
        return None
    code = payload.agency_code if isinstance(payload, AgencyRegistered) else agency
    return {"agency_code": code, **details}


def _details(payload: EventPayload) -> dict[str, Any] | None:
    match payload:
        case AgencyRegistered():
            return {
                "name": payload.name,
                "kind": payload.kind.value,
                "province_code": payload.province_code,
                "province_list": payload.province_list,
                "established_on": payload.established_on,
            }
        case AgencyContinued():
            return {
                "name": payload.name,
                "continued_on": payload.on,
                "continued_province_code": payload.province_code,
                "continued_province_list": payload.province_list,
            }
        case AgencyMerged():
            codes = " ".join(sorted(payload.predecessor_codes))
            return {"merged_on": payload.on, "predecessor_codes": codes}
        case AgencyCeased():
            return {"ceased_on": payload.ceased_on, "successor_code": payload.successor_code}
    return None


def merged(earlier: dict[str, Any] | None, later: dict[str, Any]) -> dict[str, Any]:
    """``later``, with the values it leaves out (None or missing) taken from ``earlier``."""
    if earlier is None:
        return later
    return earlier | {name: value for name, value in later.items() if value is not None}
