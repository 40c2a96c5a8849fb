"""Commands about decisions (quyết định khen thưởng): issue one, revoke awards or all of it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.events.awards import DecisionNumber
from shared.events.vocabulary import (
    BusinessDate,
    CommendationKind,
    GrantingLevel,
    Name,
    RecipientKind,
    Text,
    Year,
)


class AwardLine(BaseModel):
    """One award a decision grants: who, what, for which achievement years, under which id."""

    model_config = ConfigDict(frozen=True)

    award_id: str
    recipient_kind: RecipientKind
    recipient_id: str
    award_code: str
    year_from: Year
    year_to: Year


class IssueDecision(BaseModel):
    """Record a signed decision granting awards.

    ``imported`` marks history entered from past records: recorded as fact, rule conflicts
    are only warnings. ``override_justification`` records a decision taken against the
    eligibility engine's refusal.
    """

    model_config = ConfigDict(frozen=True)

    decision_id: str
    agency: str
    number: DecisionNumber
    signed_on: BusinessDate
    issuing_authority: Name
    authority_level: GrantingLevel
    commendation_kind: CommendationKind
    awards: tuple[AwardLine, ...]
    proposal_id: str | None = None
    override_justification: Text | None = None
    imported: bool = False


class RevokeAwards(BaseModel):
    """Revoke (hủy bỏ, Chapter VII) some awards of a decision, or the whole decision when
    ``award_ids`` is None."""

    model_config = ConfigDict(frozen=True)

    decision_id: str
    award_ids: tuple[str, ...] | None
    reason: Text
    revoked_on: BusinessDate
    revoking_decision_number: DecisionNumber | None = None
