"""The awards view's memo of parsed rows: bounded, most recently used kept."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from services.awards.domain.eligibility import FactEvent
from services.awards.localview.facts_loader import ParsedFacts
from shared.events import CampaignClosed


def fact(agency: str) -> FactEvent:
    payload = CampaignClosed(campaign_id="c-1", closed_on=datetime(2024, 12, 31).date())
    return FactEvent(payload=payload, occurred_at=datetime(2024, 12, 31, tzinfo=UTC), agency=agency)


def test_a_parsed_row_is_found_by_its_event_id() -> None:
    memo = ParsedFacts(capacity=2)
    memo.put(UUID(int=1), fact("01"))

    found = memo.get(UUID(int=1))

    assert found is not None
    assert found.agency == "01"
    assert memo.get(UUID(int=2)) is None


def test_the_least_recently_used_row_goes_first_when_full() -> None:
    memo = ParsedFacts(capacity=2)
    memo.put(UUID(int=1), fact("01"))
    memo.put(UUID(int=2), fact("02"))
    memo.get(UUID(int=1))  # used: kept

    memo.put(UUID(int=3), fact("03"))

    assert memo.get(UUID(int=2)) is None
    assert memo.get(UUID(int=1)) is not None
    assert memo.get(UUID(int=3)) is not None
