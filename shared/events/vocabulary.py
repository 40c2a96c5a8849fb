"""Closed vocabularies and constrained field types shared by the event payloads.

Enum values are the wire format (lower-case ASCII); names are for code. Adding a value is a
change consumers must know before producers use it: older consumers reject unknown values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from shared.reference.awards import GrantingLevel
from shared.reference.provinces import ProvinceList
from shared.vietnam_time import today_in_vietnam

__all__ = [
    "BUSINESS_DATE_FLOOR",
    "AgencyCode",
    "AgencyKind",
    "AwardCode",
    "BallotCount",
    "BlocKind",
    "BusinessDate",
    "CampaignForm",
    "CampaignScope",
    "CommendationKind",
    "EntityId",
    "FreeText",
    "GrantingLevel",
    "InitiativeLevel",
    "LaunchingLevel",
    "Name",
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
    "business_date_ceiling",
    "check_business_date",
    "checked_text",
]

_H = TypeVar("_H", bound=Hashable)


def _unique(items: list[_H]) -> list[_H]:
    if len(set(items)) != len(items):
        raise ValueError("items must be unique")
    return items


# --- Text people type -----------------------------------------------------------------------

# The patterns tell clients of the control characters; the validators also refuse line and
# paragraph separators in one line, bidirectional controls, and text with nothing visible.
_ONE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
_MULTI_LINE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
_ONE_LINE_REFUSED = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MULTI_LINE_REFUSED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029]")
_BLANK_EDGES = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$")
_VISIBLE_CATEGORIES = frozenset("LNPS")
"""Letters, numbers, punctuation and symbols: what a reader sees."""


def _refusal(kind: str, message: str, char: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message + " (found U+{code})", {"code": f"{ord(char):04X}"})


def checked_text(value: Any, *, multiline: bool = False, required: bool = True) -> Any:
    """Text as stored: NFC, without blank edges; refused if it holds control characters (but
    tab and newline in ``multiline`` text, whose line breaks become ``\\n``), bidirectional
    overrides or isolates, or (``required``) nothing visible. Non-text is left to the schema.
    """
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", value)
    if multiline:
        text = _NEWLINES.sub("\n", text)
    control = (_MULTI_LINE_REFUSED if multiline else _ONE_LINE_REFUSED).search(text)
    if control:
        raise _refusal("text_control_character", "must not hold control characters", control[0])
    text = _BLANK_EDGES.sub("", _refuse_bidi_controls(text))
    if required and not any(unicodedata.category(c)[0] in _VISIBLE_CATEGORIES for c in text):
        raise PydanticCustomError("text_blank", "must hold a visible character")
    return text


def _refuse_bidi_controls(text: str) -> str:
    bidi = _BIDI_CONTROLS.search(text)
    if bidi:
        message = "must not hold bidirectional overrides or isolates"
        raise _refusal("text_bidi_control", message, bidi[0])
    return text


# --- Ids, codes, numbers -------------------------------------------------------------------

EntityId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=128,
        pattern=r"^[^\s\x00-\x1f\x7f-\x9f]+$",
        description="Globally unique id (a UUID as text, or an agency-prefixed id).",
    ),
    AfterValidator(_refuse_bidi_controls),
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
ProvinceCode = Annotated[str, Field(pattern=r"^[0-9]{2}$", description="Two-digit province code.")]
Year = Annotated[int, Field(ge=1945, le=2100, description="Calendar year.")]
BallotCount = Annotated[int, Field(ge=0, le=100_000, description="A number of ballots.")]

# --- Business dates -------------------------------------------------------------------------

BUSINESS_DATE_FLOOR = date(1945, 1, 1)
"""The earliest business date: the year the Democratic Republic of Vietnam was founded, where
imported history (decisions of past decades) begins, as :data:`Year` does."""
BUSINESS_DATE_HORIZON_YEARS = 10
"""How far ahead a business date may lie: a long campaign planned today, not a typo's 9999."""


def business_date_ceiling(today: date | None = None) -> date:
    """The latest business date: 31 December of the tenth year after today's (in Vietnam)."""
    return date((today or today_in_vietnam()).year + BUSINESS_DATE_HORIZON_YEARS, 12, 31)


def check_business_date(day: date) -> date:
    """``day`` if it lies in the business window; a validation error naming the window if not.

    The window also keeps Vietnam's midnight of every date inside ``datetime``'s range.
    """
    ceiling = business_date_ceiling()
    if BUSINESS_DATE_FLOOR <= day <= ceiling:
        return day
    raise PydanticCustomError(
        "business_date_range",
        "must be a date from {floor} to {ceiling}",
        {"floor": BUSINESS_DATE_FLOOR.isoformat(), "ceiling": ceiling.isoformat()},
    )


BusinessDate = Annotated[date, AfterValidator(check_business_date)]
"""A day in Vietnam something happened or will happen: from 1945-01-01 to 31 December of the
tenth year from now."""

# --- Text types ----------------------------------------------------------------------------


def _one_line(value: Any) -> Any:
    return checked_text(value)


def _multi_line(value: Any) -> Any:
    return checked_text(value, multiline=True)


def _free(value: Any) -> Any:
    return checked_text(value, multiline=True, required=False)


Name = Annotated[
    str,
    BeforeValidator(_one_line),
    Field(min_length=1, max_length=2000, json_schema_extra={"pattern": _ONE_LINE_PATTERN}),
]
"""One line people read (a name, a title, an authority): NFC, no control characters, bidi
overrides or isolates, not blank. Narrow a text type as ``Annotated[Name, Field(max_length=…)]``:
a length given to the field itself would not reach the JSON schema."""
Text = Annotated[
    str,
    BeforeValidator(_multi_line),
    Field(min_length=1, max_length=2000, json_schema_extra={"pattern": _MULTI_LINE_PATTERN}),
]
"""Sentences people write (a reason, a justification): as :data:`Name`, but tabs and line
breaks are allowed."""
FreeText = Annotated[
    str,
    BeforeValidator(_free),
    Field(max_length=20000, json_schema_extra={"pattern": _MULTI_LINE_PATTERN}),
]
"""Long free text that may be empty (criteria, a summary, a note): as :data:`Text`."""
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
    """A member's position group, as forms 0602.N and 0603.N of Circular 02/2023/TT-BNV break
    individuals down (``services/reporting/forms/award_form.py`` maps each to its row)."""

    MINISTRY_LEADER = "ministry_leader"
    """Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên."""
    DEPARTMENT_HEAD = "department_head"
    """Lãnh đạo cấp vụ, sở, ngành và tương đương (e.g. a Sở's director or deputy director)."""
    ENTREPRENEUR = "entrepreneur"
    """Doanh nhân."""
    LEADER = "leader"
    """Lãnh đạo, quản lý below those: các cấp lãnh đạo khác từ phó phòng trở lên."""
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
    ENTERPRISE = "enterprise"
    """A doanh nghiệp, named by its tax code (mã số thuế)."""


class RecipientKind(StrEnum):
    """Who received an award (form 0602.N/0603.N: collective — of which enterprises —,
    household, individual)."""

    UNIT = "unit"
    MEMBER = "member"
    AGENCY = "agency"
    HOUSEHOLD = "household"
    ENTERPRISE = "enterprise"
    """A doanh nghiệp, a collective named by its tax code (mã số thuế), in no directory."""


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
