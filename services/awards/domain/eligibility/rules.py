"""Rules as data: one :class:`Rule` per award, recipient kind and regime, with its dates.

The rule applied to an achievement is the one in force on the last day of its last year
(31 December): decisions on a year's achievements are taken at its end or early the next year,
under the rules that governed the year. An achievement of 2025 is judged under Decree 152/2025
(in force from 1 July 2025), one of 2023 under the law of 2003/2013.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from services.awards.domain.eligibility.model import Requirement
from shared.events.vocabulary import RecipientKind


@dataclass(frozen=True, slots=True)
class Rule:
    """The requirements for one award in one regime.

    ``period_years``: how many years of achievement the award rewards (1 for yearly titles,
    3 for CSTĐ bộ/tỉnh, 5 for Bằng khen Thủ tướng…). ``regular_merit_only``: thematic and ad
    hoc awards do not count toward its chains. ``verify`` lists readings not yet confirmed
    from the official text.
    """

    code: str
    recipient_kind: RecipientKind
    effective_from: date
    effective_to: date | None
    requirements: tuple[Requirement, ...]
    description_vi: str
    legal_basis: str
    period_years: int = 1
    regular_merit_only: bool = False
    verify: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Stable id of this version, e.g. ``CSTDCS@2024-01-01``."""
        return f"{self.code}@{self.effective_from.isoformat()}"

    def in_force_on(self, day: date) -> bool:
        """Whether this version governs ``day``."""
        return self.effective_from <= day <= (self.effective_to or date.max)


@dataclass(frozen=True, slots=True)
class Rulebook:
    """Every rule version, plus the principles that apply to every award."""

    rules: tuple[Rule, ...]
    principles: tuple[Requirement, ...]

    def __post_init__(self) -> None:
        for i, rule in enumerate(self.rules):
            for other in self.rules[i + 1 :]:
                same = (other.code, other.recipient_kind) == (rule.code, rule.recipient_kind)
                if same and _overlap(rule, other):
                    raise ValueError(f"{rule.id} overlaps {other.id}")

    def rule_for(self, code: str, recipient_kind: RecipientKind, year: int) -> Rule | None:
        """The version in force on 31 December of the achievement's last ``year``."""
        day = date(year, 12, 31)
        for rule in self.rules:
            if (rule.code, rule.recipient_kind) == (code, recipient_kind) and rule.in_force_on(day):
                return rule
        return None

    @property
    def periods(self) -> Mapping[str, int]:
        """Years of achievement per award code (1 unless a rule says more)."""
        return MappingProxyType({r.code: r.period_years for r in self.rules})

    def period_of(self, code: str) -> int:
        """Years of achievement the award ``code`` rewards."""
        return self.periods.get(code, 1)


def _overlap(a: Rule, b: Rule) -> bool:
    a_end = a.effective_to or date.max
    b_end = b.effective_to or date.max
    return a.effective_from <= b_end and b.effective_from <= a_end


def rule_table(rulebook: Rulebook) -> str:
    """The rulebook as a Markdown table (code, dates, requirements, legal basis, [verify])."""
    lines = [
        "| mã | đối tượng | hiệu lực | yêu cầu | căn cứ | [verify] |",
        "|---|---|---|---|---|---|",
    ]
    for rule in rulebook.rules:
        until = rule.effective_to.isoformat() if rule.effective_to else "nay"
        needs = "; ".join(r.describe() for r in rule.requirements)
        if rule.regular_merit_only:
            needs += "; chỉ tính khen công trạng"
        dates = f"{rule.effective_from}–{until}"
        verify = "; ".join(rule.verify)
        cells = (rule.code, rule.recipient_kind.value, dates, needs, rule.legal_basis, verify)
        lines.append("| " + " | ".join(cells) + " |")
    principles = "; ".join(p.describe() for p in rulebook.principles)
    lines.append(f"| * | mọi | mọi | {principles} | Luật TĐKT 2022 Điều 5; NĐ 152/2025 | |")
    return "\n".join(lines)
