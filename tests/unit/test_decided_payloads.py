"""A command's inline projection reads the payloads the command decided, never another's."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime

from shared.application.decided import deciding, payload_of, remember_decided
from shared.events import CampaignLaunched, new_event, parse_envelope
from shared.events.vocabulary import CampaignForm, CampaignScope, LaunchingLevel
from shared.eventstore import RecordedEvent

AT = datetime(2024, 3, 1, 2, tzinfo=UTC)


def launched(title: str) -> CampaignLaunched:
    return CampaignLaunched(
        campaign_id=f"c-{uuid.uuid4()}",
        title=title,
        form=CampaignForm.REGULAR,
        scope=CampaignScope.UNIT,
        launching_level=LaunchingLevel.UNIT,
        launching_agency="01",
        start_date=date(2024, 3, 1),
    )


def recorded(payload: CampaignLaunched) -> RecordedEvent:
    event = new_event(payload, occurred_at=AT)
    return RecordedEvent(
        **event.model_dump(),
        agency="01",
        stream_id=f"campaign-{payload.campaign_id}",
        stream_version=1,
        recorded_at=AT,
        actor="tester",
        correlation_id=uuid.uuid4(),
        position=1,
    )


def test_the_decided_payload_is_what_parsing_gives_back() -> None:
    payload = launched("Thi đua hoàn thành kế hoạch năm 2024")
    event = recorded(payload)

    with deciding():
        remember_decided([(event.event_id, payload)])
        assert payload_of(event) is payload
    assert payload_of(event) == payload == parse_envelope(event).payload
    assert payload_of(event) is not payload


def test_outside_a_command_nothing_is_remembered() -> None:
    payload = launched("Phong trào tiết kiệm năng lượng")
    event = recorded(payload)

    remember_decided([(event.event_id, payload)])

    assert payload_of(event) is not payload
    assert payload_of(event) == payload


async def test_concurrent_commands_see_only_their_own() -> None:
    first, second = launched("Thi đua số 1"), launched("Thi đua số 2")
    events = recorded(first), recorded(second)
    seen: dict[str, list[bool]] = {}

    async def command(name: str, payload: CampaignLaunched, event: RecordedEvent) -> None:
        with deciding():
            remember_decided([(event.event_id, payload)])
            await asyncio.sleep(0)  # the other command runs meanwhile
            seen[name] = [payload_of(e) is p for e, p in zip(events, (first, second), strict=True)]

    await asyncio.gather(command("first", first, events[0]), command("second", second, events[1]))

    assert seen == {"first": [True, False], "second": [False, True]}
