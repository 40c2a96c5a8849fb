"""Requirements every award meets, whatever its criteria (Art 5; Decree 152/2025), and the
CSTĐCS cap.

- one achievement is not rewarded twice (same recipient, same award or its bộ/tỉnh twin,
  overlapping achievement years, same kind of commendation);
- nothing is granted while a discipline hold is open, nor for years a hold covers;
- registration, where the campaign requires it (titles only).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from services.awards.domain.eligibility.collective import percent
from services.awards.domain.eligibility.facts import (
    CampaignFacts,
    GrantedAward,
    Hold,
    Registration,
    RegistrationStatus,
)
from services.awards.domain.eligibility.model import Check, Context, names_vi, span_vi
from shared.events.vocabulary import CampaignForm, RecipientKind
from shared.reference.awards import AwardCategory, get_award

TWINS: tuple[frozenset[str], ...] = (
    frozenset({"BK_BO", "BK_TINH"}),
    frozenset({"CSTD_BO", "CSTD_TINH"}),
)
"""Awards that reward the same achievement at the same level: one excludes the other."""

IMPLIED_REGISTRATIONS: Mapping[str, frozenset[str]] = {
    "CSTDCS": frozenset({"LDTT"}),
    "CSTD_BO": frozenset({"CSTDCS", "LDTT"}),
    "CSTD_TINH": frozenset({"CSTDCS", "LDTT"}),
    "TTLDXS": frozenset({"TTLDTT"}),
}
"""Registering for a title also registers for the lower titles it rests on."""


def _twins(code: str) -> frozenset[str]:
    return next((t for t in TWINS if code in t), frozenset({code}))


def award_span(award: GrantedAward, periods: Mapping[str, int]) -> tuple[int, int]:
    """The years an award rewards; a multi-year award recorded with one year is read as the
    period that ends in that year (CSTĐ tỉnh 2019 → 2017–2019)."""
    period = periods.get(award.code, 1)
    if award.year_from == award.year_to and period > 1:
        return award.year_to - period + 1, award.year_to
    return award.year_from, award.year_to


def _vi(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True, slots=True)
class NotAlreadyAwarded:
    """The achievement years have not already been rewarded with this award (or its twin)."""

    def check(self, ctx: Context) -> Check | None:
        first, last = ctx.span
        for award in ctx.facts.awards_of(ctx.recipient):
            if award.code in _twins(ctx.code) and award.kind is ctx.kind:
                got_first, got_last = award_span(award, ctx.periods)
                if got_first <= last and got_last >= first:
                    text = (
                        f"Thành tích {span_vi(got_first, got_last)} đã được khen "
                        f"{get_award(award.code).name_vi} ({award.decision_vi})"
                    )
                    return Check(False, text, "already_awarded")
        text = f"Thành tích {span_vi(first, last)} chưa được khen {names_vi([ctx.code])}"
        return Check(True, text, "not_yet_awarded")

    def describe(self) -> str:
        return "thành tích chưa được khen cùng hình thức (Điều 5)"


@dataclass(frozen=True, slots=True)
class NotUnderDiscipline:
    """No open hold, no hold over the achievement years, none on the day of the decision."""

    def check(self, ctx: Context) -> Check | None:
        for hold in ctx.facts.holds_of(ctx.recipient):
            if found := self._blocks(ctx, hold):
                return found
        return Check(True, "Không bị tạm hoãn xét khen thưởng", "not_held")

    @staticmethod
    def _blocks(ctx: Context, hold: Hold) -> Check | None:
        if hold.to_date is None:
            text = f"Đang tạm hoãn xét khen thưởng từ {_vi(hold.from_date)} (kỷ luật, điều tra)"
            return Check(False, text, "held")
        if hold.overlaps_years(*ctx.span):
            text = (
                f"Thời gian kỷ luật/tạm hoãn {_vi(hold.from_date)}–{_vi(hold.to_date)} trùng "
                f"thời gian tính thành tích {span_vi(*ctx.span)}"
            )
            return Check(False, text, "held_during_achievement")
        if ctx.as_of is not None and hold.covers(ctx.as_of):
            text = f"Đang tạm hoãn xét khen thưởng đến {_vi(hold.to_date)}"
            return Check(False, text, "held")
        return None

    def describe(self) -> str:
        return "không đang bị kỷ luật/tạm hoãn; thành tích tính từ khi hết kỷ luật"


def _counts_for(ctx: Context, registration: Registration, campaign: CampaignFacts) -> bool:
    """Whether a registration is the recipient's, for the year, campaign and title."""
    if registration.registrant != ctx.recipient or registration.year != ctx.year:
        return False
    yearly = registration.campaign_id is None and campaign.form is CampaignForm.REGULAR
    if registration.campaign_id != campaign.campaign_id and not yearly:
        return False
    return any(
        ctx.code == code or ctx.code in IMPLIED_REGISTRATIONS.get(code, ())
        for code in registration.codes
    )


@dataclass(frozen=True, slots=True)
class RegisteredIfRequired:
    """A title needs an approved registration when a campaign that covers it says so.

    The campaign is the one named for the evaluation, else every regular campaign of the
    recipient's agency running that year. A registration counts if it names that campaign,
    or no campaign when the campaign is regular (the yearly registration).
    """

    def check(self, ctx: Context) -> Check | None:
        if get_award(ctx.code).category is not AwardCategory.TITLE:
            return None
        required = [c for c in self._campaigns(ctx) if c.registration_required]
        if not required:
            return None
        found = [(c, self._registered(ctx, c)) for c in required]
        missing = [c.title for c, met in found if met is False]
        if missing:
            text = f"Chưa đăng ký thi đua năm {ctx.year} (bắt buộc: {'; '.join(missing)})"
            return Check(False, text, "not_registered")
        if any(met is None for _, met in found):
            text = f"Đăng ký thi đua năm {ctx.year} đang chờ duyệt"
            return Check(None, text, "registration_pending")
        return Check(True, f"Đã đăng ký thi đua năm {ctx.year}", "registered")

    @staticmethod
    def _campaigns(ctx: Context) -> list[CampaignFacts]:
        if ctx.campaign_id is not None:
            named = ctx.facts.campaigns.get(ctx.campaign_id)
            return [named] if named is not None and named.runs_in(ctx.year) else []
        return list(ctx.facts.regular_campaigns(ctx.facts.agency_of(ctx.recipient), ctx.year))

    @staticmethod
    def _registered(ctx: Context, campaign: CampaignFacts) -> bool | None:
        statuses = {r.status for r in ctx.facts.registrations if _counts_for(ctx, r, campaign)}
        if RegistrationStatus.APPROVED in statuses:
            return True
        return None if RegistrationStatus.AWAITING_APPROVAL in statuses else False

    def describe(self) -> str:
        return "đã đăng ký thi đua nếu phong trào yêu cầu (danh hiệu thi đua)"


@dataclass(frozen=True, slots=True)
class WithinCstdcsCap:
    """CSTĐCS holders of the agency for the year stay within ``share`` of its LĐTT holders.

    ``share`` is the national cap of the rule (15% before 2024) and the agency policy's
    ``cstdcs_cap_share`` tightens it; with neither, the requirement does not apply.
    """

    share: Decimal | None = None

    def check(self, ctx: Context) -> Check | None:
        limits = [s for s in (self.share, ctx.policy.cstdcs_cap_share) if s is not None]
        agency = ctx.facts.agency_of(ctx.recipient)
        if not limits:
            return None
        if agency is None:
            return Check(None, "Không xác định được cơ quan để tính tỷ lệ CSTĐCS", "cap_unknown")
        base = len(self._holders(ctx, agency, "LDTT"))
        taken = len(self._holders(ctx, agency, "CSTDCS") - {ctx.recipient[1]})
        if base == 0:
            text = f"Chưa có Lao động tiên tiến năm {ctx.year} của cơ quan để tính tỷ lệ CSTĐCS"
            return Check(None, text, "cap_unknown")
        share = min(limits)
        allowed = int((share * base).to_integral_value(rounding=ROUND_FLOOR))
        text = (
            f"Đã có {taken} CSTĐCS năm {ctx.year}; tối đa {allowed} "
            f"({percent(share)} của {base} Lao động tiên tiến)"
        )
        return Check(taken + 1 <= allowed, text, "cstdcs_cap")

    @staticmethod
    def _holders(ctx: Context, agency: str, code: str) -> set[str]:
        return {
            a.recipient_id
            for a in ctx.facts.all_awards()
            if a.code == code
            and a.recipient_kind is RecipientKind.MEMBER
            and a.year_from <= ctx.year <= a.year_to
            and ctx.facts.agency_of((RecipientKind.MEMBER, a.recipient_id)) == agency
        }

    def describe(self) -> str:
        if self.share is None:
            return "tỷ lệ CSTĐCS trên số LĐTT do cơ quan đặt (mặc định không giới hạn)"
        return f"CSTĐCS không quá {percent(self.share)} số LĐTT (cơ quan có thể đặt thấp hơn)"
