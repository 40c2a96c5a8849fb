"""Requirements on a collective (tập thể): its own yearly rating, and its members in the
achievement year.

Members of a unit in a year are those whose latest membership dated that year or earlier puts
them in the unit (see :meth:`Facts.unit_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from services.awards.domain.eligibility.model import Check, Context, names_vi
from services.awards.domain.eligibility.requirements import RATING_RANK
from shared.events.vocabulary import Rating, RecipientKind

_MEMBER = RecipientKind.MEMBER

RATING_VI = {
    Rating.HTXSNV: "hoàn thành xuất sắc nhiệm vụ",
    Rating.HTTNV: "hoàn thành tốt nhiệm vụ",
    Rating.HTNV: "hoàn thành nhiệm vụ",
    Rating.KHTNV: "không hoàn thành nhiệm vụ",
}
"""A rating as the officer reads it."""


def _members(ctx: Context) -> tuple[str, ...]:
    return ctx.facts.members_of(ctx.recipient[1], ctx.year)


def _no_members(ctx: Context) -> Check:
    return Check(None, f"Chưa có dữ liệu thành viên của tập thể năm {ctx.year}", "no_members")


def _holders(ctx: Context, code: str, members: tuple[str, ...]) -> list[str]:
    return [m for m in members if ctx.year in ctx.award_years((code,), (_MEMBER, m))]


def percent(share: Decimal) -> str:
    """A share as a Vietnamese percentage, e.g. "70%" or "66,7%"."""
    text = f"{(share * 100).quantize(Decimal('0.1')).normalize():f}"
    return text.replace(".", ",") + "%"


@dataclass(frozen=True, slots=True)
class OwnRatingAtLeast:
    """The collective itself was rated ``minimum`` or better for the achievement year
    (``basis``: the article and point that ask it). A missing rating makes the answer unknown,
    as a member's does."""

    minimum: Rating
    basis: str = ""

    def check(self, ctx: Context) -> Check | None:
        rating = ctx.facts.unit_rating(ctx.recipient[1], ctx.year)
        needed = f"cần từ “{RATING_VI[self.minimum]}” trở lên{self._cited}"
        if rating is None:
            text = f"Tập thể chưa có kết quả xếp loại năm {ctx.year} ({needed})"
            return Check(None, text, "unit_rating_missing")
        found = f"Tập thể được xếp loại “{RATING_VI[rating]}” năm {ctx.year}"
        if RATING_RANK[rating] < RATING_RANK[self.minimum]:
            return Check(False, f"{found}, {needed}", "unit_rating_too_low")
        return Check(True, f"{found} (từ “{RATING_VI[self.minimum]}” trở lên)", "unit_rating_met")

    @property
    def _cited(self) -> str:
        return f", theo {self.basis}" if self.basis else ""

    def describe(self) -> str:
        return f"tập thể xếp loại từ “{RATING_VI[self.minimum]}” trở lên{self._cited}"


@dataclass(frozen=True, slots=True)
class ShareOfMembersWithAward:
    """The share of members holding ``code`` for the year reaches ``threshold``
    (strictly above it when ``strict``, as in "trên 50%")."""

    code: str
    threshold: Decimal
    strict: bool = False

    def check(self, ctx: Context) -> Check | None:
        members = _members(ctx)
        if not members:
            return _no_members(ctx)
        holders = len(_holders(ctx, self.code, members))
        share = Decimal(holders) / len(members)
        met = share > self.threshold if self.strict else share >= self.threshold
        text = (
            f"{holders}/{len(members)} thành viên ({percent(share)}) đạt "
            f"{names_vi([self.code])} năm {ctx.year}, cần {self._bound}"
        )
        return Check(met, text, "member_share")

    @property
    def _bound(self) -> str:
        return ("trên " if self.strict else "từ ") + percent(self.threshold)

    def describe(self) -> str:
        return f"{self._bound} thành viên đạt {names_vi([self.code])}"


@dataclass(frozen=True, slots=True)
class MembersWithAwardAtLeast:
    """At least ``count`` members hold ``code`` for the year."""

    code: str
    count: int = 1

    def check(self, ctx: Context) -> Check | None:
        members = _members(ctx)
        if not members:
            return _no_members(ctx)
        holders = len(_holders(ctx, self.code, members))
        text = f"{holders} thành viên đạt {names_vi([self.code])} năm {ctx.year}"
        return Check(holders >= self.count, f"{text}, cần ít nhất {self.count}", "member_count")

    def describe(self) -> str:
        return f"≥{self.count} thành viên đạt {names_vi([self.code])}"


@dataclass(frozen=True, slots=True)
class AllMembersCompletedTasks:
    """100% of members completed their tasks: each is rated HTNV or better for the year.

    A member without a rating makes the answer unknown.
    """

    def check(self, ctx: Context) -> Check | None:
        members = _members(ctx)
        if not members:
            return _no_members(ctx)
        ratings = {m: ctx.facts.rating(m, ctx.year) for m in members}
        failed = [m for m, r in ratings.items() if r is Rating.KHTNV]
        missing = [m for m, r in ratings.items() if r is None]
        if failed:
            text = f"{len(failed)} thành viên không hoàn thành nhiệm vụ năm {ctx.year}"
            return Check(False, text, "member_failed_tasks")
        if missing:
            text = f"{len(missing)}/{len(members)} thành viên chưa có xếp loại năm {ctx.year}"
            return Check(None, text, "member_rating_missing")
        text = f"100% thành viên ({len(members)}) hoàn thành nhiệm vụ năm {ctx.year}"
        return Check(True, text, "all_members_completed")

    def describe(self) -> str:
        return "100% thành viên hoàn thành nhiệm vụ (xếp loại từ HTNV trở lên)"


@dataclass(frozen=True, slots=True)
class NoMemberHeld:
    """No member was under a discipline hold during the year (old-law TTLĐ titles).

    Holds carry no form of discipline, so every hold counts, not only "cảnh cáo" or worse.
    """

    def check(self, ctx: Context) -> Check | None:
        members = _members(ctx)
        held = [
            m
            for m in members
            for h in ctx.facts.holds_of((_MEMBER, m))
            if h.overlaps_years(ctx.year, ctx.year)
        ]
        if held:
            text = f"{len(set(held))} thành viên bị kỷ luật/tạm hoãn trong năm {ctx.year}"
            return Check(False, text, "member_disciplined")
        text = f"Không có thành viên bị kỷ luật năm {ctx.year}"
        return Check(True, text, "no_member_disciplined")

    def describe(self) -> str:
        return "không có thành viên bị kỷ luật trong năm"
