"""Builders for eligibility tests: a history of real event payloads, as the awards service
stores them, folded into facts.

The default agency is "01", Hà Nội's Department of Industry and Trade (seed 000).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import UTC, date, datetime

from services.awards.domain.eligibility import FactEvent, Facts, fold_facts
from shared.envelope import EventPayload
from shared.events import (
    AgencyRegistered,
    AwardGranted,
    AwardRevoked,
    CampaignLaunched,
    DecisionIssued,
    DecisionRevoked,
    DisciplineHoldLifted,
    DisciplineHoldPlaced,
    InitiativeRecognised,
    InitiativeRegistered,
    MemberAdded,
    MemberMoved,
    RatingRecorded,
    RegistrationApproved,
    RegistrationSubmitted,
    UnitAdded,
    UnitRatingRecorded,
)
from shared.events.vocabulary import (
    AgencyKind,
    CampaignForm,
    CommendationKind,
    InitiativeLevel,
    PositionGroup,
    Rating,
    RecipientKind,
    SubjectKind,
)
from shared.reference.awards import get_award

HA_NOI = "01"
UNIT = "u-qlcn"
"""Phòng Quản lý công nghiệp."""


class History:
    """Events appended in order; ``facts()`` folds them."""

    def __init__(self, agency: str = HA_NOI) -> None:
        self.agency = agency
        self.events: list[FactEvent] = []
        self._ids = itertools.count(1)

    def add(self, payload: EventPayload, on: date) -> None:
        at = datetime(on.year, on.month, on.day, 9, tzinfo=UTC)
        self.events.append(FactEvent(payload, at, self.agency))

    def new_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids)}"

    def facts(self) -> Facts:
        return fold_facts(self.events)

    def provincial_department(self) -> History:
        payload = AgencyRegistered(
            agency_code=self.agency,
            name="Sở Công Thương Hà Nội",
            kind=AgencyKind.PROVINCIAL_DEPARTMENT,
            province_code="01",
            province_list="63",
        )
        self.add(payload, date(2015, 1, 5))
        return self

    def add_agency_kind_ministry(self) -> History:
        payload = AgencyRegistered(
            agency_code=self.agency,
            name="Cục Công Thương địa phương",
            kind=AgencyKind.MINISTRY_UNIT,
        )
        self.add(payload, date(2015, 1, 5))
        return self

    def unit(self, unit_id: str = UNIT, year: int = 2015) -> str:
        self.add(UnitAdded(unit_id=unit_id, name="Phòng Quản lý công nghiệp"), date(year, 1, 5))
        return unit_id

    def member(self, member_id: str, unit_id: str = UNIT, year: int = 2015) -> str:
        payload = MemberAdded(
            member_id=member_id, unit_id=unit_id, position_group=PositionGroup.OFFICIAL
        )
        self.add(payload, date(year, 1, 10))
        return member_id

    def move(self, member_id: str, from_unit: str, to_unit: str, year: int) -> None:
        payload = MemberMoved(member_id=member_id, from_unit_id=from_unit, to_unit_id=to_unit)
        self.add(payload, date(year, 6, 1))

    def rate(self, member_id: str, years: Iterable[int], rating: Rating = Rating.HTTNV) -> None:
        for year in years:
            payload = RatingRecorded(member_id=member_id, year=year, rating=rating)
            self.add(payload, date(year, 12, 20))

    def rate_unit(
        self, years: Iterable[int], rating: Rating = Rating.HTTNV, unit_id: str = UNIT
    ) -> None:
        """The unit's own rating (xếp loại tập thể) for each of ``years``."""
        for year in years:
            payload = UnitRatingRecorded(unit_id=unit_id, year=year, rating=rating)
            self.add(payload, date(year, 12, 20))

    def initiative(
        self,
        member_id: str,
        year: int,
        level: InitiativeLevel = InitiativeLevel.GRASSROOTS,
        *,
        recognised_on: date | None = None,
    ) -> str:
        initiative_id = self.new_id("sk")
        title = "Số hóa hồ sơ cấp phép cụm công nghiệp"
        registered = InitiativeRegistered(
            initiative_id=initiative_id, title=title, author_member_ids=[member_id], year=year
        )
        self.add(registered, date(year, 3, 1))
        on = recognised_on or date(year, 11, 15)
        self.add(
            InitiativeRecognised(initiative_id=initiative_id, level=level, recognised_on=on), on
        )
        return initiative_id

    def award(
        self,
        recipient_id: str,
        code: str,
        year: int,
        *,
        year_from: int | None = None,
        kind: CommendationKind = CommendationKind.REGULAR,
        recipient_kind: RecipientKind = RecipientKind.MEMBER,
        decision_id: str | None = None,
        number: str | None = None,
    ) -> str:
        """Grant an award; with ``number``, its decision's DecisionIssued is recorded too."""
        award_id = self.new_id("aw")
        signed = date(year + 1, 1, 20)
        decision_id = decision_id or self.new_id("qd")
        if number is not None:
            self._issue(decision_id, number, signed, award_id, code, kind)
        payload = AwardGranted(
            award_id=award_id,
            decision_id=decision_id,
            recipient_kind=recipient_kind,
            recipient_id=recipient_id,
            award_code=code,
            commendation_kind=kind,
            granting_level=get_award(code).granting_level,
            achievement_year_from=year_from or year,
            achievement_year_to=year,
            decision_signed_on=signed,
        )
        self.add(payload, signed)
        return award_id

    def _issue(
        self,
        decision_id: str,
        number: str,
        signed: date,
        award_id: str,
        code: str,
        kind: CommendationKind,
    ) -> None:
        payload = DecisionIssued(
            decision_id=decision_id,
            number=number,
            signed_on=signed,
            issuing_authority="Giám đốc Sở Công Thương Hà Nội",
            authority_level=get_award(code).granting_level,
            commendation_kind=kind,
            award_ids=[award_id],
        )
        self.add(payload, signed)

    def awards(self, recipient_id: str, code: str, years: Iterable[int]) -> list[str]:
        return [self.award(recipient_id, code, year) for year in years]

    def revoke(self, award_id: str, decision_id: str = "qd-x") -> None:
        payload = AwardRevoked(
            award_id=award_id,
            decision_id=decision_id,
            reason="Kê khai thành tích không trung thực",
            revoked_on=date(2022, 5, 1),
        )
        self.add(payload, date(2022, 5, 1))

    def revoke_decision(self, decision_id: str, award_ids: list[str]) -> None:
        payload = DecisionRevoked(
            decision_id=decision_id,
            award_ids=award_ids,
            reason="Xét duyệt trái quy định",
            revoked_on=date(2022, 5, 1),
        )
        self.add(payload, date(2022, 5, 1))

    def hold(self, subject_id: str, from_date: date, to_date: date | None = None) -> str:
        hold_id = self.new_id("hold")
        payload = DisciplineHoldPlaced(
            hold_id=hold_id,
            subject_kind=SubjectKind.MEMBER,
            subject_id=subject_id,
            from_date=from_date,
            to_date=to_date,
        )
        self.add(payload, from_date)
        return hold_id

    def lift(self, hold_id: str, subject_id: str, to_date: date) -> None:
        payload = DisciplineHoldLifted(
            hold_id=hold_id, subject_kind=SubjectKind.MEMBER, subject_id=subject_id, to_date=to_date
        )
        self.add(payload, to_date)

    def campaign(
        self,
        *,
        start: date = date(2021, 1, 15),
        registration_required: bool = True,
        form: CampaignForm = CampaignForm.REGULAR,
    ) -> str:
        campaign_id = self.new_id("pt")
        payload = CampaignLaunched(
            campaign_id=campaign_id,
            title="Thi đua thực hiện thắng lợi nhiệm vụ chính trị năm 2021",
            form=form,
            scope="sector_local",
            launching_level="ministry_province",
            launching_agency=self.agency,
            start_date=start,
            registration_required=registration_required,
        )
        self.add(payload, start)
        return campaign_id

    def register(
        self,
        member_id: str,
        year: int,
        codes: list[str],
        *,
        campaign_id: str | None = None,
        approve: bool = True,
    ) -> str:
        registration_id = self.new_id("dk")
        payload = RegistrationSubmitted(
            registration_id=registration_id,
            registrant_kind=SubjectKind.MEMBER,
            registrant_id=member_id,
            year=year,
            campaign_id=campaign_id,
            award_codes=codes,
        )
        self.add(payload, date(year, 2, 1))
        if approve:
            self.add(RegistrationApproved(registration_id=registration_id), date(year, 2, 15))
        return registration_id


def lan(history: History, member_id: str = "m-lan") -> str:
    """A member of Hà Nội's department with the record of seed 000's era: LĐTT 2016–2020,
    CSTĐCS 2017–2019 on grassroots initiatives, an initiative recognised by the city in 2019,
    HTXSNV 2017–2019 and HTTNV otherwise."""
    history.member(member_id)
    history.rate(member_id, [2016, 2020])
    history.rate(member_id, [2017, 2018, 2019], Rating.HTXSNV)
    for year in (2017, 2018, 2019):
        history.initiative(member_id, year)
    history.initiative(member_id, 2019, InitiativeLevel.MINISTRY_PROVINCE)
    history.awards(member_id, "LDTT", range(2016, 2021))
    history.awards(member_id, "CSTDCS", range(2017, 2020))
    return member_id
