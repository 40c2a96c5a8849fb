"""What the national view answers: every agency (or province) side by side."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from services.reporting.queries.models import YearBasis


class GroupBy(StrEnum):
    """How provincial agencies are grouped (ministry units are always listed apart)."""

    AGENCY = "agency"
    PROVINCE63 = "province63"
    """The 63 provinces of 2008–2025: each department of the 63 list under its province (a
    continued one, like Hà Nội, with its whole history); agencies established on the 34 list
    are set apart, never under a 63-list code."""
    PROVINCE34 = "province34"
    """Today's 34 provinces: each agency under the province of the agency that continues it
    today, so predecessors' years before a merger roll into their successor's row."""


class Order(StrEnum):
    """Sort order."""

    ASC = "asc"
    DESC = "desc"


class NationalColumn(StrEnum):
    """Columns the national table can be sorted by."""

    KEY = "key"
    NAME = "name"
    CAMPAIGNS = "campaigns"
    AWARDS = "awards"
    AWARDS_STATE = "awards_state"
    AWARDS_MINISTRY_PROVINCE = "awards_ministry_province"
    AWARDS_UNIT = "awards_unit"
    AWARDS_COLLECTIVE = "awards_collective"
    AWARDS_INDIVIDUAL = "awards_individual"
    AWARDS_HOUSEHOLD = "awards_household"
    REGISTRATIONS = "registrations"
    INITIATIVES_REGISTERED = "initiatives_registered"
    INITIATIVES_RECOGNISED = "initiatives_recognised"
    PROPOSALS_SUBMITTED = "proposals_submitted"
    PROPOSALS_PENDING = "proposals_pending"


COUNT_COLUMNS = tuple(
    c.value for c in NationalColumn if c not in (NationalColumn.KEY, NationalColumn.NAME)
)


class NationalRow(BaseModel):
    """One agency or province over the period; every count is a sum over its agencies."""

    key: str = Field(description="Agency code, or province code (on the list named).")
    name: str | None = Field(description="Agency or province name; null if not known yet.")
    province_code: str | None
    province_list: str | None = Field(description='"63" or "34": the list of province_code.')
    agencies: list[str] = Field(description="Codes of the agencies summed in this row.")
    campaigns: int = 0
    awards: int = Field(default=0, description="Live award instances (lượt).")
    awards_state: int = Field(default=0, description="State-level awards (form 0602.N).")
    awards_ministry_province: int = Field(default=0, description="Form 0603.N awards.")
    awards_unit: int = Field(default=0, description="Titles granted by agency heads.")
    awards_collective: int = 0
    awards_individual: int = 0
    awards_household: int = 0
    registrations: int = Field(default=0, description="Live registrations (not returned).")
    initiatives_registered: int = 0
    initiatives_recognised: int = 0
    proposals_submitted: int = 0
    proposals_pending: int = 0
    awards_by_code: dict[str, int] = Field(default_factory=dict)


class NationalReport(BaseModel):
    """The national table for a period: provincial rows (paginated) and ministry units apart."""

    year_from: int
    year_to: int
    year_basis: YearBasis
    group_by: GroupBy
    sort: NationalColumn
    order: Order
    items: list[NationalRow] = Field(description="This page of the provincial rows.")
    total: int = Field(description="Provincial rows on every page.")
    limit: int
    offset: int
    post_merger_agencies: list[NationalRow] = Field(
        default_factory=list,
        description=(
            "Grouped by the 63 provinces only: the departments established on the 34-province "
            "list (successors of the 2025 mergers, from 2025-07-01), one row each keyed by "
            "agency code, since their provinces are not on the 63 list; their predecessors' "
            "history stays under the predecessors' 63-list provinces. Their counts are in "
            "`totals`."
        ),
    )
    totals: NationalRow = Field(
        description="Sum of every provincial row (not only this page) and post-merger agency."
    )
    ministry_units: list[NationalRow] = Field(description="Units of the ministry, sorted alike.")
    ministry_units_total: NationalRow
    grand_total: NationalRow = Field(description="Provinces and ministry units together.")
