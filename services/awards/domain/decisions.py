"""The decision aggregate (quyết định khen thưởng): issued once, then awards revoked one by one
or the whole decision at once (Chapter VII).

Its stream holds DecisionIssued and one AwardGranted per award, appended together, then
AwardRevoked or DecisionRevoked events. What the stream cannot know (is the number taken, the
referenced proposal's state, the eligibility engine's findings) the application looks up and
hands in as :class:`IssueFacts`, with whose each recipient is (:mod:`.tenancy`): an agency
records awards of its own units, members and itself, and a ministry-level agency those of the
sector at ministry level or above; households and enterprises belong to none, so any agency
records theirs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from services.awards.commands.decisions import AwardLine, IssueDecision, RevokeAwards
from services.awards.domain.eligibility import RULEBOOK, Violation, ViolationKind
from services.awards.domain.enterprises import (
    ENTERPRISE_AWARDS_VI,
    INVALID_TAX_CODE,
    TAX_CODE_VI,
    is_enterprise,
    misnamed_enterprise,
)
from services.awards.domain.tenancy import (
    NO_DIRECTORY,
    RECIPIENT_OF_OTHER_AGENCY,
    Directory,
    ForeignReference,
    foreign_named,
    refuse_foreign,
)
from services.awards.domain.wording import KIND_VI, LEVEL_VI, RECIPIENT_VI
from shared.domain_errors import IllegalTransition, InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events import AwardGranted, AwardRevoked, DecisionIssued, DecisionRevoked
from shared.events.vocabulary import CommendationKind, GrantingLevel, RecipientKind
from shared.reference.awards import (
    AwardDefinition,
    RecipientScope,
    UnknownAwardCode,
    get_award,
    is_for_enterprise,
)
from shared.text import fold as fold_text

_UNIT, _MP = GrantingLevel.UNIT, GrantingLevel.MINISTRY_PROVINCE
GRANTABLE: dict[GrantingLevel, frozenset[GrantingLevel]] = {
    _UNIT: frozenset({_UNIT}),
    # A minister or a province's chair also heads their own apparatus: they grant its
    # unit-level titles (e.g. the ministry's decisions on CSTĐCS of its departments' staff).
    _MP: frozenset({_UNIT, _MP}),
    GrantingLevel.PRIME_MINISTER: frozenset({GrantingLevel.PRIME_MINISTER}),
    GrantingLevel.PRESIDENT: frozenset({GrantingLevel.PRESIDENT}),
}
"""Catalogue levels (AwardDefinition.granting_level) an authority of each level may grant."""


_SCOPES: dict[RecipientKind, frozenset[RecipientScope]] = {
    RecipientKind.MEMBER: frozenset({RecipientScope.INDIVIDUAL, RecipientScope.BOTH}),
    RecipientKind.UNIT: frozenset({RecipientScope.COLLECTIVE, RecipientScope.BOTH}),
    RecipientKind.AGENCY: frozenset({RecipientScope.COLLECTIVE, RecipientScope.BOTH}),
    # A household is neither a person nor a collective of an agency: only the forms given
    # to both (Bằng khen, Giấy khen, orders) fit it.
    RecipientKind.HOUSEHOLD: frozenset({RecipientScope.BOTH}),
}
"""Scopes of the awards each kind of recipient may receive; an enterprise: :func:`fits`."""


def number_key(agency: str, issuing_authority: str, number: str) -> str:
    """What makes a decision number unique: the agency recording it, the issuing authority and
    the number, compared without case, diacritics or spacing (``Uỷ``/``Ủy``, ``QĐ``/``QD``).

    The agency is part of it because one ministry decision may list recipients of several
    agencies, and each agency records its own part of it.
    """
    text = f"{agency}|{fold_text(issuing_authority)}|{fold_text(number).replace(' ', '')}"
    return hashlib.sha256(text.encode()).hexdigest()


class DecisionStatus(StrEnum):
    """Where a decision stands; the read model shows the same values."""

    NOT_ISSUED = "not_issued"
    ISSUED = "issued"
    PARTIALLY_REVOKED = "partially_revoked"
    REVOKED = "revoked"


class Decision(BaseModel):
    """What the domain needs to know of a decision to decide."""

    model_config = ConfigDict(frozen=True)

    issued: bool = False
    whole_revoked: bool = False
    signed_on: date | None = None
    award_ids: tuple[str, ...] = ()
    revoked_award_ids: frozenset[str] = frozenset()

    @property
    def status(self) -> DecisionStatus:
        if not self.issued:
            return DecisionStatus.NOT_ISSUED
        if self.whole_revoked or set(self.award_ids) <= self.revoked_award_ids:
            return DecisionStatus.REVOKED
        if self.revoked_award_ids:
            return DecisionStatus.PARTIALLY_REVOKED
        return DecisionStatus.ISSUED


def evolve(state: Decision, event: EventPayload) -> Decision:
    if isinstance(event, DecisionIssued):
        return Decision(issued=True, signed_on=event.signed_on, award_ids=tuple(event.award_ids))
    if isinstance(event, AwardRevoked):
        revoked = state.revoked_award_ids | {event.award_id}
        return state.model_copy(update={"revoked_award_ids": revoked})
    if isinstance(event, DecisionRevoked):
        return state.model_copy(update={"whole_revoked": True})
    return state


def fold(events: Iterable[EventPayload]) -> Decision:
    state = Decision()
    for event in events:
        state = evolve(state, event)
    return state


class InvalidDecision(InvalidCommand):
    """A decision breaks a rule of its own (422), said in Vietnamese; ``code`` names the rule
    for import reports, ``index`` the award concerned (None for the decision as a whole),
    ``at`` the command's field when it is the decision's own (``commendation_kind``)."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str,
        index: int | None = None,
        at: str | None = None,
        **details: Any,
    ) -> None:
        path = at or (field if index is None else f"awards.{index}.{field}")
        super().__init__(message, field=path, **details)
        self.code, self.index, self.item_field = code, index, field


class DecisionNumberTaken(IllegalTransition):
    """The issuing authority's number is already recorded for the agency (409)."""

    def __init__(self, decision_id: str) -> None:
        super().__init__(
            f"this authority's decision number is already recorded as decision {decision_id}",
            decision_id=decision_id,
        )
        self.decision_id = decision_id


class DecisionRefused(InvalidCommand):
    """Awards of the decision break the rules (422): record it only with a justification."""

    def __init__(self, refusals: Sequence[Violation]) -> None:
        super().__init__(
            f"{len(refusals)} khen thưởng của quyết định không đúng quy định; ghi lý do vào "
            "override_justification nếu vẫn ghi nhận quyết định",
            field="awards",
        )
        self.violations = tuple(refusals)


@dataclass(frozen=True)
class ProposalFacts:
    """The referenced proposal as the proposals read model sees it; ``submitted_on`` is its
    latest (re)submission, the day its dossier was filed."""

    agency: str
    status: str
    level: GrantingLevel | None
    submitted_on: date | None = None


def proposal_of_writer(
    command: IssueDecision, proposal: ProposalFacts | None, directory: Directory = NO_DIRECTORY
) -> bool:
    """Whether the decision may decide ``proposal``: one of its own agency, or one of an agency
    whose work its agency continues on the signing day (a merger's predecessor)."""
    if proposal is None:
        return False
    return proposal.agency == command.agency or directory.continues(
        proposal.agency, command.signed_on
    )


def filed_on(
    command: IssueDecision, proposal: ProposalFacts | None, directory: Directory = NO_DIRECTORY
) -> date:
    """The day the decision's dossier was filed, which chooses the rules it is judged by
    (``rulebook.TRANSITION_BASIS``): the latest submission of the proposal it decides, if it
    names one the service knows that the decision may decide; else the day it was signed."""
    if proposal is not None and proposal_of_writer(command, proposal, directory):
        return proposal.submitted_on or command.signed_on
    return command.signed_on


@dataclass(frozen=True)
class IssueFacts:
    """What the application looked up for an issue: number already taken (by which decision),
    the referenced proposal (None if not found), the engine's findings, and whose the
    recipients are."""

    number_taken_by: str | None = None
    proposal: ProposalFacts | None = None
    violations: tuple[Violation, ...] = ()
    directory: Directory = NO_DIRECTORY


def line_refusals(command: IssueDecision) -> list[InvalidDecision]:
    """Every award line that does not fit the catalogue, its recipient or the authority."""
    found = (_line_refusal(command, i, line) for i, line in enumerate(command.awards))
    return [refusal for refusal in found if refusal is not None]


def _line_refusal(command: IssueDecision, index: int, line: AwardLine) -> InvalidDecision | None:
    code = line.award_code
    if misnamed_enterprise(line.recipient_kind, line.recipient_id):
        return InvalidDecision(INVALID_TAX_CODE, TAX_CODE_VI, field="recipient_id", index=index)
    try:
        award = get_award(code)
    except UnknownAwardCode:
        message = f"Không có danh hiệu, hình thức “{code}” trong danh mục"
        return InvalidDecision("unknown_award_code", message, field="award_code", index=index)
    named = f"{award.name_vi} ({code})"
    if not fits(line.recipient_kind, award):
        kind = line.recipient_kind.value
        message = f"{named} không tặng cho {RECIPIENT_VI[line.recipient_kind]}"
        if is_enterprise(line.recipient_kind):
            message += f": {ENTERPRISE_AWARDS_VI}"
        return InvalidDecision(f"award_not_for_{kind}", message, field="award_code", index=index)
    if award.granting_level not in GRANTABLE[command.authority_level]:
        return _beyond_authority(command, index, named, award.granting_level)
    if line.year_to > command.signed_on.year:
        message = (
            f"Năm thành tích {line.year_to} sau năm ký quyết định "
            f"({command.signed_on.strftime('%d/%m/%Y')})"
        )
        return InvalidDecision("achievement_after_signing", message, field="years", index=index)
    return _kind_refusal(command, index, named)


def fits(kind: RecipientKind, award: AwardDefinition) -> bool:
    """Whether ``award`` may go to a recipient of ``kind``."""
    if is_enterprise(kind):
        return is_for_enterprise(award.code)
    return award.recipient in _SCOPES[kind]


def _beyond_authority(
    command: IssueDecision, index: int, named: str, needed: GrantingLevel
) -> InvalidDecision:
    level = command.authority_level
    message = (
        f"{named} do cấp {LEVEL_VI[needed]} quyết định, không thuộc thẩm quyền của "
        f"cấp {LEVEL_VI[level]}"
    )
    details = {"authority_level": level.value, "granting_level": needed.value}
    return InvalidDecision(
        "level_cannot_grant", message, field="award_code", index=index, **details
    )


def _kind_refusal(command: IssueDecision, index: int, named: str) -> InvalidDecision | None:
    """A title the law gives only as regular merit (or a flag, also at a thematic campaign's
    close) recorded as another kind of commendation: refused, naming the decision's field."""
    code, kind = command.awards[index].award_code, command.commendation_kind
    limit = RULEBOOK.kind_limit(code, command.signed_on)
    if limit is None or kind in limit.kinds:
        return None
    allowed = ", ".join(KIND_VI[k] for k in CommendationKind if k in limit.kinds)
    message = (
        f"{named} chỉ khen thưởng loại {allowed}, không khen loại “{KIND_VI[kind]}” "
        f"({limit.legal_basis})"
    )
    return InvalidDecision(
        "kind_not_allowed",
        message,
        field="commendation_kind",
        index=index,
        at="commendation_kind",
        commendation_kind=kind.value,
    )


def foreign_recipients(command: IssueDecision, directory: Directory) -> list[ForeignReference]:
    """Every recipient of another agency than the one recording the decision on the day it
    was signed, where the agency may not record awards of that level for it."""
    named = (
        (f"awards.{index}.recipient_id", line.recipient_kind, line.recipient_id)
        for index, line in enumerate(command.awards)
    )
    level, code = command.authority_level, RECIPIENT_OF_OTHER_AGENCY
    return foreign_named(command.agency, level, named, directory, code, command.signed_on)


def refuses(violation: Violation) -> bool:
    """Whether a violation refuses a decision; an unverified one only warns."""
    return violation.kind is not ViolationKind.UNVERIFIED


def decide_issue(state: Decision, command: IssueDecision, facts: IssueFacts) -> list[EventPayload]:
    """Issue: DecisionIssued and one AwardGranted per award, or the first refusal (every
    recipient of another agency at once)."""
    if state.issued:
        raise IllegalTransition("decision already issued", current_state=state.status.value)
    if facts.number_taken_by is not None:
        raise DecisionNumberTaken(facts.number_taken_by)
    refusals = line_refusals(command)
    if refusals:
        raise refusals[0]
    refuse_foreign(foreign_recipients(command, facts.directory))
    if command.proposal_id is not None:
        _check_proposal(command, facts.proposal, facts.directory)
    refusing = [v for v in facts.violations if refuses(v)]
    if refusing and not command.imported and command.override_justification is None:
        raise DecisionRefused(refusing)
    return [_issued(command), *(_granted(command, line) for line in command.awards)]


def _check_proposal(
    command: IssueDecision, proposal: ProposalFacts | None, directory: Directory
) -> None:
    if proposal is None or not proposal_of_writer(command, proposal, directory):
        message = f"Không có hồ sơ đề nghị {command.proposal_id} của cơ quan {command.agency}"
        raise InvalidDecision("proposal_not_found", message, field="proposal_id")
    if proposal.status != "reviewed":
        message = (
            "the proposal is already decided"
            if proposal.status == "decided"
            else "a proposal is decided after its council review"
        )
        raise IllegalTransition(message, current_state=proposal.status)
    if proposal.level is not None and proposal.level is not command.authority_level:
        level = LEVEL_VI[proposal.level]
        message = f"Hồ sơ đề nghị được trình cấp {level}: quyết định là của cấp đó"
        raise InvalidDecision("proposal_level", message, field="authority_level")


def _issued(command: IssueDecision) -> DecisionIssued:
    award_ids = [line.award_id for line in command.awards]
    return DecisionIssued(**command.model_dump(exclude={"agency", "awards"}), award_ids=award_ids)


def _granted(command: IssueDecision, line: AwardLine) -> AwardGranted:
    return AwardGranted(
        award_id=line.award_id,
        decision_id=command.decision_id,
        recipient_kind=line.recipient_kind,
        recipient_id=line.recipient_id,
        award_code=line.award_code,
        commendation_kind=command.commendation_kind,
        granting_level=command.authority_level,
        achievement_year_from=line.year_from,
        achievement_year_to=line.year_to,
        decision_signed_on=command.signed_on,
    )


def decide_revoke(state: Decision, command: RevokeAwards) -> list[EventPayload]:
    """Revoke listed awards (AwardRevoked each) or the whole decision (DecisionRevoked)."""
    if not state.issued:
        raise NotFound(f"no decision {command.decision_id}")
    if state.status is DecisionStatus.REVOKED:
        raise IllegalTransition("the decision is already revoked", current_state="revoked")
    assert state.signed_on is not None
    if command.revoked_on < state.signed_on:
        message = f"Ngày hủy bỏ trước ngày ký quyết định ({state.signed_on.strftime('%d/%m/%Y')})"
        raise InvalidDecision("revoked_before_signing", message, field="revoked_on")
    common = command.model_dump(exclude={"award_ids"})
    if command.award_ids is None:
        return [DecisionRevoked(**common, award_ids=list(state.award_ids))]
    _check_revocable(state, command.award_ids)
    return [AwardRevoked(**common, award_id=award_id) for award_id in command.award_ids]


def _check_revocable(state: Decision, award_ids: Sequence[str]) -> None:
    if not award_ids or len(set(award_ids)) != len(award_ids):
        message = "Danh sách khen thưởng cần hủy bỏ trống hoặc lặp lại"
        raise InvalidDecision("duplicate_award_ids", message, field="award_ids")
    foreign = [a for a in award_ids if a not in state.award_ids]
    if foreign:
        message = f"Không thuộc quyết định này: {', '.join(foreign)}"
        raise InvalidDecision("award_not_in_decision", message, field="award_ids")
    again = [a for a in award_ids if a in state.revoked_award_ids]
    if again:
        raise IllegalTransition(
            f"already revoked: {', '.join(again)}",
            current_state=state.status.value,
            revoked_award_ids=sorted(state.revoked_award_ids),
        )
