"""Rules as data: one :class:`Rule` per award, recipient kind and regime, with its dates, and
one :class:`KindLimit` per group of awards the law gives only as some kinds of commendation.

The rule applied to a dossier is the one in force on the day it was filed (see
:data:`~.rulebook.TRANSITION_BASIS`): a decision's awards by the latest submission of the
proposal it decides, else by its signing day; an eligibility question by its ``as_of`` day.
A question without a day is read as a dossier filed on the last day of the achievement
(31 December of its last year).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from services.awards.domain.eligibility.model import Requirement
from services.awards.domain.wording import KIND_VI
from shared.events.vocabulary import CommendationKind, RecipientKind


@dataclass(frozen=True, slots=True)
class Rule:
    """The requirements for one award in one regime.

    ``period_years``: how many years of achievement the award rewards (1 for yearly titles,
    3 for CSTĐ bộ/tỉnh, 5 for Bằng khen Thủ tướng…). ``regular_merit_only``: thematic and ad
    hoc awards do not count toward its chains. ``verify`` lists readings not yet confirmed
    from the official text; ``notes`` the readings of the texts the rule relies on, each with
    its citation.
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
    notes: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Stable id of this version, e.g. ``CSTDCS@2024-01-01``."""
        return f"{self.code}@{self.effective_from.isoformat()}"

    def in_force_on(self, day: date) -> bool:
        """Whether this version governs ``day``."""
        return self.effective_from <= day <= (self.effective_to or date.max)


@dataclass(frozen=True, slots=True)
class KindLimit:
    """The kinds of commendation (Art 8) the law gives ``codes`` as, in one regime: a yearly
    title is the result of a year's emulation (công trạng), never a campaign's or an exploit's."""

    codes: frozenset[str]
    kinds: frozenset[CommendationKind]
    effective_from: date
    effective_to: date | None
    legal_basis: str

    def in_force_on(self, day: date) -> bool:
        """Whether this version governs ``day``."""
        return self.effective_from <= day <= (self.effective_to or date.max)


@dataclass(frozen=True, slots=True)
class Rulebook:
    """Every rule version, the principles that apply to every award, and the kinds of
    commendation the law allows per award."""

    rules: tuple[Rule, ...]
    principles: tuple[Requirement, ...]
    kind_limits: tuple[KindLimit, ...] = ()
    regime_basis: str = ""
    """Why a dossier is judged under the rules in force on the day it was filed."""

    def __post_init__(self) -> None:
        for i, rule in enumerate(self.rules):
            for other in self.rules[i + 1 :]:
                same = (other.code, other.recipient_kind) == (rule.code, rule.recipient_kind)
                if same and _overlap(rule, other):
                    raise ValueError(f"{rule.id} overlaps {other.id}")

    def rule_for(
        self, code: str, recipient_kind: RecipientKind, year: int, filed_on: date | None = None
    ) -> Rule | None:
        """The version in force on the day the dossier was filed (``filed_on``), or, without
        one, on 31 December of the achievement's last ``year``."""
        day = filed_on or date(year, 12, 31)
        for rule in self.rules:
            if (rule.code, rule.recipient_kind) == (code, recipient_kind) and rule.in_force_on(day):
                return rule
        return None

    def kind_limit(self, code: str, day: date) -> KindLimit | None:
        """The limit on the kinds of commendation of ``code`` in force on ``day``, if any."""
        return next((k for k in self.kind_limits if code in k.codes and k.in_force_on(day)), None)

    def allows(self, code: str, kind: CommendationKind, day: date) -> bool:
        """Whether the law gives ``code`` as ``kind`` on ``day``."""
        limit = self.kind_limit(code, day)
        return limit is None or kind in limit.kinds

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
    """The rulebook as a Markdown table (code, dates, requirements, legal basis, [verify]): a
    row per rule, one for the principles, one per limit on kinds of commendation, and one for
    how a regime is chosen."""
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
    lines += [_kind_row(limit) for limit in rulebook.kind_limits]
    if rulebook.regime_basis:
        lines.append(
            f"| * | mọi | mọi | chọn quy tắc theo ngày trình hồ sơ | {rulebook.regime_basis} | |"
        )
    return "\n".join(lines)


def _kind_row(limit: KindLimit) -> str:
    until = limit.effective_to.isoformat() if limit.effective_to else "nay"
    kinds = ", ".join(KIND_VI[k] for k in CommendationKind if k in limit.kinds)
    cells = (
        ", ".join(sorted(limit.codes)),
        "mọi",
        f"{limit.effective_from}–{until}",
        f"chỉ khen thưởng loại: {kinds}",
        limit.legal_basis,
        "",
    )
    return "| " + " | ".join(cells) + " |"
