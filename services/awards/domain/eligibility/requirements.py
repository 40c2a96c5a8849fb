"""Requirements on an individual's own record: ratings, initiatives and chains of awards.

Each is a small frozen value (the rule is data) with a pure ``check``. Chains read only the
awards that count under the rule (Decree 152/2025: no thematic or ad hoc awards) and only years
after the end of any discipline hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.awards.domain.eligibility.model import (
    Check,
    Context,
    Requirement,
    VerdictStatus,
    combine,
    names_vi,
    span_vi,
    years_vi,
)
from shared.events.vocabulary import InitiativeLevel, Rating
from shared.reference.awards import get_award

RATING_RANK = {Rating.KHTNV: 0, Rating.HTNV: 1, Rating.HTTNV: 2, Rating.HTXSNV: 3}
LEVEL_RANK = {level: rank for rank, level in enumerate(InitiativeLevel)}
"""Grassroots < ministry/province < national, the order the vocabulary lists them."""
LEVEL_VI = {
    InitiativeLevel.GRASSROOTS: "cấp cơ sở trở lên",
    InitiativeLevel.MINISTRY_PROVINCE: "cấp bộ/tỉnh trở lên",
    InitiativeLevel.NATIONAL: "cấp toàn quốc",
}


def _window(ctx: Context, years: int) -> range:
    return range(ctx.year - years + 1, ctx.year + 1)


def _before_discipline_end(ctx: Context, years: Iterable[int]) -> list[int]:
    start = ctx.first_counting_year()
    return [y for y in years if start is not None and y < start]


def _excluded(ctx: Context, years: list[int]) -> Check:
    return Check(
        False,
        f"Năm {years_vi(years)} không được tính: sau kỷ luật, thành tích chỉ tính từ năm "
        f"{ctx.first_counting_year()}",
        "before_discipline_end",
    )


@dataclass(frozen=True, slots=True)
class RatingsInWindow:
    """Every year of the ``years`` ending with the achievement year rated ``minimum`` or
    better, ``excellent`` of them HTXSNV. A missing rating makes the answer unknown."""

    minimum: Rating
    years: int = 1
    excellent: int = 0

    def check(self, ctx: Context) -> Check | None:
        window = _window(ctx, self.years)
        if excluded := _before_discipline_end(ctx, window):
            return _excluded(ctx, excluded)
        ratings = {y: ctx.facts.rating(ctx.recipient[1], y) for y in window}
        low = [y for y, r in ratings.items() if r and RATING_RANK[r] < RATING_RANK[self.minimum]]
        missing = [y for y, r in ratings.items() if r is None]
        top = sum(1 for r in ratings.values() if r is Rating.HTXSNV)
        period = span_vi(window[0], window[-1])
        if low:
            detail = ", ".join(f"{y}: {ratings[y]}" for y in low)
            return Check(False, f"Xếp loại dưới {self.minimum} ({detail})", "rating_too_low")
        if top + len(missing) < self.excellent:
            text = f"Chỉ có {top}/{self.excellent} năm HTXSNV trong {period}"
            return Check(False, text, "too_few_excellent_years")
        if missing:
            text = f"Chưa có kết quả xếp loại năm {years_vi(missing)}"
            return Check(None, text, "rating_missing")
        return Check(True, self._met_text(ratings[ctx.year], period, top), "ratings_met")

    def _met_text(self, last: Rating | None, period: str, top: int) -> str:
        if self.years == 1:
            return f"Năm {period} xếp loại {last} (từ {self.minimum} trở lên)"
        extra = f", có {top} năm HTXSNV" if self.excellent else ""
        return f"{self.years} năm liên tục {period} xếp loại từ {self.minimum} trở lên{extra}"

    def describe(self) -> str:
        extra = f", trong đó ≥{self.excellent} năm HTXSNV" if self.excellent else ""
        if self.years == 1:
            return f"xếp loại từ {self.minimum} trở lên"
        return f"{self.years} năm liên tục xếp loại từ {self.minimum} trở lên{extra}"


@dataclass(frozen=True, slots=True)
class RatingAtLeast(RatingsInWindow):
    """The achievement year rated ``minimum`` or better."""


@dataclass(frozen=True, slots=True)
class ConsecutiveAwards:
    """``n`` awards of ``codes`` in a row, the last for the achievement year.

    ``step`` is the length of one award's period: 1 for yearly titles, 3 for CSTĐ bộ/tỉnh
    (two in a row end 3 years apart). A title not yet decided for the achievement year
    itself counts if the recipient qualifies for it.
    """

    codes: tuple[str, ...]
    n: int
    step: int = 1

    def check(self, ctx: Context) -> Check | None:
        needed = [ctx.year - k * self.step for k in range(self.n - 1, -1, -1)]
        if excluded := _before_discipline_end(ctx, needed):
            return _excluded(ctx, excluded)
        found = {y: ctx.held_for(self.codes, y) for y in needed}
        if self.n == 1:
            return _single(ctx, self.codes, found[ctx.year])
        have = years_vi(y for y, v in found.items() if v)
        lacking = [y for y, v in found.items() if v is False]
        what, streak = names_vi(self.codes), f"{self.n} {self._unit} liên tục"
        if lacking:
            has = f"{have}; " if have else ""
            text = f"Chưa đủ {streak} đạt {what} ({has}thiếu {years_vi(lacking)})"
            return Check(False, text, "streak_broken")
        if None in found.values():
            return Check(None, f"Chưa rõ {what} năm {ctx.year} (đã có {have})", "streak_pending")
        text = f"Đạt {what} {streak} ({have}){_pending_note(ctx, self.codes)}"
        return Check(True, text, "streak_met")

    @property
    def _unit(self) -> str:
        return "năm" if self.step == 1 else "lần"

    def describe(self) -> str:
        if self.n == 1:
            return f"đạt {names_vi(self.codes)} năm xét"
        return f"{self.n} {self._unit} liên tục đạt {names_vi(self.codes)}"


def _single(ctx: Context, codes: tuple[str, ...], found: bool | None) -> Check:
    what = names_vi(codes)
    if found is None:
        return Check(None, f"Chưa rõ {what} năm {ctx.year}", "title_pending")
    if not found:
        return Check(False, f"Không đạt {what} năm {ctx.year}", "title_missing")
    return Check(True, f"Đạt {what} năm {ctx.year}{_pending_note(ctx, codes)}", "title_met")


def _pending_note(ctx: Context, codes: tuple[str, ...]) -> str:
    """Says when the achievement year's title is counted on eligibility, not on a decision."""
    if ctx.year in ctx.award_years(codes):
        return ""
    return f"; năm {ctx.year} đủ điều kiện, chờ quyết định"


@dataclass(frozen=True, slots=True)
class AwardsInWindow:
    """At least ``count`` awards of ``codes`` in the ``years`` ending with the achievement year."""

    codes: tuple[str, ...]
    count: int
    years: int

    def check(self, ctx: Context) -> Check | None:
        window = _window(ctx, self.years)
        excluded = set(_before_discipline_end(ctx, window))
        found = {y: False if y in excluded else ctx.held_for(self.codes, y) for y in window}
        have = [y for y, v in found.items() if v]
        pending = [y for y, v in found.items() if v is None]
        what, period = names_vi(self.codes), span_vi(window[0], window[-1])
        listed = years_vi(have) or "không có"
        text = f"{len(have)}/{self.count} lần đạt {what} trong {period} ({listed})"
        if len(have) >= self.count:
            return Check(True, text, "enough_awards")
        if len(have) + len(pending) >= self.count:
            return Check(None, f"{text}; chưa rõ năm {years_vi(pending)}", "awards_pending")
        return Check(False, text, "too_few_awards")

    def describe(self) -> str:
        return f"≥{self.count} lần {names_vi(self.codes)} trong {self.years} năm đó"


@dataclass(frozen=True, slots=True)
class InitiativeRecognised:
    """At least ``count`` initiatives authored by the member recognised at ``level`` or higher
    in the ``years`` ending with the achievement year (an initiative counts for the year of
    its recognition)."""

    level: InitiativeLevel
    count: int = 1
    years: int = 1

    def check(self, ctx: Context) -> Check | None:
        window = _window(ctx, self.years)
        counting = set(window) - set(_before_discipline_end(ctx, window))
        found = {
            i.initiative_id
            for i in ctx.facts.initiatives_of(ctx.recipient[1])
            if i.year in counting and LEVEL_RANK[i.level] >= LEVEL_RANK[self.level]
        }
        what = f"sáng kiến được công nhận {LEVEL_VI[self.level]}"
        text = f"{len(found)}/{self.count} {what} trong {span_vi(window[0], window[-1])}"
        return Check(len(found) >= self.count, text, "initiatives")

    def describe(self) -> str:
        span = "năm xét" if self.years == 1 else f"{self.years} năm đó"
        return f"≥{self.count} sáng kiến được công nhận {LEVEL_VI[self.level]} trong {span}"


@dataclass(frozen=True, slots=True)
class PriorAward:
    """Holds an award of ``codes`` for achievements before the ``years``-year window.

    ``optional``: the law no longer requires the lower award, unless the agency's policy
    keeps requiring it (off in every regime: the Law names the lower award, see
    ``rulebook.PRIOR_AWARD_BASIS``). ``basis``: the article that names it.
    """

    codes: tuple[str, ...]
    years: int
    optional: bool = False
    basis: str = ""

    def check(self, ctx: Context) -> Check | None:
        first = ctx.year - self.years + 1
        before = [a for a in ctx.facts.awards_of(ctx.recipient) if a.code in self.codes]
        before = [a for a in before if a.year_to < first]
        counted = [a for a in before if ctx.counts(a)]
        what, period = names_vi(self.codes), span_vi(first, ctx.year)
        if counted:
            a = counted[-1]
            text = f"Đã được tặng {get_award(a.code).name_vi} ({a.year_to}) trước {period}"
            return Check(True, text, "prior_award_held")
        if self.optional and not ctx.policy.require_prior_award:
            text = f"Không bắt buộc đã có {what}"
            return Check(True, text, "prior_award_optional")
        skipped = f" (không tính khen chuyên đề/đột xuất {years_vi(a.year_to for a in before)})"
        text = f"Chưa được tặng {what} trước {period}{skipped if before else ''}{self._cited}"
        return Check(False, text, "prior_award_missing")

    @property
    def _cited(self) -> str:
        return f"; điều kiện do {self.basis} quy định" if self.basis else ""

    def describe(self) -> str:
        optional = " (không bắt buộc)" if self.optional else ""
        return f"đã được tặng {names_vi(self.codes)} trước{optional}"


@dataclass(frozen=True, slots=True)
class AllOf:
    """Every part is met."""

    parts: tuple[Requirement, ...]

    def check(self, ctx: Context) -> Check | None:
        checks = [c for p in self.parts if (c := p.check(ctx)) is not None]
        met = {VerdictStatus.ELIGIBLE: True, VerdictStatus.NOT_ELIGIBLE: False}
        text = "; ".join(c.reason_vi for c in checks)
        return Check(met.get(combine(checks)), text, "all_of")

    def describe(self) -> str:
        return " và ".join(p.describe() for p in self.parts)


@dataclass(frozen=True, slots=True)
class AnyOf:
    """One of several grounds is met (e.g. the grounds of Art 74 for a Bằng khen)."""

    grounds: tuple[Requirement, ...]

    def check(self, ctx: Context) -> Check | None:
        checks = [c for g in self.grounds if (c := g.check(ctx)) is not None]
        for found in checks:
            if found.met:
                return Check(True, found.reason_vi, "ground_met")
        text = " / ".join(c.reason_vi for c in checks)
        if any(c.met is None for c in checks):
            return Check(None, f"Chưa rõ: {text}", "ground_pending")
        return Check(False, f"Không đạt tiêu chí nào: {text}", "no_ground_met")

    def describe(self) -> str:
        return "một trong: " + " hoặc ".join(f"({g.describe()})" for g in self.grounds)
