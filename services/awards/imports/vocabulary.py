"""What officers write in a decisions spreadsheet, mapped to the API's values.

Text is compared folded (no case, diacritics or punctuation): ``Chiến sỹ thi đua cơ sở``,
``CSTĐCS`` and ``cstdcs`` all name CSTDCS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from shared.events.vocabulary import CommendationKind, GrantingLevel, RecipientKind
from shared.reference.awards import AWARDS
from shared.text import fold


def key(text: str) -> str:
    """``Bằng khen của Bộ Công Thương`` → ``bang khen cua bo cong thuong``."""
    folded = re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()
    return re.sub(r"\bsy\b", "si", folded)  # "Chiến sỹ" is a common spelling of "Chiến sĩ"


def _keyed(names: Mapping[str, tuple[str, ...]]) -> Mapping[str, str]:
    return MappingProxyType(
        {key(alias): value for value, aliases in names.items() for alias in (value, *aliases)}
    )


_AWARD_ALIASES: dict[str, tuple[str, ...]] = {
    "BK_TTG": ("Bằng khen Thủ tướng", "Bằng khen Chính phủ", "Bằng khen của Chính phủ"),
    "BK_BO": (
        "Bằng khen Bộ",
        "Bằng khen của Bộ",
        "Bằng khen Bộ Công Thương",
        "Bằng khen của Bộ Công Thương",
    ),
    "BK_TINH": (
        "Bằng khen tỉnh",
        "Bằng khen UBND tỉnh",
        "Bằng khen của UBND tỉnh",
        "Bằng khen thành phố",
        "Bằng khen UBND thành phố",
        "Bằng khen của UBND thành phố",
    ),
    "CSTD_BO": ("CSTĐ cấp bộ", "Chiến sĩ thi đua Bộ", "Chiến sĩ thi đua ngành Công Thương"),
    "CSTD_TINH": ("CSTĐ cấp tỉnh", "Chiến sĩ thi đua cấp thành phố", "CSTĐ cấp thành phố"),
    "CO_THI_DUA_BO": (
        "Cờ thi đua Bộ",
        "Cờ thi đua của Bộ Công Thương",
        "Cờ thi đua xuất sắc của Bộ Công Thương",
    ),
    "CO_THI_DUA_TINH": (
        "Cờ thi đua tỉnh",
        "Cờ thi đua thành phố",
        "Cờ thi đua xuất sắc của thành phố",
        "Cờ thi đua của UBND thành phố",
    ),
    "CO_THI_DUA_CP": ("Cờ thi đua Chính phủ",),
}
AWARD_CODES: Mapping[str, str] = MappingProxyType(
    {
        **{key(code): code for code in AWARDS},
        **{key(award.name_vi): code for code, award in AWARDS.items()},
        **_keyed(_AWARD_ALIASES),
    }
)

RECIPIENT_KINDS = _keyed(
    {
        RecipientKind.MEMBER: ("cá nhân", "individual"),
        RecipientKind.UNIT: ("tập thể", "đơn vị", "collective"),
        RecipientKind.AGENCY: ("cơ quan", "Sở"),
        RecipientKind.HOUSEHOLD: ("hộ gia đình", "hộ"),
        RecipientKind.ENTERPRISE: ("doanh nghiệp", "DN"),
    }
)

LEVELS = _keyed(
    {
        GrantingLevel.UNIT: ("cơ sở", "cấp cơ sở", "đơn vị", "Giám đốc Sở", "Cục trưởng"),
        GrantingLevel.MINISTRY_PROVINCE: (
            "bộ/tỉnh",
            "bộ",
            "tỉnh",
            "thành phố",
            "cấp bộ",
            "cấp tỉnh",
            "Bộ trưởng",
            "UBND tỉnh",
            "UBND thành phố",
        ),
        GrantingLevel.PRIME_MINISTER: ("Thủ tướng", "Thủ tướng Chính phủ", "Chính phủ"),
        GrantingLevel.PRESIDENT: ("Chủ tịch nước", "Nhà nước"),
    }
)

COMMENDATION_KINDS = _keyed(
    {
        CommendationKind.REGULAR: ("thường xuyên", "công trạng", "hằng năm", "thành tích"),
        CommendationKind.THEMATIC: ("chuyên đề", "theo chuyên đề", "theo đợt", "đợt"),
        CommendationKind.AD_HOC: ("đột xuất",),
        CommendationKind.LONG_SERVICE: ("cống hiến", "quá trình cống hiến"),
        CommendationKind.SENIORITY: ("niên hạn",),
        CommendationKind.FOREIGN: ("đối ngoại",),
    }
)


def award_code_of(text: str) -> str | None:
    return AWARD_CODES.get(key(text))


def recipient_kind_of(text: str) -> RecipientKind | None:
    found = RECIPIENT_KINDS.get(key(text))
    return None if found is None else RecipientKind(found)


def level_of(text: str) -> GrantingLevel | None:
    found = LEVELS.get(key(text))
    return None if found is None else GrantingLevel(found)


def commendation_kind_of(text: str) -> CommendationKind | None:
    found = COMMENDATION_KINDS.get(key(text))
    return None if found is None else CommendationKind(found)
