"""A registration a merged department received stays its own in reporting while its successor
decides and resubmits it (issue 15): the counters move between statuses, never to the
successor, whether the events arrive in one batch or in several."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.projections.tables import registrants_by_year, registration_counts
from shared.envelope import EventEnvelope
from shared.events import RegistrationApproved, RegistrationReturned, RegistrationSubmitted
from tests.harness.reporting_events import counters, envelope, feed, reporting_consumer

BAC_GIANG, SUCCESSOR = "24", "SCT34-24"


def submitted(registration_id: str, codes: list[str], agency: str, day: date) -> EventEnvelope:
    payload = RegistrationSubmitted(
        registration_id=registration_id,
        registrant_kind="member",
        registrant_id=f"m-{registration_id}",
        year=2025,
        award_codes=codes,
    )
    return envelope(payload, agency=agency, day=day)


def history() -> list[EventEnvelope]:
    """Bắc Giang received two in March; after 1 July its successor approved one, returned
    the other and took it back with another title."""
    return [
        submitted("r-1", ["CSTDCS"], BAC_GIANG, date(2025, 3, 2)),
        submitted("r-2", ["CSTDCS"], BAC_GIANG, date(2025, 3, 2)),
        envelope(
            RegistrationApproved(registration_id="r-1"), agency=SUCCESSOR, day=date(2025, 8, 1)
        ),
        envelope(
            RegistrationReturned(registration_id="r-2", reason="Bổ sung"),
            agency=SUCCESSOR,
            day=date(2025, 8, 1),
        ),
        submitted("r-2", ["LDTT"], SUCCESSOR, date(2025, 8, 5)),
    ]


@pytest.mark.parametrize("batched", [True, False], ids=["one-batch", "event-by-event"])
async def test_the_successor_s_decisions_count_under_the_predecessor(
    reporting_db: AsyncEngine, batched: bool
) -> None:
    events = history()
    batches = [events] if batched else [[event] for event in events]

    await feed(reporting_consumer(reporting_db), *batches)

    assert await counters(reporting_db, registration_counts, "agency", "status") == {
        (BAC_GIANG, "approved"): 1,
        (BAC_GIANG, "submitted"): 1,
    }
    assert await counters(reporting_db, registrants_by_year, "agency", "award_code") == {
        (BAC_GIANG, "CSTDCS"): 1,
        (BAC_GIANG, "LDTT"): 1,
    }
