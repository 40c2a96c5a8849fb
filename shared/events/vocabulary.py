"""Closed vocabularies and constrained field types shared by the event payloads.

Enum values are the wire format (lower-case ASCII); names are for code. Adding a value is a
change consumers must know before producers use it: older consumers reject unknown values.
"""

from __future__ import annotations

from collections.abc import Hashable
from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import AfterValidator, Field, StringConstraints

from shared.reference.awards import GrantingLevel
from shared.reference.provinces import ProvinceList

__all__ = [
    "AgencyCode",
    "AgencyKind",
    "AwardCode",
    "BlocKind",
    "CampaignForm",
    "CampaignScope",
    "CommendationKind",
    "EntityId",
    "GrantingLevel",
    "InitiativeLevel",
    "LaunchingLevel",
    "NomineeKind",
    "PositionGroup",
    "ProvinceCode",
    "ProvinceList",
    "Rating",
    "RecipientKind",
    "ReviewStage",
    "SubjectKind",
    "Text",
    "UniqueAwardCodes",
    "UniqueIds",
    "Year",
]

_H = TypeVar("_H", bound=Hashable)


def _unique(items: list[_H]) -> list[_H]:
    if len(set(items)) != len(items):
        raise ValueError("items must be unique")
    return items


EntityId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=128,
        pattern=r"^\S+$",
        description="Globally unique id (a UUID as text, or an agency-prefixed id).",
    ),
]
AgencyCode = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9._-]+$",
        description="Agency (tenant) code, the envelope's `agency`.",
    ),
]
AwardCode = Annotated[
    str,
    Field(
        max_length=64,
        pattern=r"^[A-Z][A-Z0-9_]*$",
        description="Code in the awards catalogue (shared.reference.awards), e.g. LDTT.",
    ),
]
ProvinceCode = Annotated[str, Field(pattern=r"^\d{2}$", description="Two-digit province code.")]
Year = Annotated[int, Field(ge=1945, le=2100, description="Calendar year.")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
UniqueIds = Annotated[list[EntityId], Field(min_length=1), AfterValidator(_unique)]
"""A non-empty list of distinct ids."""
UniqueAwardCodes = Annotated[list[AwardCode], Field(min_length=1), AfterValidator(_unique)]
"""A non-empty list of distinct award codes."""


class AgencyKind(StrEnum):
    """What sort of agency a tenant is."""

    PROVINCIAL_DEPARTMENT = "provincial_department"
    """A province's Department of Industry and Trade (Sở Công Thương)."""
    MINISTRY_UNIT = "ministry_unit"
    """A unit of the Ministry of Industry and Trade (e.g. a Cục)."""


class PositionGroup(StrEnum):
    """A member's position group, as the statistical forms break individuals down. [verify]"""

    LEADER = "leader"
    """Lãnh đạo, quản lý."""
    OFFICIAL = "official"
    """Cán bộ, công chức, viên chức without a leading post."""
    WORKER = "worker"
    """Công nhân, nông dân, người lao động trực tiếp."""
    OTHER = "other"


class BlocKind(StrEnum):
    """What a bloc (khối / cụm thi đua) groups."""

    AGENCIES = "agencies"
    UNITS = "units"


class CampaignForm(StrEnum):
    """Form of a campaign (Art 16)."""

    REGULAR = "regular"
    """Thường xuyên: yearly."""
    THEMATIC = "thematic"
    """Theo chuyên đề / theo đợt."""


class CampaignScope(StrEnum):
    """Who a campaign addresses (form 0601.N)."""

    NATIONAL = "national"
    SECTOR_LOCAL = "sector_local"
    BLOC = "bloc"
    UNIT = "unit"


class LaunchingLevel(StrEnum):
    """Level of the authority launching a campaign (form 0601.N)."""

    CENTRAL = "central"
    MINISTRY_PROVINCE = "ministry_province"
    UNIT = "unit"


class ReviewStage(StrEnum):
    """Sơ kết (interim) or tổng kết (final)."""

    INTERIM = "interim"
    FINAL = "final"


class SubjectKind(StrEnum):
    """A unit (collective) or a member (individual) of an agency."""

    UNIT = "unit"
    MEMBER = "member"


class InitiativeLevel(StrEnum):
    """Level at which an initiative (sáng kiến) is recognised."""

    GRASSROOTS = "grassroots"
    MINISTRY_PROVINCE = "ministry_province"
    NATIONAL = "national"


class Rating(StrEnum):
    """A member's yearly rating (xếp loại), best first."""

    HTXSNV = "HTXSNV"
    """Hoàn thành xuất sắc nhiệm vụ."""
    HTTNV = "HTTNV"
    """Hoàn thành tốt nhiệm vụ."""
    HTNV = "HTNV"
    """Hoàn thành nhiệm vụ."""
    KHTNV = "KHTNV"
    """Không hoàn thành nhiệm vụ."""


class NomineeKind(StrEnum):
    """Who a proposal nominates."""

    UNIT = "unit"
    MEMBER = "member"
    AGENCY = "agency"


class RecipientKind(StrEnum):
    """Who received an award (form 0602.N/0603.N: collective, household, individual)."""

    UNIT = "unit"
    MEMBER = "member"
    AGENCY = "agency"
    HOUSEHOLD = "household"


class CommendationKind(StrEnum):
    """Kind of commendation (Art 8)."""

    REGULAR = "regular"
    """Công trạng: regular merit."""
    THEMATIC = "thematic"
    """Theo đợt, chuyên đề: per campaign."""
    AD_HOC = "ad_hoc"
    """Đột xuất."""
    LONG_SERVICE = "long_service"
    """Quá trình cống hiến."""
    SENIORITY = "seniority"
    """Niên hạn."""
    FOREIGN = "foreign"
    """Đối ngoại."""
