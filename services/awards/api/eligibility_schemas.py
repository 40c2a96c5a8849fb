"""HTTP models of eligibility verdicts and agencies' policies."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from services.awards.domain.eligibility import (
    RULEBOOK,
    Check,
    Rule,
    Verdict,
    VerdictStatus,
)
from services.awards.localview.policies import PolicyRecord
from shared.events.vocabulary import RecipientKind
from shared.reference.awards import get_award

STATUS_VI = {
    VerdictStatus.ELIGIBLE: "Đủ điều kiện",
    VerdictStatus.NOT_ELIGIBLE: "Không đủ điều kiện",
    VerdictStatus.UNKNOWN: "Chưa đủ dữ liệu để kết luận",
}


class CheckPublic(BaseModel):
    """One requirement's finding, with the reason in Vietnamese."""

    met: bool | None = Field(
        description="true: met; false: not met; null: unknown (a needed fact is missing)."
    )
    reason_vi: str = Field(description="The finding, for people (Vietnamese).")
    reason_code: str = Field(description="Stable ASCII code for programs, e.g. streak_broken.")

    @classmethod
    def of(cls, check: Check) -> CheckPublic:
        return cls(met=check.met, reason_vi=check.reason_vi, reason_code=check.reason_code)


class RulePublic(BaseModel):
    """The version of the rule applied: the one in force on 31 December of the year."""

    id: str = Field(description="Stable id of the version, e.g. CSTDCS@2024-01-01.")
    description_vi: str = Field(description="The rule in brief (Vietnamese).")
    legal_basis: str = Field(description="Law, article and decree it rests on.")
    effective_from: date
    effective_to: date | None = Field(description="Last day in force; null while in force.")
    verify: list[str] = Field(
        description="Readings not yet confirmed from the official text (configurable)."
    )

    @classmethod
    def of(cls, rule: Rule) -> RulePublic:
        return cls(
            id=rule.id,
            description_vi=rule.description_vi,
            legal_basis=rule.legal_basis,
            effective_from=rule.effective_from,
            effective_to=rule.effective_to,
            verify=list(rule.verify),
        )


class VerdictPublic(BaseModel):
    """Whether a recipient qualifies for an award for an achievement year, and why.

    ``not_eligible`` if any check fails; else ``unknown`` if a fact is missing (e.g. no rating
    recorded yet); else ``eligible``. Judged from the registry's events and the standing
    (not revoked) awards, under the agency's policy.
    """

    agency: str = Field(description="Agency whose facts and policy were used.")
    recipient_kind: RecipientKind
    recipient_id: str
    award_code: str = Field(description="Code in the awards catalogue, e.g. CSTDCS.")
    award_name_vi: str = Field(description="Name of the award, e.g. Chiến sĩ thi đua cơ sở.")
    year: int = Field(description="Achievement year (last year of a multi-year award).")
    status: VerdictStatus = Field(description="eligible, not_eligible or unknown.")
    status_vi: str = Field(description="The status in Vietnamese.")
    rule: RulePublic | None = Field(description="Rule applied; null if none covers the award.")
    reasons: list[CheckPublic] = Field(description="Every check made, the rule's then Art 5's.")

    @classmethod
    def of(cls, agency: str, verdict: Verdict) -> VerdictPublic:
        kind, recipient_id = verdict.recipient
        rule = RULEBOOK.rule_for(verdict.award_code, kind, verdict.year) if verdict.rule else None
        return cls(
            agency=agency,
            recipient_kind=kind,
            recipient_id=recipient_id,
            award_code=verdict.award_code,
            award_name_vi=get_award(verdict.award_code).name_vi,
            year=verdict.year,
            status=verdict.status,
            status_vi=STATUS_VI[verdict.status],
            rule=RulePublic.of(rule) if rule is not None else None,
            reasons=[CheckPublic.of(check) for check in verdict.reasons],
        )


class NextTitlesPublic(BaseModel):
    """A member's verdicts for the individual titles and forms of a year, lowest first."""

    agency: str
    member_id: str
    year: int
    verdicts: list[VerdictPublic]


class AgencyPolicyUpdate(BaseModel):
    """How the agency tightens the national rules; every field left out means no tightening."""

    model_config = ConfigDict(extra="forbid")

    cstdcs_cap_share: Decimal | None = Field(
        default=None,
        gt=0,
        le=1,
        decimal_places=4,
        description="At most this share of the year's Lao động tiên tiến holders may be "
        "Chiến sĩ thi đua cơ sở (e.g. 0.15 for the 15% of Decree 91/2017); null: no cap.",
    )
    require_prior_award: bool = Field(
        default=False,
        description="Keep requiring the lower award before Bằng khen Thủ tướng and Huân "
        "chương Lao động hạng Ba should the national rules drop it (the Law names it, Art 73 "
        "and 44, so today they require it and this changes nothing).",
    )


class AgencyPolicyPublic(BaseModel):
    """The agency's policy as stored; version 0 means never set (the national rules)."""

    agency: str
    cstdcs_cap_share: Decimal | None = Field(description="Cap on CSTĐCS, as a share of LĐTT.")
    require_prior_award: bool
    version: int = Field(description="Send it as If-Match to change the policy.")
    updated_at: datetime | None = Field(description="When it was last changed.")
    updated_by: str | None = Field(description="Who last changed it.")

    @classmethod
    def of(cls, record: PolicyRecord) -> AgencyPolicyPublic:
        return cls(
            agency=record.agency,
            cstdcs_cap_share=record.policy.cstdcs_cap_share,
            require_prior_award=record.policy.require_prior_award,
            version=record.version,
            updated_at=record.updated_at,
            updated_by=record.updated_by,
        )
