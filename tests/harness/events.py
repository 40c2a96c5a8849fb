"""Building valid catalogue events as raw Kafka values for tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from shared.envelope import EventEnvelope
from shared.events import CampaignLaunched, new_event


def campaign_launched(
    agency: str = "01", *, title: str = "Phong trào thi đua yêu nước", year: int = 2019
) -> EventEnvelope:
    """A valid CampaignLaunched envelope, as the registry would publish it."""
    campaign_id = str(uuid.uuid4())
    payload = CampaignLaunched(
        campaign_id=campaign_id,
        title=title,
        form="regular",
        scope="sector_local",
        launching_level="ministry_province",
        launching_agency=agency,
        start_date=date(year, 1, 15),
    )
    event = new_event(payload, occurred_at=datetime(year, 1, 15, tzinfo=UTC))
    return EventEnvelope(
        **event.model_dump(),
        agency=agency,
        stream_id=f"campaign-{campaign_id}",
        stream_version=1,
        recorded_at=datetime.now(UTC),
        actor="test",
        correlation_id=uuid.uuid4(),
    )


def raw(envelope: EventEnvelope, **overrides: Any) -> bytes:
    """The envelope's JSON, with top-level fields replaced (to forge bad events)."""
    import orjson

    body = orjson.loads(envelope.to_json())
    body.update(overrides)
    return orjson.dumps(body)
