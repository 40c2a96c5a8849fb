"""The engine's vocabulary: checks, verdicts, an agency's policy and the evaluation context."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from services.awards.domain.eligibility.facts import Facts, GrantedAward, Recipient
from shared.events.vocabulary import CommendationKind
from shared.reference.awards import get_award


class VerdictStatus(StrEnum):
    """The engine's answer."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"
    """A needed fact is missing (e.g. no rating recorded) and nothing else fails."""


@dataclass(frozen=True, slots=True)
class Check:
    """One requirement's finding: met, not met, or unknown (None), with the reason in Vietnamese.

    ``reason_code`` is stable ASCII for programs (e.g. ``streak_broken``).
    """

    met: bool | None
    reason_vi: str
    reason_code: str


def combine(checks: Iterable[Check]) -> VerdictStatus:
    """Not eligible if any check fails; else unknown if any is unknown; else eligible."""
    found = [c.met for c in checks]
    if False in found:
        return VerdictStatus.NOT_ELIGIBLE
    if None in found:
        return VerdictStatus.UNKNOWN
    return VerdictStatus.ELIGIBLE


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a recipient qualifies for an award for an achievement year, and why."""

    recipient: Recipient
    award_code: str
    year: int
    status: VerdictStatus
    reasons: tuple[Check, ...]
    rule: str | None
    """Id of the rule version applied (``CODE@effective-from``); None if no rule covers it."""

    @property
    def unmet(self) -> tuple[Check, ...]:
        """The checks that failed or could not be decided."""
        return tuple(c for c in self.reasons if c.met is not True)


@dataclass(frozen=True, slots=True)
class AgencyPolicy:
    """How an agency tightens the national rules; the defaults add nothing.

    ``cstdcs_cap_share``: at most this share of the year's LĐTT holders may be CSTĐCS
    (the national 15% of Decree 91/2017 ended with 2023). ``require_prior_award``: keep
    requiring the lower award before Bằng khen Thủ tướng / Huân chương Lao động hạng Ba should
    the national rules drop it; the Law names it, so today they do not
    (``rulebook.PRIOR_AWARD_BASIS``) and the setting changes nothing.
    """

    cstdcs_cap_share: Decimal | None = None
    require_prior_award: bool = False

    def __post_init__(self) -> None:
        share = self.cstdcs_cap_share
        if share is not None and not Decimal(0) < share <= Decimal(1):
            raise ValueError("cstdcs_cap_share must be in (0, 1]")


NO_TIGHTENING = AgencyPolicy()
"""The national rules as they stand: the default policy."""

Prospect = Callable[[str, int], VerdictStatus]
"""The engine's verdict on another code for the same recipient and a year."""

Lawful = Callable[[GrantedAward], bool]
"""Whether the law gives an award's code as the kind of commendation it was recorded as."""


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a requirement may read for one evaluation."""

    facts: Facts
    recipient: Recipient
    code: str
    year: int
    span: tuple[int, int]
    """Achievement years being rewarded, first and last."""
    kind: CommendationKind
    campaign_id: str | None
    regular_only: bool
    """Whether only regular-merit awards count toward chains (Decree 152/2025)."""
    policy: AgencyPolicy
    as_of: date | None
    periods: Mapping[str, int]
    """Years of achievement each multi-year code rewards (CSTĐ bộ/tỉnh: 3, …)."""
    prospect: Prospect
    lawful: Lawful

    def counts(self, award: GrantedAward) -> bool:
        """Whether an award may count toward a chain under this rule: a regular one always;
        a title recorded as thematic or ad hoc, which the law does not give, never (its
        criteria were never checked); another non-regular one unless the rule says so."""
        if award.kind is CommendationKind.REGULAR:
            return True
        return self.lawful(award) and not self.regular_only

    def award_years(self, codes: Collection[str], recipient: Recipient | None = None) -> set[int]:
        """Years in which the recipient holds a counted award of ``codes``.

        A yearly title counts for each year it covers; a multi-year award for its last year.
        """
        years: set[int] = set()
        for award in self.facts.awards_of(recipient or self.recipient):
            if award.code in codes and self.counts(award):
                if self.periods.get(award.code, 1) == 1:
                    years.update(range(award.year_from, award.year_to + 1))
                else:
                    years.add(award.year_to)
        return years

    def first_counting_year(self) -> int | None:
        """After a discipline hold that ended before the achievement year, achievements count
        only from the year after its end (holds touching the year itself bar it outright)."""
        ends = [
            h.to_date.year + 1
            for h in self.facts.holds_of(self.recipient)
            if h.to_date is not None and h.to_date.year < self.year
        ]
        return max(ends, default=None)

    def held_for(self, codes: Collection[str], year: int) -> bool | None:
        """Whether the recipient holds ``codes`` for ``year``; for the year being evaluated a
        missing title is replaced by the engine's verdict on it (None when that is unknown)."""
        if year in self.award_years(codes):
            return True
        if year != self.year:
            return False
        statuses = {self.prospect(code, year) for code in codes}
        if VerdictStatus.ELIGIBLE in statuses:
            return True
        return None if VerdictStatus.UNKNOWN in statuses else False


class Requirement(Protocol):
    """One condition of a rule, as data; ``check`` is a pure function of the context.

    ``check`` returns None when the requirement does not apply (e.g. no campaign asks for
    registration); such requirements are left out of the verdict.
    """

    def check(self, ctx: Context) -> Check | None:
        """The finding for this evaluation."""
        ...

    def describe(self) -> str:
        """A short Vietnamese statement of the requirement, for the rule table."""
        ...


def names_vi(codes: Iterable[str]) -> str:
    """Vietnamese names of award codes, joined with "hoặc"."""
    return " hoặc ".join(get_award(code).name_vi for code in codes)


def years_vi(years: Iterable[int]) -> str:
    """Years as "2019, 2020"."""
    return ", ".join(str(y) for y in sorted(years))


def span_vi(first: int, last: int) -> str:
    """A span of years as "2016–2020" (or one year)."""
    return str(last) if first == last else f"{first}–{last}"
