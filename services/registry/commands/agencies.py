"""Commands about agencies (tenants)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.events.vocabulary import AgencyCode, AgencyKind, BusinessDate, Name, ProvinceList


class RegisterAgency(BaseModel):
    """Register an agency: a Sở Công Thương of a province, or a unit of the ministry.

    The province list is either named (``province_list``) or follows from ``established_on``:
    the 63-province list until 2025-06-30, the 34-province list from 2025-07-01.
    """

    model_config = ConfigDict(frozen=True)

    agency_code: AgencyCode
    name: Name
    kind: AgencyKind
    province_code: str | None = None
    province_list: ProvinceList | None = None
    established_on: BusinessDate | None = None
