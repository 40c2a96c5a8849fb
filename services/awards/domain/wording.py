"""Vietnamese words of the officer's messages: levels, recipients, kinds of commendation."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from shared.events.vocabulary import CommendationKind, GrantingLevel, RecipientKind

LEVEL_VI: Mapping[GrantingLevel, str] = MappingProxyType(
    {
        GrantingLevel.UNIT: "cơ sở (Giám đốc Sở, Cục trưởng…)",
        GrantingLevel.MINISTRY_PROVINCE: "bộ, tỉnh (Bộ trưởng, Chủ tịch UBND tỉnh)",
        GrantingLevel.PRIME_MINISTER: "Thủ tướng Chính phủ",
        GrantingLevel.PRESIDENT: "Chủ tịch nước",
    }
)
RECIPIENT_VI: Mapping[RecipientKind, str] = MappingProxyType(
    {
        RecipientKind.MEMBER: "cá nhân",
        RecipientKind.UNIT: "tập thể",
        RecipientKind.AGENCY: "cơ quan",
        RecipientKind.HOUSEHOLD: "hộ gia đình",
        RecipientKind.ENTERPRISE: "doanh nghiệp",
    }
)
KIND_VI: Mapping[CommendationKind, str] = MappingProxyType(
    {
        CommendationKind.REGULAR: "thường xuyên (công trạng)",
        CommendationKind.THEMATIC: "theo đợt, chuyên đề",
        CommendationKind.AD_HOC: "đột xuất",
        CommendationKind.LONG_SERVICE: "quá trình cống hiến",
        CommendationKind.SENIORITY: "niên hạn",
        CommendationKind.FOREIGN: "đối ngoại",
    }
)
