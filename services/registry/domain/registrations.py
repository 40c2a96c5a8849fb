"""The registration aggregate (đăng ký thi đua): submitted → approved | returned → submitted …

A returned registration is corrected and sent again on the same stream (a new
RegistrationSubmitted); an approved one is final. Facts the domain cannot know from its own
stream (does the registrant exist in the agency, the campaign's state, an earlier registration
of the same registrant) are looked up by the application and handed in as ``Facts``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from services.registry.commands.registrations import (
    ApproveRegistration,
    ResubmitRegistration,
    ReturnRegistration,
    SubmitRegistration,
)
from shared.domain_errors import IllegalTransition, InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events import RegistrationApproved, RegistrationReturned, RegistrationSubmitted
from shared.events.vocabulary import SubjectKind
from shared.reference.awards import UnknownAwardCode, is_collective, is_individual


class RegistrationStatus(StrEnum):
    NEW = "new"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class InvalidRegistration(InvalidCommand):
    """A rule of registrations is broken (422); ``code`` names the rule for reports."""

    def __init__(self, code: str, message: str, *, field: str, **details: Any) -> None:
        super().__init__(message, field=field, **details)
        self.code = code
        self.field = field


class AlreadyRegistered(IllegalTransition):
    """The registrant already has a registration for that year and campaign (409)."""

    code = "already_registered"

    def __init__(self, registration_id: str, status: str) -> None:
        super().__init__(
            f"already registered for this year and campaign: {registration_id}",
            registration_id=registration_id,
            current_state=status,
        )
        self.field = "registrant_id"


Refusal = InvalidRegistration | AlreadyRegistered


class CampaignFacts(BaseModel):
    """The campaign a registration names, as the read model knows it."""

    model_config = ConfigDict(frozen=True)

    status: str
    start_date: date
    end_date: date | None = None


class ExistingRegistration(BaseModel):
    """An earlier registration of the same registrant, year and campaign."""

    model_config = ConfigDict(frozen=True)

    registration_id: str
    status: str


class Facts(BaseModel):
    """What the application looked up for a submission."""

    model_config = ConfigDict(frozen=True)

    registrant_agency: str | None = None
    campaign: CampaignFacts | None = None
    existing: ExistingRegistration | None = None


class Registration(BaseModel):
    """What the domain needs to know of a registration to decide."""

    model_config = ConfigDict(frozen=True)

    status: RegistrationStatus = RegistrationStatus.NEW
    submission: RegistrationSubmitted | None = None


def evolve(state: Registration, event: EventPayload) -> Registration:
    if isinstance(event, RegistrationSubmitted):
        return Registration(status=RegistrationStatus.SUBMITTED, submission=event)
    if isinstance(event, RegistrationApproved):
        return state.model_copy(update={"status": RegistrationStatus.APPROVED})
    if isinstance(event, RegistrationReturned):
        return state.model_copy(update={"status": RegistrationStatus.RETURNED})
    return state


def fold(events: Iterable[EventPayload]) -> Registration:
    state = Registration()
    for event in events:
        state = evolve(state, event)
    return state


def submission_refusals(command: SubmitRegistration, facts: Facts) -> list[Refusal]:
    """Every rule the submission breaks (empty when it may be recorded)."""
    refusals: list[Refusal] = list(
        award_code_refusals(command.registrant_kind, command.award_codes)
    )
    if facts.registrant_agency != command.agency:
        refusals.append(
            InvalidRegistration(
                "registrant_not_found",
                f"no {command.registrant_kind.value} {command.registrant_id} in agency "
                f"{command.agency}",
                field="registrant_id",
                registrant_id=command.registrant_id,
            )
        )
    if command.campaign_id is not None:
        refusals.extend(_campaign_refusals(command.campaign_id, command.year, facts.campaign))
    if facts.existing is not None:
        refusals.append(AlreadyRegistered(facts.existing.registration_id, facts.existing.status))
    return refusals


def award_code_refusals(kind: SubjectKind, codes: Sequence[str]) -> list[Refusal]:
    """The codes must be distinct catalogue codes that fit a unit or a member."""
    if not codes:
        return [_award_refusal("no_award_codes", "at least one award code is needed", "")]
    refusals: list[Refusal] = []
    for position, code in enumerate(codes):
        if code in codes[:position]:
            refusals.append(_award_refusal("duplicate_award_code", f"{code} is repeated", code))
            continue
        try:
            fits = is_individual(code) if kind is SubjectKind.MEMBER else is_collective(code)
        except UnknownAwardCode:
            refusals.append(_award_refusal("unknown_award_code", f"unknown code {code}", code))
            continue
        if not fits:
            rule = "award_not_individual" if kind is SubjectKind.MEMBER else "award_not_collective"
            refusals.append(_award_refusal(rule, f"{code} is not for a {kind.value}", code))
    return refusals


def _award_refusal(code: str, message: str, award_code: str) -> InvalidRegistration:
    return InvalidRegistration(code, message, field="award_codes", award_code=award_code)


def _campaign_refusals(
    campaign_id: str, year: int, campaign: CampaignFacts | None
) -> list[Refusal]:
    """The campaign must be known, not closed, and run in the year registered for."""
    if campaign is None:
        code, message, field = "campaign_not_found", f"no campaign {campaign_id}", "campaign_id"
    elif campaign.status == "closed":
        code, message, field = "campaign_closed", f"campaign {campaign_id} is closed", "campaign_id"
    elif not _runs_in(campaign, year):
        code, message, field = (
            "campaign_not_in_year",
            f"campaign {campaign_id} not in {year}",
            "year",
        )
    else:
        return []
    return [InvalidRegistration(code, message, field=field, campaign_id=campaign_id, year=year)]


def _runs_in(campaign: CampaignFacts, year: int) -> bool:
    last_year = campaign.end_date.year if campaign.end_date is not None else year
    return campaign.start_date.year <= year <= last_year


def decide_submit(
    state: Registration, command: SubmitRegistration, facts: Facts
) -> list[EventPayload]:
    if state.status is not RegistrationStatus.NEW:
        raise IllegalTransition("registration already submitted", current_state=state.status.value)
    refusals = submission_refusals(command, facts)
    if refusals:
        raise refusals[0]
    return [
        RegistrationSubmitted(
            registration_id=command.registration_id,
            registrant_kind=command.registrant_kind,
            registrant_id=command.registrant_id,
            year=command.year,
            campaign_id=command.campaign_id,
            award_codes=list(command.award_codes),
        )
    ]


def decide_approve(state: Registration, command: ApproveRegistration) -> list[EventPayload]:
    _require(state, RegistrationStatus.SUBMITTED, "only a submitted registration is approved")
    return [RegistrationApproved(registration_id=command.registration_id)]


def decide_return(state: Registration, command: ReturnRegistration) -> list[EventPayload]:
    _require(state, RegistrationStatus.SUBMITTED, "only a submitted registration is returned")
    if not command.reason.strip():
        raise InvalidCommand("a returned registration needs a reason", field="reason")
    return [RegistrationReturned(registration_id=command.registration_id, reason=command.reason)]


def decide_resubmit(
    state: Registration, command: ResubmitRegistration, campaign: CampaignFacts | None
) -> list[EventPayload]:
    """Send a returned registration again; the campaign it names must not have closed."""
    _require(state, RegistrationStatus.RETURNED, "only a returned registration is resubmitted")
    assert state.submission is not None
    refusals = award_code_refusals(state.submission.registrant_kind, command.award_codes)
    if refusals:
        raise refusals[0]
    if campaign is not None and campaign.status == "closed":
        raise IllegalTransition(
            "the registration's campaign is closed",
            current_state=state.status.value,
            campaign_status=campaign.status,
        )
    resubmitted = state.submission.model_copy(update={"award_codes": list(command.award_codes)})
    return [RegistrationSubmitted.model_validate(resubmitted.model_dump())]


def _require(state: Registration, status: RegistrationStatus, message: str) -> None:
    if state.status is RegistrationStatus.NEW:
        raise NotFound("no such registration")
    if state.status is not status:
        raise IllegalTransition(message, current_state=state.status.value)
