"""The eligibility engine: verdicts with reasons, the next titles, and a decision's violations.

A verdict is about one recipient, one award and one achievement (a year, or the period ending
in it). Regular merit is judged against the rule in force on the day the dossier was filed plus
the principles; thematic, ad hoc and other kinds only against the principles, since the engine
cannot judge a campaign's or an exploit's merit from events. A title the law gives only as
regular merit (LĐTT, CSTĐ, TTLĐ…) is judged on its merit whatever kind it is proposed as, and an
award without a rule still meets the principles (one achievement, one award).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.awards.domain.eligibility.facts import PENDING_DECISION, Facts, GrantedAward
from services.awards.domain.eligibility.model import (
    NO_TIGHTENING,
    AgencyPolicy,
    Check,
    Context,
    Verdict,
    VerdictStatus,
    combine,
    names_vi,
)
from services.awards.domain.eligibility.rulebook import BK_BT, CSTD_BT, RULEBOOK
from services.awards.domain.eligibility.rules import Rule, Rulebook
from shared.events.vocabulary import AgencyKind, CommendationKind, RecipientKind
from shared.reference.awards import get_award

_REGULAR = CommendationKind.REGULAR
_KIND_VI = {
    RecipientKind.MEMBER: "cá nhân",
    RecipientKind.UNIT: "tập thể",
    RecipientKind.AGENCY: "cơ quan",
    RecipientKind.HOUSEHOLD: "hộ gia đình",
    RecipientKind.ENTERPRISE: "doanh nghiệp",
}


@dataclass(frozen=True, slots=True)
class ProposedAward:
    """One award of a decision being prepared: who, what, for which years, of which kind."""

    recipient_kind: RecipientKind
    recipient_id: str
    award_code: str
    year_from: int
    year_to: int
    kind: CommendationKind = _REGULAR
    campaign_id: str | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """What an evaluation is judged by: the rulebook, the agency's policy, the day of the
    decision (``as_of``, for discipline holds) and the day the dossier was filed (``filed_on``,
    which chooses the regime; without it, 31 December of the achievement's last year)."""

    rulebook: Rulebook = RULEBOOK
    policy: AgencyPolicy = NO_TIGHTENING
    as_of: date | None = None
    filed_on: date | None = None

    def day_of(self, award: ProposedAward) -> date:
        """The day whose rules govern ``award``."""
        return self.filed_on or date(award.year_to, 12, 31)


def evaluate(
    facts: Facts,
    recipient_kind: RecipientKind,
    recipient_id: str,
    award_code: str,
    year: int,
    *,
    agency_policy: AgencyPolicy = NO_TIGHTENING,
    rulebook: Rulebook = RULEBOOK,
    campaign_id: str | None = None,
    as_of: date | None = None,
    filed_on: date | None = None,
) -> Verdict:
    """Whether the recipient qualifies for regular-merit ``award_code`` for ``year`` (for a
    multi-year award, the period ending in ``year``), with the reasons.

    ``campaign_id`` names the campaign whose registration rule applies (default: the
    agency's regular campaigns); ``as_of`` is the day of the decision, for discipline holds;
    ``filed_on`` the day the dossier was filed, which chooses the regime (default ``as_of``).
    Raises :class:`~shared.reference.awards.UnknownAwardCode` for a code not in the catalogue.
    """
    first = year - rulebook.period_of(award_code) + 1
    award = ProposedAward(
        recipient_kind, recipient_id, award_code, first, year, campaign_id=campaign_id
    )
    return judge(facts, award, Settings(rulebook, agency_policy, as_of, filed_on or as_of))


def judge(facts: Facts, award: ProposedAward, settings: Settings) -> Verdict:
    """The verdict on one proposed award."""
    get_award(award.award_code)
    rulebook = settings.rulebook
    code, day = award.award_code, settings.day_of(award)
    rule = rulebook.rule_for(code, award.recipient_kind, award.year_to, settings.filed_on)
    on_merit = award.kind is _REGULAR or not rulebook.allows(code, award.kind, day)
    ctx = _context(facts, award, settings, rule)
    own = rule.requirements if rule is not None and on_merit else ()
    missing = (_no_rule(award),) if rule is None and on_merit else ()
    checks = missing + tuple(
        found
        for requirement in (*own, *rulebook.principles)
        if (found := requirement.check(ctx)) is not None
    )
    rule_id = rule.id if rule is not None else None
    recipient = (award.recipient_kind, award.recipient_id)
    return Verdict(recipient, code, award.year_to, combine(checks), checks, rule_id)


def _no_rule(award: ProposedAward) -> Check:
    who = _KIND_VI[award.recipient_kind]
    text = f"Chưa có quy tắc xét {names_vi([award.award_code])} cho {who} năm {award.year_to}"
    return Check(None, text, "no_rule")


def _context(facts: Facts, award: ProposedAward, settings: Settings, rule: Rule | None) -> Context:
    def prospect(code: str, year: int) -> VerdictStatus:
        first = year - settings.rulebook.period_of(code) + 1
        lower = ProposedAward(award.recipient_kind, award.recipient_id, code, first, year)
        return judge(facts, lower, settings).status

    return Context(
        facts=facts,
        recipient=(award.recipient_kind, award.recipient_id),
        code=award.award_code,
        year=award.year_to,
        span=_span(award, settings.rulebook),
        kind=award.kind,
        campaign_id=award.campaign_id,
        regular_only=rule.regular_merit_only if rule is not None else False,
        policy=settings.policy,
        as_of=settings.as_of,
        periods=settings.rulebook.periods,
        prospect=prospect,
        lawful=lambda a: settings.rulebook.allows(a.code, a.kind, date(a.year_to, 12, 31)),
    )


def _span(award: ProposedAward, rulebook: Rulebook) -> tuple[int, int]:
    period = rulebook.period_of(award.award_code)
    if award.year_from == award.year_to and period > 1:
        return award.year_to - period + 1, award.year_to
    return award.year_from, award.year_to


def next_titles(
    facts: Facts,
    member_id: str,
    year: int,
    *,
    agency_policy: AgencyPolicy = NO_TIGHTENING,
    rulebook: Rulebook = RULEBOOK,
) -> list[Verdict]:
    """A member's verdicts for the individual titles and forms of ``year``, lowest first."""
    agency = facts.agency_of((RecipientKind.MEMBER, member_id))
    codes = individual_codes(facts.agency_kinds.get(agency) if agency else None)
    settings = Settings(rulebook, agency_policy)
    return [
        judge(facts, ProposedAward(RecipientKind.MEMBER, member_id, code, year, year), settings)
        for code in codes
    ]


def individual_codes(agency_kind: AgencyKind | None) -> tuple[str, ...]:
    """Individual awards a member may aim for, lowest first: a ministry unit's members get
    the ministry's; a provincial department's members the province's and the ministry's."""
    cstd: tuple[str, ...] = CSTD_BT
    bk: tuple[str, ...] = BK_BT
    if agency_kind is AgencyKind.MINISTRY_UNIT:
        cstd, bk = ("CSTD_BO",), ("BK_BO",)
    return ("LDTT", "CSTDCS", *bk, *cstd, "BK_TTG", "CSTDTQ", "HCLD3")


class ViolationKind(StrEnum):
    """Why a proposed award breaks a rule; ``unverified`` is a warning, not a breach."""

    ALREADY_AWARDED = "already_awarded"
    HELD = "held"
    NOT_ELIGIBLE = "not_eligible"
    UNVERIFIED = "unverified"


@dataclass(frozen=True, slots=True)
class Violation:
    """A proposed award the service should refuse, or record only with an override."""

    award: ProposedAward
    kind: ViolationKind
    verdict: Verdict

    @property
    def reasons(self) -> tuple[Check, ...]:
        """The checks that failed or could not be decided."""
        return self.verdict.unmet


def check_decision_awards(
    facts: Facts,
    awards: Sequence[ProposedAward],
    *,
    agency_policy: AgencyPolicy = NO_TIGHTENING,
    rulebook: Rulebook = RULEBOOK,
    as_of: date | None = None,
    filed_on: date | None = None,
) -> list[Violation]:
    """The violations of a decision's awards, each judged as if the decision's other awards
    were already granted (so a decision granting LĐTT and CSTĐCS together passes, and one
    granting the same award twice does not). ``as_of``: the day the decision is signed;
    ``filed_on``: the day its dossier was filed (default ``as_of``), which chooses the regime."""
    settings = Settings(rulebook, agency_policy, as_of, filed_on or as_of)
    proposed = [_as_granted(facts, award, i) for i, award in enumerate(awards)]
    violations = []
    for i, award in enumerate(awards):
        others = facts.with_awards(p for j, p in enumerate(proposed) if j != i)
        found = _violation(award, judge(others, award, settings))
        if found is not None:
            violations.append(found)
    return violations


def _as_granted(facts: Facts, award: ProposedAward, index: int) -> GrantedAward:
    recipient = (award.recipient_kind, award.recipient_id)
    return GrantedAward(
        award_id=f"proposed-{index}",
        decision_id=PENDING_DECISION,
        recipient_kind=award.recipient_kind,
        recipient_id=award.recipient_id,
        code=award.award_code,
        year_from=award.year_from,
        year_to=award.year_to,
        kind=award.kind,
        agency=facts.agency_of(recipient) or "",
    )


_SERIOUSNESS = (
    ({"already_awarded"}, ViolationKind.ALREADY_AWARDED),
    ({"held", "held_during_achievement"}, ViolationKind.HELD),
)


def _violation(award: ProposedAward, verdict: Verdict) -> Violation | None:
    if verdict.status is VerdictStatus.ELIGIBLE:
        return None
    if verdict.status is VerdictStatus.UNKNOWN:
        return Violation(award, ViolationKind.UNVERIFIED, verdict)
    failed = {c.reason_code for c in verdict.reasons if c.met is False}
    kind = next((k for codes, k in _SERIOUSNESS if codes & failed), ViolationKind.NOT_ELIGIBLE)
    return Violation(award, kind, verdict)
