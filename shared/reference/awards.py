"""The awards catalogue: every title and form of commendation, by a stable ASCII code.

Codes are what events, proposals and statistics carry; ``name_vi`` is what users read.
Sources: Law 06/2022/QH15 (titles Art 19–28, forms Art 9, powers Art 80–83) and Decree
98/2023/NĐ-CP Art 54 (bonuses in multiples of the base salary). Bonuses the domain brief does
not state are ``None`` until verified.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field


class RecipientScope(StrEnum):
    """Who may receive an award: individuals (cá nhân), collectives (tập thể) or both."""

    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"
    BOTH = "both"


class GrantingLevel(StrEnum):
    """The authority whose power it is to grant an award (Art 80–83)."""

    UNIT = "unit"
    """Head of an agency or unit, e.g. a Sở director (LĐTT, CSTĐCS, TTLĐTT, Giấy khen)."""
    MINISTRY_PROVINCE = "ministry_province"
    """A minister or a province's People's Committee chair."""
    PRIME_MINISTER = "prime_minister"
    PRESIDENT = "president"


class AwardCategory(StrEnum):
    """The kind of award, as the law and the statistical forms group them."""

    TITLE = "title"
    """Danh hiệu thi đua for individuals or collectives (LĐTT, CSTĐ…, TTLĐXS…)."""
    ORDER = "order"
    """Huân chương."""
    MEDAL = "medal"
    """Huy chương."""
    HONORARY_TITLE = "honorary_title"
    """Danh hiệu vinh dự nhà nước (e.g. Anh hùng Lao động)."""
    PRIZE = "prize"
    """Giải thưởng Hồ Chí Minh, Giải thưởng Nhà nước."""
    COMMEMORATIVE_MEDAL = "commemorative_medal"
    """Kỷ niệm chương."""
    CERTIFICATE = "certificate"
    """Bằng khen."""
    MERIT_CERTIFICATE = "merit_certificate"
    """Giấy khen."""
    FLAG = "flag"
    """Cờ thi đua."""


class AwardDefinition(BaseModel):
    """One entry of the awards catalogue."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$", description="Stable ASCII code.")
    name_vi: str = Field(min_length=1, description="Vietnamese name shown to users.")
    recipient: RecipientScope = Field(description="Individuals, collectives or both.")
    granting_level: GrantingLevel = Field(description="Authority that grants it.")
    category: AwardCategory = Field(description="Title, order, medal, Bằng khen, …")
    state_level: bool = Field(
        description="State-level award (reported on form 0602.N) rather than ministry/province "
        "or unit level (form 0603.N or none)."
    )
    bonus_multiplier: Decimal | None = Field(
        default=None, description="Bonus in multiples of the base salary (Decree 98 Art 54)."
    )


class UnknownAwardCode(KeyError):
    """An award code that is not in the catalogue."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return f"unknown award code {self.code!r}; known codes: {', '.join(sorted(AWARDS))}"


_I, _C, _B = RecipientScope.INDIVIDUAL, RecipientScope.COLLECTIVE, RecipientScope.BOTH
_UNIT = GrantingLevel.UNIT
_MP = GrantingLevel.MINISTRY_PROVINCE
_PM = GrantingLevel.PRIME_MINISTER
_PRES = GrantingLevel.PRESIDENT
_Cat = AwardCategory


def _award(
    code: str,
    name_vi: str,
    recipient: RecipientScope,
    granting_level: GrantingLevel,
    category: AwardCategory,
    *,
    state_level: bool,
    bonus: str | None = None,
) -> AwardDefinition:
    return AwardDefinition(
        code=code,
        name_vi=name_vi,
        recipient=recipient,
        granting_level=granting_level,
        category=category,
        state_level=state_level,
        bonus_multiplier=Decimal(bonus) if bonus is not None else None,
    )


_DEFINITIONS = (
    # Titles for individuals (Art 21–24).
    _award("LDTT", "Lao động tiên tiến", _I, _UNIT, _Cat.TITLE, state_level=False, bonus="0.3"),
    _award(
        "CSTDCS", "Chiến sĩ thi đua cơ sở", _I, _UNIT, _Cat.TITLE, state_level=False, bonus="1.0"
    ),
    _award(
        "CSTD_BO", "Chiến sĩ thi đua cấp bộ", _I, _MP, _Cat.TITLE, state_level=False, bonus="3.0"
    ),
    _award(
        "CSTD_TINH",
        "Chiến sĩ thi đua cấp tỉnh",
        _I,
        _MP,
        _Cat.TITLE,
        state_level=False,
        bonus="3.0",
    ),
    _award(
        "CSTDTQ", "Chiến sĩ thi đua toàn quốc", _I, _PM, _Cat.TITLE, state_level=True, bonus="4.5"
    ),
    # Titles for collectives (Art 25–28).
    _award(
        "TTLDTT",
        "Tập thể lao động tiên tiến",
        _C,
        _UNIT,
        _Cat.TITLE,
        state_level=False,
        bonus="0.8",
    ),
    _award(
        "TTLDXS", "Tập thể lao động xuất sắc", _C, _MP, _Cat.TITLE, state_level=False, bonus="1.5"
    ),
    _award("CO_THI_DUA_BO", "Cờ thi đua cấp bộ", _C, _MP, _Cat.FLAG, state_level=False),
    _award("CO_THI_DUA_TINH", "Cờ thi đua cấp tỉnh", _C, _MP, _Cat.FLAG, state_level=False),
    _award(
        "CO_THI_DUA_CP",
        "Cờ thi đua của Chính phủ",
        _C,
        _PM,
        _Cat.FLAG,
        state_level=True,
        bonus="12",
    ),
    # Bằng khen, Giấy khen, Kỷ niệm chương.
    _award("BK_BO", "Bằng khen cấp bộ", _B, _MP, _Cat.CERTIFICATE, state_level=False),
    _award("BK_TINH", "Bằng khen cấp tỉnh", _B, _MP, _Cat.CERTIFICATE, state_level=False),
    _award(
        "BK_TTG", "Bằng khen của Thủ tướng Chính phủ", _B, _PM, _Cat.CERTIFICATE, state_level=True
    ),
    _award("GIAY_KHEN", "Giấy khen", _B, _UNIT, _Cat.MERIT_CERTIFICATE, state_level=False),
    _award("KNC", "Kỷ niệm chương", _I, _MP, _Cat.COMMEMORATIVE_MEDAL, state_level=False),
    # Orders (Huân chương), medals, honorary titles and prizes: granted by the President.
    _award("HCSV", "Huân chương Sao vàng", _B, _PRES, _Cat.ORDER, state_level=True),
    _award("HCHCM", "Huân chương Hồ Chí Minh", _B, _PRES, _Cat.ORDER, state_level=True),
    _award("HCDL1", "Huân chương Độc lập hạng Nhất", _B, _PRES, _Cat.ORDER, state_level=True),
    _award("HCDL2", "Huân chương Độc lập hạng Nhì", _B, _PRES, _Cat.ORDER, state_level=True),
    _award("HCDL3", "Huân chương Độc lập hạng Ba", _B, _PRES, _Cat.ORDER, state_level=True),
    _award("HCLD1", "Huân chương Lao động hạng Nhất", _B, _PRES, _Cat.ORDER, state_level=True),
    _award("HCLD2", "Huân chương Lao động hạng Nhì", _B, _PRES, _Cat.ORDER, state_level=True),
    _award("HCLD3", "Huân chương Lao động hạng Ba", _B, _PRES, _Cat.ORDER, state_level=True),
    _award("HUY_CHUONG", "Huy chương", _I, _PRES, _Cat.MEDAL, state_level=True),
    _award("AHLD", "Anh hùng Lao động", _B, _PRES, _Cat.HONORARY_TITLE, state_level=True),
    _award("GT_HCM", "Giải thưởng Hồ Chí Minh", _B, _PRES, _Cat.PRIZE, state_level=True),
    _award("GT_NN", "Giải thưởng Nhà nước", _B, _PRES, _Cat.PRIZE, state_level=True),
)

AWARDS: Mapping[str, AwardDefinition] = MappingProxyType({a.code: a for a in _DEFINITIONS})
"""The catalogue, keyed by code (read-only)."""


def get_award(code: str) -> AwardDefinition:
    """The definition of ``code``; raises :class:`UnknownAwardCode` if there is none."""
    try:
        return AWARDS[code]
    except KeyError:
        raise UnknownAwardCode(code) from None


def is_individual(code: str) -> bool:
    """Whether individuals (members) may receive the award."""
    return get_award(code).recipient in (RecipientScope.INDIVIDUAL, RecipientScope.BOTH)


def is_collective(code: str) -> bool:
    """Whether collectives (units, agencies, enterprises) may receive the award."""
    return get_award(code).recipient in (RecipientScope.COLLECTIVE, RecipientScope.BOTH)


def is_for_enterprise(code: str) -> bool:
    """Whether an enterprise (doanh nghiệp, outside every agency's directory) may receive the
    award: the collective awards but the collective titles (TTLĐTT, TTLĐXS), which are judged
    on the members of a collective the directory holds (Art 27–28)."""
    award = get_award(code)
    return is_collective(code) and not (
        award.category is AwardCategory.TITLE and award.recipient is RecipientScope.COLLECTIVE
    )
