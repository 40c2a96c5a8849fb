"""The event catalogue: every event round-trips, the union discriminates, bad input is typed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

import orjson
import pytest
from pydantic import ValidationError

from shared.envelope import EventEnvelope, EventPayload
from shared.events import (
    EVENT_ADAPTER,
    PAYLOADS,
    TOPIC_OF,
    AgencyRegistered,
    AwardGranted,
    CampaignLaunched,
    InvalidEvent,
    Nominee,
    RegistrationSubmitted,
    RegistrationSubmittedV1,
    UnknownEventType,
    UnsupportedSchemaVersion,
    new_event,
    parse_envelope,
    parse_event,
    topic_of,
)
from shared.events import awards as aw
from shared.events import registry as rg

WHEN = datetime(2024, 12, 20, 9, 0, tzinfo=UTC)
NOMINEE = {"nominee_kind": "member", "nominee_id": "m-1", "award_code": "BK_BO"}
VOTE = {
    "nominee_id": "m-1",
    "award_code": "BK_BO",
    "votes_for": 7,
    "votes_against": 0,
    "approved": True,
}
CAMPAIGN = {
    "campaign_id": "c-1",
    "title": "Phong trào thi đua yêu nước năm 2024",
    "form": "regular",
    "scope": "sector_local",
    "launching_level": "ministry_province",
    "launching_agency": "bct",
    "start_date": date(2024, 1, 1),
}
AWARD = {
    "award_id": "a-1",
    "decision_id": "d-1",
    "recipient_kind": "member",
    "recipient_id": "m-1",
    "award_code": "CSTDCS",
    "commendation_kind": "regular",
    "granting_level": "unit",
    "achievement_year_from": 2024,
    "achievement_year_to": 2024,
    "decision_signed_on": date(2024, 12, 20),
}
SAMPLES: list[EventPayload] = [
    rg.AgencyRegistered(
        agency_code="sct-06",
        name="Sở Công Thương Bắc Kạn",
        kind="provincial_department",
        province_code="06",
        province_list="63",
    ),
    rg.UnitAdded(unit_id="u-1", parent_unit_id=None, name="Phòng Quản lý công nghiệp"),
    rg.UnitRenamed(unit_id="u-1", name="Phòng Quản lý năng lượng"),
    rg.MemberAdded(member_id="m-1", unit_id="u-1", position_group="official"),
    rg.MemberMoved(member_id="m-1", from_unit_id="u-1", to_unit_id="u-2"),
    rg.AgencyContinued(
        on=date(2025, 7, 1),
        province_code="01",
        province_list="34",
        legal_basis="Nghị quyết 202/2025/QH15",
    ),
    rg.AgencyMerged(
        on=date(2025, 7, 1), predecessor_codes=["24", "27"], legal_basis="Nghị quyết 202/2025/QH15"
    ),
    rg.AgencyOwnershipAssigned(
        agency_code="01",
        instance="sct-01",
        previous_instance="national",
        sequence=1,
        legal_basis="Quyết định 123/QĐ-BCT",
    ),
    rg.AgencyCeased(
        ceased_on=date(2025, 6, 30),
        successor_code="SCT34-24",
        legal_basis="Nghị quyết 202/2025/QH15",
    ),
    rg.UnitTransferred(
        unit_id="u-1", from_agency="24", on=date(2025, 7, 1), legal_basis="Nghị quyết 202/2025/QH15"
    ),
    rg.MemberTransferred(
        member_id="m-1",
        from_agency="24",
        from_unit_id="u-1",
        to_unit_id="u-9",
        on=date(2025, 7, 1),
        legal_basis="Quyết định 12/QĐ-UBND",
    ),
    rg.MemberErased(member_id="m-1"),
    rg.BlocFormed(bloc_id="b-1", name="Cụm thi đua số 1", kind="agencies", member_ids=["a", "b"]),
    rg.PactSigned(pact_id="p-1", bloc_id="b-1", year=2024, signatory_ids=["a", "b"]),
    rg.CampaignLaunched(**CAMPAIGN),
    rg.CampaignReviewed(campaign_id="c-1", stage="interim", review_date=date(2024, 7, 1)),
    rg.CampaignClosed(campaign_id="c-1", closed_on=date(2024, 12, 31)),
    rg.RegistrationSubmitted(
        registration_id="r-1",
        registrant_kind="member",
        registrant_id="m-1",
        year=2024,
        award_codes=["LDTT", "CSTDCS"],
    ),
    rg.RegistrationApproved(registration_id="r-1"),
    rg.RegistrationReturned(registration_id="r-1", reason="Thiếu chữ ký"),
    rg.InitiativeRegistered(
        initiative_id="i-1", title="Sáng kiến", author_member_ids=["m-1"], year=2024
    ),
    rg.InitiativeRecognised(
        initiative_id="i-1", level="grassroots", recognised_on=date(2024, 11, 1)
    ),
    rg.RatingRecorded(member_id="m-1", year=2024, rating="HTXSNV"),
    rg.UnitRatingRecorded(unit_id="u-1", year=2024, rating="HTTNV"),
    rg.DisciplineHoldPlaced(
        hold_id="h-1", subject_kind="member", subject_id="m-1", from_date=date(2024, 3, 1)
    ),
    rg.DisciplineHoldLifted(
        hold_id="h-1", subject_kind="member", subject_id="m-1", to_date=date(2024, 9, 1)
    ),
    aw.ProposalSubmitted(
        proposal_id="p-1",
        nominees=[{**NOMINEE, "achievement_year": 2024}],
        commendation_kind="regular",
        addressed_to="ministry_province",
    ),
    aw.ProposalReviewed(proposal_id="p-1", reviewed_on=date(2024, 12, 1), votes=[VOTE]),
    aw.ProposalReturned(proposal_id="p-1", reason="Hồ sơ chưa đủ"),
    aw.ProposalForwarded(proposal_id="p-1", to_level="prime_minister"),
    aw.DecisionIssued(
        decision_id="d-1",
        number="123/QĐ-SCT",
        signed_on=date(2024, 12, 20),
        issuing_authority="Sở Công Thương Bắc Kạn",
        authority_level="unit",
        commendation_kind="regular",
        award_ids=["a-1"],
    ),
    aw.AwardGranted(**AWARD),
    aw.AwardRevoked(
        award_id="a-1", decision_id="d-1", reason="Gian dối", revoked_on=date(2025, 1, 5)
    ),
    aw.DecisionRevoked(
        decision_id="d-1", award_ids=["a-1"], reason="Gian dối", revoked_on=date(2025, 1, 5)
    ),
]


def envelope_of(payload: EventPayload, **overrides: Any) -> dict[str, Any]:
    event = new_event(payload, occurred_at=WHEN)
    envelope = EventEnvelope(
        event_id=event.event_id,
        event_type=event.event_type,
        schema_version=event.schema_version,
        agency="sct-06",
        stream_id=str(uuid4()),
        stream_version=1,
        occurred_at=event.occurred_at,
        recorded_at=WHEN,
        actor="officer-1",
        correlation_id=uuid4(),
        payload=event.payload,
    )
    return {**envelope.model_dump(mode="json"), **overrides}


def test_samples_cover_every_event_type() -> None:
    assert sorted(type(p).event_type for p in SAMPLES) == sorted(PAYLOADS)


@pytest.mark.parametrize("payload", SAMPLES, ids=lambda p: type(p).__name__)
def test_every_event_round_trips_through_json(payload: EventPayload) -> None:
    raw = orjson.dumps(envelope_of(payload))
    event = parse_event(raw)
    assert type(event).__name__ == f"{payload.event_type}Event"
    assert event.payload == payload


def test_parse_event_accepts_a_dict_and_an_envelope() -> None:
    envelope = envelope_of(SAMPLES[0])
    assert parse_event(envelope) == parse_envelope(EventEnvelope.model_validate(envelope))


def test_typed_event_keeps_every_field_of_the_plain_envelope() -> None:
    envelope = envelope_of(AwardGranted(**AWARD))
    assert parse_event(envelope).model_dump(mode="json") == envelope
    assert EventEnvelope.model_validate(envelope).model_dump(mode="json") == envelope


def test_every_type_has_a_topic() -> None:
    assert set(TOPIC_OF) == set(PAYLOADS)
    assert topic_of("AwardGranted") == "awards"
    assert topic_of("CampaignLaunched") == "registry"


def test_the_union_documents_itself() -> None:
    schema = EVENT_ADAPTER.json_schema()
    assert set(schema["discriminator"]["mapping"]) == set(PAYLOADS)


def test_unknown_event_type_is_typed() -> None:
    with pytest.raises(UnknownEventType, match="PrizeWon"):
        parse_event(envelope_of(SAMPLES[0], event_type="PrizeWon"))


def test_future_schema_version_is_unsupported() -> None:
    with pytest.raises(UnsupportedSchemaVersion, match="v9"):
        parse_event(envelope_of(SAMPLES[0], schema_version=9))


def test_invalid_payload_is_typed() -> None:
    envelope = envelope_of(AwardGranted(**AWARD))
    envelope["payload"]["achievement_year_from"] = 1800
    with pytest.raises(InvalidEvent, match="achievement_year_from"):
        parse_event(envelope)


def test_missing_envelope_field_is_invalid() -> None:
    envelope = envelope_of(SAMPLES[0])
    del envelope["correlation_id"]
    with pytest.raises(InvalidEvent, match="correlation_id"):
        parse_event(envelope)


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'{"schema_version": 1}'])
def test_garbage_is_invalid(raw: bytes) -> None:
    with pytest.raises(InvalidEvent):
        parse_event(raw)


def test_an_added_payload_field_is_ignored() -> None:
    envelope = envelope_of(SAMPLES[0])
    envelope["payload"]["added_later"] = "x"
    assert parse_event(envelope).payload == SAMPLES[0]


def test_new_event_rejects_naive_time_and_old_versions() -> None:
    with pytest.raises(ValueError, match="timezone"):
        new_event(SAMPLES[0], occurred_at=datetime(2024, 1, 1))
    old = RegistrationSubmittedV1(
        registration_id="r", registrant_kind="unit", registrant_id="u", year=2020, award_code="LDTT"
    )
    with pytest.raises(UnsupportedSchemaVersion):
        new_event(old, occurred_at=WHEN)


def test_campaign_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="end_date"):
        CampaignLaunched(**{**CAMPAIGN, "end_date": date(2023, 12, 31)})


@pytest.mark.parametrize("codes", [[], ["LDTT", "LDTT"], ["ldtt"]])
def test_registration_needs_distinct_codes(codes: list[str]) -> None:
    with pytest.raises(ValidationError):
        RegistrationSubmitted(
            registration_id="r",
            registrant_kind="unit",
            registrant_id="u",
            year=2024,
            award_codes=codes,
        )


def test_province_code_must_exist_in_its_list() -> None:
    with pytest.raises(ValidationError, match="34 list"):
        AgencyRegistered(
            agency_code="sct-27",
            name="Sở Công Thương Bắc Ninh",
            kind="provincial_department",
            province_code="27",
            province_list="34",
        )


@pytest.mark.parametrize(
    "years",
    [{}, {"achievement_year": 2024, "period_from": 2020, "period_to": 2024}, {"period_from": 2020}],
)
def test_nominee_needs_one_year_or_one_period(years: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        Nominee(**NOMINEE, **years)


def test_nominee_period_gives_its_years() -> None:
    assert Nominee(**NOMINEE, period_from=2016, period_to=2020).years == (2016, 2020)
