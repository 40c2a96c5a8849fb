"""What the query API answers about one agency (pydantic models; they document the API)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field


class YearBasis(StrEnum):
    """Which year an award counts in."""

    ACHIEVEMENT = "achievement"
    """The (last) year of the achievement: the default, as the period reports count."""
    DECISION = "decision"
    """The year the decision was signed."""


class AgencyInfo(BaseModel):
    """An agency as reporting knows it; details are null until its AgencyRegistered arrives.

    Across the 2025 reorganisation a department either *continued* (one agency, its province
    now on the 34 list: Hà Nội is 01 on both) or *merged*: its predecessors ceased on a day
    and a successor continues them. Every province code here names its list."""

    agency_code: str
    name: str | None = Field(description="Vietnamese name (the latest one).")
    kind: str | None = Field(description="provincial_department or ministry_unit.")
    province_code: str | None = Field(
        description="Province code on the list in force for the agency now (a continued "
        "agency: its 34-list code), on the list named next."
    )
    province_list: str | None = Field(description='"63" or "34": the list of province_code.')
    province_code_63: str | None = Field(
        default=None,
        description="Its province on the 63-province list (2008–2025); null for an agency "
        "established on the 34 list.",
    )
    province_code_34: str | None = Field(description="Today's province (34-province list).")
    established_on: date | None = Field(
        default=None, description="First day (a successor: the day of the merger)."
    )
    continued_on: date | None = Field(
        default=None, description="First day under its province on the 34 list, if continued."
    )
    ceased_on: date | None = Field(default=None, description="Last day it acted, if ceased.")
    successor_code: str | None = Field(
        default=None, description="The agency that continues its work, if it ceased into one."
    )
    predecessor_codes: list[str] = Field(
        default_factory=list, description="The agencies it continues (merged into it)."
    )


class YearCount(BaseModel):
    """A count for one year."""

    year: int
    count: int


class AwardBreakdownRow(BaseModel):
    """Award instances (lượt) by every dimension the statistical forms need."""

    award_code: str
    level_class: str = Field(description="state (0602.N), ministry_province (0603.N), unit.")
    recipient_kind: str = Field(description="unit, agency, member, household or enterprise.")
    position_group: str | None = Field(description="Members only: leader, official, worker…")
    commendation_kind: str
    granting_level: str
    awards: int


class AwardSummary(BaseModel):
    """One award code over the period: instances (lượt) and distinct recipients."""

    award_code: str
    name_vi: str | None = Field(description="Vietnamese name (null if not in the catalogue).")
    level_class: str
    awards: int = Field(description="Instances (lượt), every recipient kind.")
    collective: int = Field(
        description="Instances to collectives (units, the agency, enterprises)."
    )
    individual: int = Field(description="Instances to individuals (members).")
    household: int = Field(description="Instances to households.")
    agency_itself: int = Field(description="Instances to the agency itself (part of collective).")
    recipients_collective: int | None = Field(
        description="Distinct collectives (null by decision year)."
    )
    recipients_individual: int | None = Field(description="Distinct individuals.")
    recipients_household: int | None = Field(description="Distinct households.")
    by_year: list[YearCount]


class CampaignSummary(BaseModel):
    """Campaigns launched (by start year) with the breakdowns of form 0601.N."""

    total: int
    by_year: list[YearCount]
    by_launching_level: dict[str, int]
    by_scope: dict[str, int]
    by_form: dict[str, int]
    by_duration: dict[str, int] = Field(
        description="under_1y, 1y, 1_3y, 3_5y, 5y_plus, open_ended."
    )


class TitleRegistrations(BaseModel):
    """Registrants for one title in a year."""

    award_code: str
    name_vi: str | None
    units: int
    members: int


class RegistrationYear(BaseModel):
    """Registration (đăng ký thi đua) in one year, and its coverage of the directory."""

    year: int
    units_in_directory: int = Field(description="Units added up to the end of the year.")
    members_in_directory: int = Field(description="Members added up to the end of the year.")
    registered_units: int = Field(description="Distinct units with a live registration.")
    registered_members: int = Field(description="Distinct members with a live registration.")
    unit_coverage: float | None = Field(description="registered_units / units_in_directory.")
    member_coverage: float | None = Field(description="registered_members / members_in_directory.")
    by_status: dict[str, int] = Field(description="Registrations: submitted, approved, returned.")
    by_title: list[TitleRegistrations]


class InitiativeYear(BaseModel):
    """Initiatives registered and recognised in one year."""

    year: int
    registered: int
    recognised: int


class InitiativeSummary(BaseModel):
    """Initiatives (sáng kiến) registered (year applied) and recognised (year recognised)."""

    registered: int
    recognised: int
    recognised_by_level: dict[str, int] = Field(
        description="grassroots, ministry_province, national."
    )
    by_year: list[InitiativeYear]


class PendingAge(BaseModel):
    """Age of the pending proposals on ``as_of`` (days since submission)."""

    as_of: date
    oldest_days: int | None
    mean_days: float | None
    by_age: dict[str, int] = Field(description="0_30, 31_90, 91_180, 181_365, over_365 days.")


class ProposalSummary(BaseModel):
    """Proposals submitted in the period, by their current state."""

    submitted: int
    open: int = Field(description="Awaiting this authority (submitted or reviewed).")
    forwarded: int = Field(description="Forwarded upward, awaiting a higher authority.")
    returned: int
    decided: int
    pending: int = Field(description="open + forwarded.")
    pending_nominees: dict[str, int] = Field(description="Nominees of pending ones, by kind.")
    age: PendingAge


class AgencyPeriodStats(BaseModel):
    """Every count of one agency over a range of years (by business time)."""

    agency: AgencyInfo
    include_predecessors: bool = Field(
        default=False,
        description="Whether the history of the agencies it continues is counted under it.",
    )
    agencies_counted: list[str] = Field(
        default_factory=list,
        description="Codes of the agencies whose history is counted: the agency, then its "
        "predecessors (transitively) when include_predecessors is true.",
    )
    year_from: int
    year_to: int
    year_basis: YearBasis
    awards_total: int = Field(description="Live award instances (lượt).")
    awards_by_level_class: dict[str, int]
    awards: list[AwardSummary] = Field(description="Per award code.")
    award_breakdown: list[AwardBreakdownRow] = Field(description="Per form dimension.")
    campaigns: CampaignSummary
    registrations: list[RegistrationYear] = Field(description="One per year of the range.")
    initiatives: InitiativeSummary
    proposals: ProposalSummary
