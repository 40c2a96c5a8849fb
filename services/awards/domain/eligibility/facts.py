"""What the eligibility engine knows: an immutable view folded from catalogue events.

Everything here is fact as recorded: ratings (members' and units' own), recognised initiatives,
who worked in which unit, discipline holds, registrations, campaigns and the awards still
standing (revoked ones are gone).
:func:`~services.awards.domain.eligibility.folding.fold_facts` builds it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from services.awards.domain.eligibility.layered import layered
from shared.envelope import EventPayload
from shared.events.vocabulary import (
    AgencyKind,
    CampaignForm,
    CommendationKind,
    InitiativeLevel,
    Rating,
    RecipientKind,
)

Recipient = tuple[RecipientKind, str]
"""Who an award, a hold or a registration is about: (kind, id)."""


class Enveloped(Protocol):
    """A typed catalogue event (e.g. ``AwardGrantedEvent``): envelope fields and its payload."""

    @property
    def agency(self) -> str: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def payload(self) -> EventPayload: ...


@dataclass(frozen=True, slots=True)
class FactEvent:
    """One event as the engine needs it: the payload and two fields of its envelope.

    ``occurred_at`` dates memberships (a member belongs to a unit from that year on);
    ``agency`` ties members, units, campaigns and awards to the tenant that recorded them.
    """

    payload: EventPayload
    occurred_at: datetime
    agency: str

    @classmethod
    def of(cls, event: Enveloped) -> FactEvent:
        """The fact event of a typed catalogue event, as the awards service stores them."""
        return cls(payload=event.payload, occurred_at=event.occurred_at, agency=event.agency)


PENDING_DECISION = "pending-decision"
"""Decision id of the awards of a decision being checked, not yet recorded."""


@dataclass(frozen=True, slots=True)
class GrantedAward:
    """An award that stands: granted and not revoked.

    ``decision_number`` and ``signed_on`` name its decision for the officer (số quyết định,
    ngày ký); the number is None while the decision's DecisionIssued is not known.
    """

    award_id: str
    decision_id: str
    recipient_kind: RecipientKind
    recipient_id: str
    code: str
    year_from: int
    year_to: int
    kind: CommendationKind
    agency: str
    decision_number: str | None = None
    signed_on: date | None = None

    @property
    def decision_vi(self) -> str:
        """Its decision as an officer names it: "quyết định số 15/QĐ-SCT ngày 20/01/2021"."""
        if self.decision_id == PENDING_DECISION:
            return "chính quyết định đang xét"
        number = f" số {self.decision_number}" if self.decision_number else ""
        day = f" ngày {self.signed_on.strftime('%d/%m/%Y')}" if self.signed_on else ""
        return f"quyết định{number}{day}"


@dataclass(frozen=True, slots=True)
class RecognisedInitiative:
    """One recognition of an initiative; it counts for the year it was recognised."""

    initiative_id: str
    level: InitiativeLevel
    year: int


@dataclass(frozen=True, slots=True)
class Hold:
    """Awards held for a unit or member from ``from_date``; open while ``to_date`` is None."""

    hold_id: str
    subject: Recipient
    from_date: date
    to_date: date | None

    def overlaps_years(self, first: int, last: int) -> bool:
        """Whether the hold touches any day of the years ``first``..``last``."""
        ends = self.to_date.year if self.to_date is not None else last
        return self.from_date.year <= last and ends >= first

    def covers(self, day: date) -> bool:
        """Whether ``day`` falls within the hold."""
        return self.from_date <= day and (self.to_date is None or day <= self.to_date)


class RegistrationStatus(StrEnum):
    """Where a registration stands: awaiting approval, approved or returned."""

    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    RETURNED = "returned"


@dataclass(frozen=True, slots=True)
class Registration:
    """A registration (đăng ký thi đua) for titles of a year, under a campaign or none."""

    registration_id: str
    registrant: Recipient
    year: int
    campaign_id: str | None
    codes: frozenset[str]
    status: RegistrationStatus


@dataclass(frozen=True, slots=True)
class CampaignFacts:
    """A campaign as far as eligibility cares: whose, when, and whether it needs registering."""

    campaign_id: str
    title: str
    agency: str
    form: CampaignForm
    first_year: int
    last_year: int | None
    registration_required: bool

    def runs_in(self, year: int) -> bool:
        """Whether the campaign runs during ``year``."""
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


@dataclass(frozen=True, slots=True)
class Membership:
    """A member works in ``unit_id`` from ``year`` on (until a later membership)."""

    year: int
    unit_id: str


@dataclass(frozen=True)
class Facts:
    """Everything the engine reads, as one immutable value; queries never change it."""

    ratings: Mapping[tuple[str, int], Rating]
    unit_ratings: Mapping[tuple[str, int], Rating]
    initiatives: Mapping[str, tuple[RecognisedInitiative, ...]]
    memberships: Mapping[str, tuple[Membership, ...]]
    agencies: Mapping[Recipient, str]
    agency_kinds: Mapping[str, AgencyKind]
    holds: tuple[Hold, ...]
    registrations: tuple[Registration, ...]
    campaigns: Mapping[str, CampaignFacts]
    awards: Mapping[Recipient, tuple[GrantedAward, ...]]
    _regular: _RegularCampaigns | None = dataclasses.field(default=None, compare=False, repr=False)
    """Found regular campaigns, shared by the copies that keep ``campaigns`` (see
    :meth:`regular_campaigns`)."""

    def __post_init__(self) -> None:
        # Made here, not when first asked: the copies a decision's judgement makes (one per
        # award, :meth:`with_awards`) are made before any asks, and must share what they find.
        regular = self._regular
        if regular is None or regular.campaigns is not self.campaigns:
            object.__setattr__(self, "_regular", _RegularCampaigns(self.campaigns))

    def rating(self, member_id: str, year: int) -> Rating | None:
        """The member's rating for ``year``, or None if none was recorded."""
        return self.ratings.get((member_id, year))

    def unit_rating(self, unit_id: str, year: int) -> Rating | None:
        """The unit's own rating for ``year``, or None if none was recorded."""
        return self.unit_ratings.get((unit_id, year))

    def awards_of(self, recipient: Recipient) -> tuple[GrantedAward, ...]:
        """Standing awards of a recipient, in the order they were granted."""
        return self.awards.get(recipient, ())

    def all_awards(self) -> Iterable[GrantedAward]:
        """Every standing award."""
        for awards in self.awards.values():
            yield from awards

    def initiatives_of(self, member_id: str) -> tuple[RecognisedInitiative, ...]:
        """Recognitions of initiatives the member authored."""
        return self.initiatives.get(member_id, ())

    def unit_of(self, member_id: str, year: int) -> str | None:
        """The member's unit at the end of ``year``: the last membership dated that year or
        earlier. The directory records when a member was entered, not when they joined, so
        the first membership also stands for the years before it."""
        memberships = self.memberships.get(member_id, ())
        unit = memberships[0].unit_id if memberships else None
        for membership in memberships:
            if membership.year <= year:
                unit = membership.unit_id
        return unit

    def members_of(self, unit_id: str, year: int) -> tuple[str, ...]:
        """Members of a unit at the end of ``year``, sorted."""
        return tuple(sorted(m for m in self.memberships if self.unit_of(m, year) == unit_id))

    def regular_campaigns(self, agency: str | None, year: int) -> tuple[CampaignFacts, ...]:
        """The regular campaigns of ``agency`` running in ``year``.

        Found once per agency and year for these campaigns: a decision's every award is
        judged on a copy of the facts with the others added (:meth:`with_awards`), and an
        agency may hold thousands of campaigns."""
        assert self._regular is not None  # made with the facts
        return self._regular.running(agency, year)

    def agency_of(self, recipient: Recipient) -> str | None:
        """The agency (tenant) a member or unit belongs to, if known."""
        return self.agencies.get(recipient)

    def holds_of(self, recipient: Recipient) -> tuple[Hold, ...]:
        """Discipline holds placed on a member or unit."""
        return tuple(h for h in self.holds if h.subject == recipient)

    def with_awards(self, extra: Iterable[GrantedAward]) -> Facts:
        """These facts plus awards not yet granted (e.g. the rest of a decision)."""
        added: dict[Recipient, tuple[GrantedAward, ...]] = {}
        for award in extra:
            key = (award.recipient_kind, award.recipient_id)
            added[key] = (*added.get(key, self.awards.get(key, ())), award)
        return dataclasses.replace(self, awards=layered(self.awards).grown(added))


class _RegularCampaigns:
    """The regular campaigns of one ``campaigns`` mapping by (agency, year), each found once."""

    def __init__(self, campaigns: Mapping[str, CampaignFacts]) -> None:
        self.campaigns = campaigns
        self._found: dict[tuple[str | None, int], tuple[CampaignFacts, ...]] = {}

    def running(self, agency: str | None, year: int) -> tuple[CampaignFacts, ...]:
        found = self._found.get((agency, year))
        if found is None:
            found = self._found[(agency, year)] = tuple(
                c
                for c in self.campaigns.values()
                if c.agency == agency and c.form is CampaignForm.REGULAR and c.runs_in(year)
            )
        return found
