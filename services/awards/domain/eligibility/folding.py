"""Folding events into :class:`~.facts.Facts`: one small handler per event type.

Order matters only where the registry says so (a later rating replaces an earlier one, a later
membership or a transfer to another agency moves the member). Revocations and decision
numbers are applied at the end, so a revocation stored before the grant it cancels still
removes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from services.awards.domain.eligibility.facts import (
    CampaignFacts,
    FactEvent,
    Facts,
    GrantedAward,
    Hold,
    Membership,
    Recipient,
    RecognisedInitiative,
    Registration,
    RegistrationStatus,
)
from shared.events import (
    AgencyRegistered,
    AwardGranted,
    AwardRevoked,
    CampaignClosed,
    CampaignLaunched,
    DecisionIssued,
    DecisionRevoked,
    DisciplineHoldLifted,
    DisciplineHoldPlaced,
    InitiativeRecognised,
    InitiativeRegistered,
    MemberAdded,
    MemberMoved,
    MemberTransferred,
    RatingRecorded,
    RegistrationApproved,
    RegistrationReturned,
    RegistrationSubmitted,
    UnitAdded,
    UnitRatingRecorded,
    UnitTransferred,
)
from shared.events.vocabulary import AgencyKind, InitiativeLevel, Rating, RecipientKind
from shared.vietnam_time import business_date

_MEMBER, _UNIT = RecipientKind.MEMBER, RecipientKind.UNIT


@dataclass
class _Builder:
    """Mutable accumulators; :meth:`freeze` turns them into :class:`Facts`."""

    ratings: dict[tuple[str, int], Rating] = field(default_factory=dict)
    unit_ratings: dict[tuple[str, int], Rating] = field(default_factory=dict)
    authors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    recognitions: list[tuple[str, InitiativeLevel, int]] = field(default_factory=list)
    memberships: defaultdict[str, list[Membership]] = field(
        default_factory=lambda: defaultdict(list)
    )
    agencies: dict[Recipient, str] = field(default_factory=dict)
    agency_kinds: dict[str, AgencyKind] = field(default_factory=dict)
    holds: dict[str, Hold] = field(default_factory=dict)
    registrations: dict[str, Registration] = field(default_factory=dict)
    campaigns: dict[str, CampaignFacts] = field(default_factory=dict)
    granted: dict[str, GrantedAward] = field(default_factory=dict)
    revoked: set[str] = field(default_factory=set)
    revoked_decisions: set[str] = field(default_factory=set)
    numbers: dict[str, str] = field(default_factory=dict)

    def freeze(self) -> Facts:
        """The immutable facts accumulated so far."""
        return Facts(
            ratings=MappingProxyType(dict(self.ratings)),
            unit_ratings=MappingProxyType(dict(self.unit_ratings)),
            initiatives=MappingProxyType(self._initiatives_by_author()),
            memberships=MappingProxyType({m: tuple(ms) for m, ms in self.memberships.items()}),
            agencies=MappingProxyType(dict(self.agencies)),
            agency_kinds=MappingProxyType(dict(self.agency_kinds)),
            holds=tuple(self.holds.values()),
            registrations=tuple(self.registrations.values()),
            campaigns=MappingProxyType(dict(self.campaigns)),
            awards=MappingProxyType(self._standing_awards()),
        )

    def _initiatives_by_author(self) -> dict[str, tuple[RecognisedInitiative, ...]]:
        by_author: defaultdict[str, list[RecognisedInitiative]] = defaultdict(list)
        for initiative_id, level, year in self.recognitions:
            for author in self.authors.get(initiative_id, ()):
                by_author[author].append(RecognisedInitiative(initiative_id, level, year))
        return {author: tuple(found) for author, found in by_author.items()}

    def _standing_awards(self) -> dict[Recipient, tuple[GrantedAward, ...]]:
        by_recipient: defaultdict[Recipient, list[GrantedAward]] = defaultdict(list)
        for award in self.granted.values():
            revoked = award.award_id in self.revoked or award.decision_id in self.revoked_decisions
            if not revoked:
                number = self.numbers.get(award.decision_id)
                named = replace(award, decision_number=number)
                by_recipient[(award.recipient_kind, award.recipient_id)].append(named)
        return {recipient: tuple(awards) for recipient, awards in by_recipient.items()}


def _agency_registered(b: _Builder, e: FactEvent, p: AgencyRegistered) -> None:
    b.agency_kinds[p.agency_code] = p.kind


def _unit_added(b: _Builder, e: FactEvent, p: UnitAdded) -> None:
    # The directory says whose a unit or member is; an award folded before it only guessed
    # (facts of several agencies fold together for a ministry's decision).
    b.agencies[(_UNIT, p.unit_id)] = e.agency


def _business_year(event: FactEvent) -> int:
    """The year of the event's business time in Vietnam (dates are Vietnam midnights)."""
    return business_date(event.occurred_at).year


def _member_added(b: _Builder, e: FactEvent, p: MemberAdded) -> None:
    b.agencies[(_MEMBER, p.member_id)] = e.agency
    b.memberships[p.member_id].append(Membership(_business_year(e), p.unit_id))


def _member_moved(b: _Builder, e: FactEvent, p: MemberMoved) -> None:
    b.memberships[p.member_id].append(Membership(_business_year(e), p.to_unit_id))


def _member_transferred(b: _Builder, e: FactEvent, p: MemberTransferred) -> None:
    # In the receiving agency's name: the member is its own from then on, their history
    # (ratings, awards, holds) unchanged.
    b.agencies[(_MEMBER, p.member_id)] = e.agency
    b.memberships[p.member_id].append(Membership(p.on.year, p.to_unit_id))


def _unit_transferred(b: _Builder, e: FactEvent, p: UnitTransferred) -> None:
    b.agencies[(_UNIT, p.unit_id)] = e.agency


def _rating_recorded(b: _Builder, e: FactEvent, p: RatingRecorded) -> None:
    b.ratings[(p.member_id, p.year)] = p.rating
    b.agencies.setdefault((_MEMBER, p.member_id), e.agency)


def _unit_rating_recorded(b: _Builder, e: FactEvent, p: UnitRatingRecorded) -> None:
    b.unit_ratings[(p.unit_id, p.year)] = p.rating
    b.agencies.setdefault((_UNIT, p.unit_id), e.agency)


def _initiative_registered(b: _Builder, e: FactEvent, p: InitiativeRegistered) -> None:
    b.authors[p.initiative_id] = tuple(p.author_member_ids)


def _initiative_recognised(b: _Builder, e: FactEvent, p: InitiativeRecognised) -> None:
    b.recognitions.append((p.initiative_id, p.level, p.recognised_on.year))


def _hold_placed(b: _Builder, e: FactEvent, p: DisciplineHoldPlaced) -> None:
    subject = (RecipientKind(p.subject_kind.value), p.subject_id)
    b.holds[p.hold_id] = Hold(p.hold_id, subject, p.from_date, p.to_date)


def _hold_lifted(b: _Builder, e: FactEvent, p: DisciplineHoldLifted) -> None:
    subject = (RecipientKind(p.subject_kind.value), p.subject_id)
    placed = b.holds.get(p.hold_id)
    from_date = placed.from_date if placed is not None else p.to_date
    b.holds[p.hold_id] = Hold(p.hold_id, subject, from_date, p.to_date)


def _campaign_launched(b: _Builder, e: FactEvent, p: CampaignLaunched) -> None:
    last = p.end_date.year if p.end_date is not None else None
    b.campaigns[p.campaign_id] = CampaignFacts(
        p.campaign_id, p.title, e.agency, p.form, p.start_date.year, last, p.registration_required
    )


def _campaign_closed(b: _Builder, e: FactEvent, p: CampaignClosed) -> None:
    campaign = b.campaigns.get(p.campaign_id)
    if campaign is not None:
        last = min(campaign.last_year or p.closed_on.year, p.closed_on.year)
        b.campaigns[p.campaign_id] = replace(campaign, last_year=last)


def _registration_submitted(b: _Builder, e: FactEvent, p: RegistrationSubmitted) -> None:
    registrant = (RecipientKind(p.registrant_kind.value), p.registrant_id)
    b.registrations[p.registration_id] = Registration(
        p.registration_id,
        registrant,
        p.year,
        p.campaign_id,
        frozenset(p.award_codes),
        RegistrationStatus.AWAITING_APPROVAL,
    )


def _registration_approved(b: _Builder, e: FactEvent, p: RegistrationApproved) -> None:
    _set_status(b, p.registration_id, RegistrationStatus.APPROVED)


def _registration_returned(b: _Builder, e: FactEvent, p: RegistrationReturned) -> None:
    _set_status(b, p.registration_id, RegistrationStatus.RETURNED)


def _award_granted(b: _Builder, e: FactEvent, p: AwardGranted) -> None:
    b.granted[p.award_id] = GrantedAward(
        award_id=p.award_id,
        decision_id=p.decision_id,
        recipient_kind=p.recipient_kind,
        recipient_id=p.recipient_id,
        code=p.award_code,
        year_from=p.achievement_year_from,
        year_to=p.achievement_year_to,
        kind=p.commendation_kind,
        agency=e.agency,
        signed_on=p.decision_signed_on,
    )
    b.agencies.setdefault((p.recipient_kind, p.recipient_id), e.agency)


def _decision_issued(b: _Builder, e: FactEvent, p: DecisionIssued) -> None:
    b.numbers[p.decision_id] = p.number


def _award_revoked(b: _Builder, e: FactEvent, p: AwardRevoked) -> None:
    b.revoked.add(p.award_id)


def _decision_revoked(b: _Builder, e: FactEvent, p: DecisionRevoked) -> None:
    b.revoked.update(p.award_ids)
    b.revoked_decisions.add(p.decision_id)


def _set_status(b: _Builder, registration_id: str, status: RegistrationStatus) -> None:
    registration = b.registrations.get(registration_id)
    if registration is not None:
        b.registrations[registration_id] = replace(registration, status=status)


_HANDLERS: dict[type, Callable[[_Builder, FactEvent, Any], None]] = {
    AgencyRegistered: _agency_registered,
    UnitAdded: _unit_added,
    MemberAdded: _member_added,
    MemberMoved: _member_moved,
    MemberTransferred: _member_transferred,
    UnitTransferred: _unit_transferred,
    RatingRecorded: _rating_recorded,
    UnitRatingRecorded: _unit_rating_recorded,
    InitiativeRegistered: _initiative_registered,
    InitiativeRecognised: _initiative_recognised,
    DisciplineHoldPlaced: _hold_placed,
    DisciplineHoldLifted: _hold_lifted,
    CampaignLaunched: _campaign_launched,
    CampaignClosed: _campaign_closed,
    RegistrationSubmitted: _registration_submitted,
    RegistrationApproved: _registration_approved,
    RegistrationReturned: _registration_returned,
    DecisionIssued: _decision_issued,
    AwardGranted: _award_granted,
    AwardRevoked: _award_revoked,
    DecisionRevoked: _decision_revoked,
}


def fold_facts(events: Iterable[FactEvent]) -> Facts:
    """The facts established by ``events`` (in stored order); other event types are ignored.

    A decision revoked with ``DecisionRevoked`` loses every award it granted, listed or not.
    """
    builder = _Builder()
    for event in events:
        handler = _HANDLERS.get(type(event.payload))
        if handler is not None:
            handler(builder, event, event.payload)
    return builder.freeze()
