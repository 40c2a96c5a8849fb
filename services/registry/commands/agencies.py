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


class ContinueAgency(BaseModel):
    """The department carries on under its reorganised province (same agency, same history):
    from ``on`` its province is ``province_code`` on ``province_list`` (the list in force)."""

    model_config = ConfigDict(frozen=True)

    agency_code: AgencyCode
    on: BusinessDate
    province_code: str
    province_list: ProvinceList
    name: Name | None = None
    legal_basis: Name


class MergeAgencies(BaseModel):
    """The predecessors cease on the eve of ``on``; the successor continues their work from
    ``on``, and their units and members move to it with their ids."""

    model_config = ConfigDict(frozen=True)

    successor_code: AgencyCode
    predecessor_codes: tuple[AgencyCode, ...]
    on: BusinessDate
    legal_basis: Name


class CeaseAgency(BaseModel):
    """The agency ceases with no successor: ``ceased_on`` is the last day it acts."""

    model_config = ConfigDict(frozen=True)

    agency_code: AgencyCode
    ceased_on: BusinessDate
    legal_basis: Name
